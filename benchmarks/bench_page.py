"""Benchmark of the flight deck page's server-side run (Streamlit AppTest, no browser).

    .venv/bin/python benchmarks/bench_page.py [--sizes 10k,1M] [--runs 5] [--roles none,scrutiny]

For each size: ingests the synthetic extract (benchmarks/out/) into a fresh store, then, in one
process as a server would: the first render (loads the data version), a re-render of the same
view (all cached), and filter changes, each a new filter value the caches have not seen (median
over `runs` different filter values). Prints a table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, ROOT, extract, machine, median  # noqa: E402

APP = str(ROOT / "dashboard" / "app" / "streamlit_app.py")
# Filter changes a user makes one after another; each is a view the caches have not seen.
CHANGES = [
    ("w_subgroup@en", "rape"),
    ("w_local_authority@en", "W06000022"),
    ("w_age_band@en", "under16"),
    ("w_domestic_abuse@en", "yes"),
    ("w_subgroup@en", "other"),
    ("w_local_authority@en", "W06000018"),
    ("w_age_band@en", "16plus"),
]


def timed(at) -> float:
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return seconds


def bench(size: str, runs: int, role: str | None = None) -> dict:
    from streamlit.testing.v1 import AppTest

    from dashboard.ingest import pipeline
    from dashboard.store.versions import Store
    from dashboard.synth import proof

    store = OUT / f"page-store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    pipeline.ingest(Store(store), [extract(size)], regenerate=proof.regenerate)  # synthetic
    os.environ["FLIGHTDECK_STORE"] = str(store)
    os.environ.pop("FLIGHTDECK_DEMO_ROLE", None)
    if role:  # e.g. scrutiny: every figure also goes through disclosure control
        os.environ["FLIGHTDECK_DEMO_ROLE"] = role
    at = AppTest.from_file(APP, default_timeout=600)
    first = timed(at)
    warm = timed(at)
    changes = []
    for key, value in CHANGES[:runs]:
        at.selectbox(key=key).set_value(value)
        changes.append(timed(at))
    shutil.rmtree(store, ignore_errors=True)
    return {
        "size": size,
        "role": role or "no sign-in (exact figures)",
        "first": first,
        "warm": warm,
        "change": median(changes),
        "worst": max(changes),
        "n": len(changes),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10k,1M")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--roles", default="none,scrutiny", help="none (exact figures) and/or demo roles"
    )
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    print(
        "| crimes | role | first render (loads the version) | same view again | filter change "
        "(median) | filter change (worst) |"
    )
    print("|---|---|---|---|---|---|")
    for size in args.sizes.split(","):
        for role in args.roles.split(","):
            r = bench(size, args.runs, None if role == "none" else role)
            print(
                f"| {r['size']} | {r['role']} | {r['first']:.2f} s | {r['warm']:.2f} s | "
                f"{r['change']:.2f} s (n={r['n']}) | {r['worst']:.2f} s |",
                flush=True,
            )


if __name__ == "__main__":
    main()
