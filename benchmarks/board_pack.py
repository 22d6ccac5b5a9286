"""Benchmark of the board pack: `flightdeck report` for a year, as a leader and as scrutiny.

    .venv/bin/python benchmarks/board_pack.py [--size 1M] [--runs 1]

Generates the synthetic extract of that size once (`common.unmarked`, benchmarks/out/,
git-ignored), ingests it into a fresh store with `flightdeck ingest`, then times
`flightdeck report` for the last complete financial year (the command's default) with
`--role leader` and `--role scrutiny`, each a process of its own from start-up to the audited
file in place (median of runs). Peak memory is the largest resident set of the flightdeck
process and of the Chromium processes it started and waited for (`wait4`: the largest single
process, not their sum). Prints a table; copy it into docs/performance.md with the machine line.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, PY, SIZES, machine, median, run_child, unmarked  # noqa: E402

ROLES = ("leader", "scrutiny")


def ingest(size: str) -> tuple[Path, float]:
    """A fresh store holding the extract; the seconds the ingest took."""
    store = OUT / f"store-board-pack-{size}"
    shutil.rmtree(store, ignore_errors=True)
    folder = unmarked(size)  # real data has no marker: nothing to prove
    seconds, _, _ = run_child(
        [PY, "-m", "dashboard.cli", "ingest", str(folder), "--store", str(store)]
    )
    return store, seconds


def report(store: Path, role: str, runs: int) -> dict:
    """`flightdeck report` as `role`: median seconds, peak MB, pages and bytes of the PDF."""
    out = OUT / f"board-pack-{role}.pdf"
    seconds, peaks, printed = [], [], ""
    for _ in range(runs):
        out.unlink(missing_ok=True)
        args = ["report", "--store", str(store), "--role", role, "-o", str(out)]
        s, mb, printed = run_child([PY, "-m", "dashboard.cli", *args])
        seconds.append(s)
        peaks.append(mb)
    pages = printed.split("(", 1)[1].split(" ", 1)[0] if "(" in printed else "?"
    return {
        "role": role,
        "seconds": median(seconds),
        "peak_mb": max(peaks),
        "pages": pages,
        "kb": out.stat().st_size / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1M", choices=tuple(SIZES))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    store, ingest_s = ingest(args.size)
    print(f"Ingest of the {args.size} extract: {ingest_s:.1f} s (not part of the pack's time)")
    print("| crimes | role | `flightdeck report` (median) | peak memory | pages | PDF size |")
    print("|---|---|---|---|---|---|")
    for role in ROLES:
        r = report(store, role, args.runs)
        print(
            f"| {args.size} | {r['role']} | {r['seconds']:.1f} s | {r['peak_mb']:.0f} MB | "
            f"{r['pages']} | {r['kb']:.0f} KB |",
            flush=True,
        )
    shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
