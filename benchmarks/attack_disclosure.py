"""The disclosure attack of tests/attack_helpers.py at full size; prints its figures.

    bash scripts/attack-disclosure [--only sample|small] [--quick] [--keys N]

For each store (the bundled sample; a generated extract of 600 crimes, seed 18, most of whose
cells are small): every filter combination (area x subgroup x age band x domestic abuse, 252
views) for the last whole financial year; then that year and its quarters for every area x
subgroup (21 views each). Everything the scrutiny role can fetch, through the functions
the pages use, solved for every hidden count. Each store makes its own rounding key, as a real
store does; `--keys N` attacks N copies of each store, each with a key of its own, to show that
what holds does not hang on one key. Each attack's line is followed by its searches: how many
hidden counts were moved among how many figures nearest them (or the whole group), found or not,
and the seconds they took."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
logging.disable(logging.WARNING)
warnings.filterwarnings("ignore")

import attack_helpers as attack  # noqa: E402
from app_helpers import load_sample  # noqa: E402

from dashboard import disclosure, periods  # noqa: E402
from dashboard.app import data_access  # noqa: E402
from dashboard.disclosure.rounding import configured_base  # noqa: E402
from dashboard.ingest import pipeline  # noqa: E402
from dashboard.store.versions import Store  # noqa: E402
from dashboard.synth.generator import generate  # noqa: E402


def version_of(root: Path):
    os.environ["FLIGHTDECK_STORE"] = str(root)
    return data_access.current_version()


def sample_store(work: Path, copy: int):
    load_sample(work / f"sample-{copy}")
    return version_of(work / f"sample-{copy}")


def small_store(work: Path, copy: int):
    if not (work / "extract").exists():
        generate(work / "extract", crimes=600, seed=18)
    store = Store(work / f"small-{copy}")
    _, upload = pipeline.ingest(store, [work / "extract"], uploader="attack")
    assert not upload.report.has_errors
    return version_of(store.root)


def one(label: str, version, period_list, filter_list) -> attack.Result | None:
    seen = attack.Seen()
    start = time.perf_counter()
    attack.SEARCHES.clear()
    views = attack.fetch(seen, version, period_list, filter_list)
    fetched = time.perf_counter()
    try:
        result = attack.attack(seen, disclosure.configured_threshold(), configured_base(), views)
    except AssertionError as exc:  # a search ran out of time: said, and counted as a failure
        print(f"{label}: {views} views; {exc}", flush=True)
        return None
    done = time.perf_counter()
    print(
        f"{label}: {result.tables} tables and tile sets, {views} views, {result.figures:,} "
        f"figures; {result.solved_for:,} hidden counts solved for, {len(result.pinned)} "
        f"recovered, {len(result.undecided)} undecided (a search of the whole group ran out of "
        f"time; fetch {fetched - start:.0f} s, solve {done - fetched:.0f} s)",
        flush=True,
    )
    for among, (found, none, seconds) in attack.SEARCHES.items():
        kind = attack.SEARCH_NAMES.get(among, f"one count moved among the {among} figures nearest")
        print(f"  {kind}: {found:,} found, {none:,} not, {seconds:.0f} s", flush=True)
    if result.pinned:
        print(attack.pinned_text(result), flush=True)
    return result


def tally(r: attack.Result | None, recovered: int, unfinished: int) -> tuple[int, int]:
    """The running totals: counts recovered; counts undecided, or 1 for an attack that stopped."""
    if r is None:
        return recovered, unfinished + 1
    return recovered + len(r.pinned), unfinished + len(r.undecided)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("sample", "small"))
    parser.add_argument("--quick", action="store_true", help="area x subgroup only")
    parser.add_argument("--keys", type=int, default=1, help="copies of each store, own keys")
    args = parser.parse_args()
    attack.PROGRESS = lambda text: print(text, file=sys.stderr, flush=True)
    attack.UNDECIDED_ALLOWED = True  # counted and printed; the run still exits 1 on any
    os.environ.pop("FLIGHTDECK_ROUNDING_KEY", None)  # each store its own key
    recovered = unfinished = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        stores = {"sample": sample_store, "small": small_store}
        runs = [(n, make, k) for n, make in stores.items() for k in range(args.keys)]
        for name, make, copy in runs:
            if args.only and args.only != name:
                continue
            version = make(work, copy)
            name = f"{name} (key {copy + 1})" if args.keys > 1 else name
            year = periods.fy_start_year(version.as_at) - 1
            dims = ["local_authority", "subgroup"]
            if not args.quick:
                dims += ["age_band", "domestic_abuse"]
            grid = attack.filter_grid(dims)
            label = " x ".join(d.replace("_", " ") for d in dims)
            r = one(
                f"{name}, FY {year}/{(year + 1) % 100:02d}, {label}",
                version,
                [periods.financial_year(year)],
                grid,
            )
            recovered, unfinished = tally(r, recovered, unfinished)
            nested = attack.periods_of_year(year, months=False)
            r = one(
                f"{name}, FY {year} with its quarters, area x subgroup",
                version,
                nested,
                attack.filter_grid(["local_authority", "subgroup"]),
            )
            recovered, unfinished = tally(r, recovered, unfinished)
    print(
        f"recovered in all: {recovered}; hidden counts undecided or attacks that could not "
        f"finish: {unfinished}"
    )
    return 1 if recovered or unfinished else 0


if __name__ == "__main__":
    raise SystemExit(main())
