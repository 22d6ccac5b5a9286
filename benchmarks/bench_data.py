"""Benchmark of the data layer: ingest, a full metrics run, and DuckDB's bare read_csv floor.

    .venv/bin/python benchmarks/bench_data.py [--sizes 10k,100k,1M] [--runs 3]

For each size: generates a synthetic extract once (benchmarks/out/, git-ignored), then times
`flightdeck ingest` into a fresh store (median of runs, peak memory of the process), a warm
`compute_metrics` for one financial year (median of 10 runs in one process, after one warm-up),
and DuckDB reading the same CSV files into memory (the floor an ingest cannot beat). Prints a
table; copy it into docs/performance.md with the machine line.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, PY, machine, median, run_child, unmarked  # noqa: E402

METRICS_CHILD = """
import statistics, sys, time
from datetime import date
from dashboard.figures.disruption import RepeatRule, compute_disruption
from dashboard.figures.engine import engine_for
from dashboard.filters import Filters
from dashboard.figures.metrics import compute_metrics
from dashboard.periods import financial_year
from dashboard.store.versions import Store
store = Store(sys.argv[1]); v = store.current_id()
t0 = time.perf_counter(); engine = engine_for(store.version_dir(v), v)
load = time.perf_counter() - t0
period = financial_year(2024)
def every_metric():  # what `flightdeck metrics --json` prints: §2 and §3
    compute_metrics(engine, period)
    compute_disruption(engine, period, Filters(), RepeatRule())
every_metric()
runs = []
for _ in range(10):
    t0 = time.perf_counter(); every_metric(); runs.append(time.perf_counter() - t0)
print(load, statistics.median(runs))
"""

READ_CHILD = """
import sys, duckdb, glob
con = duckdb.connect()
for i, path in enumerate(sorted(glob.glob(sys.argv[1] + '/*.csv'))):
    con.execute(f"create table t{i} as select * from read_csv($p, delim=',', quote='\\"', "
                "header=true)", {"p": path})
"""


def bench(size: str, runs: int) -> dict:
    folder = unmarked(size)  # real data has no marker: nothing to prove
    ingest_s, ingest_mb = [], []
    for i in range(runs):
        store = OUT / f"store-{size}-{i}"
        shutil.rmtree(store, ignore_errors=True)
        seconds, mb, _ = run_child(
            [PY, "-m", "dashboard.cli", "ingest", str(folder), "--store", str(store)]
        )
        ingest_s.append(seconds)
        ingest_mb.append(mb)
    read_s = [run_child([PY, "-c", READ_CHILD, str(folder)])[0] for _ in range(runs)]
    seconds, metrics_mb, out = run_child([PY, "-c", METRICS_CHILD, str(OUT / f"store-{size}-0")])
    load, warm = (float(x) for x in out.split())
    for i in range(runs):
        shutil.rmtree(OUT / f"store-{size}-{i}", ignore_errors=True)
    ingest, floor = median(ingest_s), median(read_s)
    return {
        "size": size,
        "ingest_s": ingest,
        "read_csv_s": floor,
        "ratio": ingest / floor,
        "ingest_peak_mb": max(ingest_mb),
        "engine_load_s": load,
        "metrics_warm_s": warm,
        "metrics_peak_mb": metrics_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    print(
        "| crimes | ingest (median) | bare read_csv | ratio | ingest peak memory | "
        "engine load | full metrics run, warm (median) | metrics process peak memory |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size in args.sizes.split(","):
        r = bench(size, args.runs)
        print(
            f"| {r['size']} | {r['ingest_s']:.2f} s | {r['read_csv_s']:.2f} s | "
            f"{r['ratio']:.1f}× | {r['ingest_peak_mb']:.0f} MB | {r['engine_load_s']:.2f} s | "
            f"{r['metrics_warm_s'] * 1000:.0f} ms | {r['metrics_peak_mb']:.0f} MB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
