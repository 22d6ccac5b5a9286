"""The flight deck's figures the way a typical Streamlit app would work them out, beside this
engine (issue 16, item 3).

"A typical app": pandas reads the tables from CSV files and works out every flight-deck figure
(metrics.md section 2) for the period and the previous period, again on every rerun (a filter
change). Its pandas is the suite's own second route to every metric, written from metrics.md
alone (`tests/test_backtest_pandas.flight_deck`), so the two sides give the same figures: the
script checks that they do before it times them. Its CSV files are the clean tables of the
ingested version (written once from the store's Parquet), not the raw extract: pandas is given
data it can read without the ingest's checks, which is the kinder comparison for it.

"This engine": the version loaded once (as the dashboard's cache keeps it), then the same
figures through `compute_metrics` for the two periods on each rerun.

    .venv/bin/python benchmarks/pandas_side_by_side.py --sizes 100k,1M --runs 3

Prints, for each size: the pandas rerun (read + compute, and the compute alone as if the
frames were cached too), the engine's first load and its rerun, and the ratios.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import SIZES, machine, median, unmarked  # noqa: E402

from dashboard import periods  # noqa: E402
from dashboard.figures.engine import Engine  # noqa: E402
from dashboard.figures.metrics import compute_metrics  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from dashboard.ingest import pipeline  # noqa: E402
from dashboard.store.versions import Store  # noqa: E402
from tests.test_backtest_pandas import (  # noqa: E402
    DATE_COLUMNS,
    REFERENCE,
    flight_deck,
    same,
)

TABLES = (*DATE_COLUMNS, "breaches")


def write_csvs(version_dir: Path, folder: Path) -> None:
    """The version's tables as plain CSV files, as an analyst's export would give them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        pd.read_parquet(version_dir / f"{name}.parquet").to_csv(folder / f"{name}.csv", index=False)


def read_csvs(folder: Path) -> dict[str, pd.DataFrame]:
    """What a typical app does on each run: read every table, parse its dates, name each
    crime's subgroup from the offence codes."""
    frames = {}
    for name in TABLES:
        dates = DATE_COLUMNS.get(name, [])
        frames[name] = pd.read_csv(
            folder / f"{name}.csv", parse_dates=dates, dtype={"outcome_code": str}
        )
    codes = pd.read_csv(REFERENCE / "ho_sexual_offence_codes.csv", dtype=str)
    subgroup = dict(zip(codes["code"], codes["subgroup"], strict=True))
    frames["crimes"]["subgroup"] = frames["crimes"]["ho_offence_code"].map(subgroup)
    return frames


def timed(work, runs: int) -> tuple[float, object]:
    """The median of `runs` timings of work(), and its last result."""
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - start)
    return median(seconds), result


def one_size(size: str, runs: int, work: Path) -> dict:
    store = Store(work / f"store-{size}")
    version, upload = pipeline.ingest(store, [unmarked(size)], uploader="benchmark")
    assert not upload.report.has_errors, upload.report.as_text()
    version_dir = store.version_dir(version)
    as_at = date.fromisoformat(store.manifest(version)["as_at"])
    period = periods.last_complete_financial_year(as_at)
    spans = (period, periods.previous_period(period))
    csvs = work / f"csv-{size}"
    write_csvs(version_dir, csvs)

    def pandas_rerun():
        frames = read_csvs(csvs)
        return [flight_deck(frames, p, Filters()) for p in spans]

    frames = read_csvs(csvs)
    pandas_total, by_pandas = timed(pandas_rerun, runs)
    pandas_compute, _ = timed(lambda: [flight_deck(frames, p, Filters()) for p in spans], runs)

    start = time.perf_counter()
    with Engine(version_dir, "side-by-side") as engine:
        compute_metrics(engine, period, Filters())
        engine_first = time.perf_counter() - start
        engine_rerun, by_engine = timed(
            lambda: [compute_metrics(engine, p, Filters()) for p in spans], runs
        )
    wrong = [
        (key, mine[key], theirs[key])
        for mine, theirs in zip(by_engine, by_pandas, strict=True)
        for key in theirs
        if not same(theirs[key], mine[key])
    ]
    return {
        "size": size,
        "crimes": SIZES.get(size),
        "pandas_rerun": pandas_total,
        "pandas_compute": pandas_compute,
        "engine_first": engine_first,
        "engine_rerun": engine_rerun,
        "agree": not wrong,
        "wrong": wrong[:5],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated: 10k, 100k, 1M")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    print(
        "| crimes | pandas: read CSVs + figures, a rerun | pandas: figures only | engine: "
        "first load + figures | engine: a rerun | rerun ratio (pandas / engine) | same figures |"
    )
    print("|---|---|---|---|---|---|---|")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            r = one_size(size, args.runs, Path(tmp))
            ok &= r["agree"]
            print(
                f"| {size} | {r['pandas_rerun']:.2f} s | {r['pandas_compute']:.2f} s | "
                f"{r['engine_first']:.2f} s | {r['engine_rerun'] * 1000:.0f} ms | "
                f"{r['pandas_rerun'] / r['engine_rerun']:.0f}x | "
                f"{'yes' if r['agree'] else 'NO: ' + repr(r['wrong'])} |",
                flush=True,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
