"""Seeded synthetic extract: the contract's tables as CSV files, plus the synthetic marker.

The data imitates a force the size of Gwent Police and deliberately uses awkward-but-legal forms of
the contract (UK and ISO dates, Welsh names, several boolean and code spellings, a BOM, CRLF, a
"Crime Ref"-style header) so that the default data exercises the parser. Same arguments, same bytes.
Drawing: `tables` (crimes, outcomes, suspects), `events` (bail, orders, breaches,
biometrics, training); writing values as text: `text`. The analyst's own tables are not drawn:
a few illustrative targets for headline measures (`targets`); no process changes (a change
inside the charts' 24 months would split them into run charts), so no `process_changes.csv`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.ingest.contract import TABLES
from dashboard.synth import events as ev
from dashboard.synth import tables as st
from dashboard.synth import text as tx
from dashboard.synth.tables import Cols, World

MARKER = "flightdeck-synth.json"
GENERATOR = "flightdeck synth"
YEARS = 5  # financial years drawn, by default
CRIMES_PER_YEAR = 1750
CHUNK_ROWS = 100_000
# Per-file quirks: (UTF-8 BOM, CRLF line ends, "Crime Ref"-style header).
QUIRKS = {"crimes": (True, False, False), "suspects": (False, False, True)}
QUIRKS |= {"bail": (False, True, False)}


def write_table(outdir: Path, table: str, cols: Cols) -> str:
    """Write one table as `<table>.csv` with its quirks; return the SHA-256 of the bytes."""
    names = TABLES[table].column_names
    assert tuple(cols) == names, f"{table}: columns out of step with the contract"
    bom, crlf, titled = QUIRKS.get(table, (False, False, False))
    header = [n.replace("_", " ").title() for n in names] if titled else list(names)
    path, rows = outdir / f"{table}.csv", len(next(iter(cols.values())))
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        for at in range(0, max(rows, 1), CHUNK_ROWS):  # in slices: bounded memory at 1M rows
            part = pd.DataFrame({k: v[at : at + CHUNK_ROWS] for k, v in cols.items()}, dtype=object)
            end = "\r\n" if crlf else "\n"
            part.to_csv(fh, index=False, header=header if at == 0 else False, lineterminator=end)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def date_range(as_at: date, years: int) -> tuple[date, date]:
    """First day of the earliest of `years` financial years ending with the one holding as_at."""
    fy = as_at.year if as_at.month >= 4 else as_at.year - 1
    return date(fy - years + 1, 4, 1), as_at


def default_crimes(as_at: date = date(2025, 3, 31), years: int = YEARS) -> int:
    """About 1,750 crime records a year over the date range."""
    first, last = date_range(as_at, years)
    return round(CRIMES_PER_YEAR * ((last - first).days + 1) / 365.25)


# The tables written, in contract order: all but the analyst's process changes (none here).
WRITTEN = tuple(name for name in TABLES if name != "process_changes")
# Illustrative targets: (metric, target as people read it, from the start of which financial year
# (0: the as-at date's, -1: the one before), the count scaled to the crimes drawn). Chosen so
# that the bundled sample's charts show each assurance verdict (docs/dev-interfaces.md): the
# charge rate's and the days to charge's within the process limits (hit and miss), the victim
# not supporting rate's above its upper limit (consistently passing: lower is better), the
# crimes open over a year's below its lower limit (consistently failing).
TARGETS = (
    ("charge_rate", 5.0, -1, False),
    ("charge_rate", 6.0, 0, False),
    ("victim_not_supporting_rate", 55.0, -1, False),
    ("median_days_to_charge", 365.0, -1, False),
    ("open_over_365_days", 300.0, 0, True),
)
TARGET_NOTE = "Illustrative target for the synthetic sample, not a real plan"


def targets(as_at: date, n: int, years: int) -> Cols:
    """The illustrative targets, dated from financial years ending with the as-at date's."""
    fy = as_at.year if as_at.month >= 4 else as_at.year - 1
    scale = n / default_crimes(as_at, years)
    cols: Cols = {"metric": [], "target": [], "from": [], "note": []}
    for metric, target, year, count in TARGETS:
        value = max(1, round(target * scale)) if count else target
        cols["metric"].append(metric)
        cols["target"].append(f"{value:g}")
        cols["from"].append(date(fy + year, 4, 1).isoformat())
        cols["note"].append(TARGET_NOTE)
    return cols


def tables(w: World, n: int, as_at: date, years: int) -> Iterator[tuple[str, Cols]]:
    """Draw every table and yield each, in contract order, as columns of text (one at a time)."""
    c = st.crimes(w, n)
    s = st.suspects(w, c)
    b, o = ev.bail(w, c, s), ev.orders(w, c, s)
    r, g, t = ev.breaches(w, b, o), ev.biometrics(w, c, s), ev.training(w)
    yield "crimes", tx.crimes_csv(w, c)
    yield "outcomes", tx.outcomes_csv(w, c)
    yield "suspects", tx.suspects_csv(c, s)
    bail_text = tx.bail_csv(w, c, s, b)
    bail_ids = bail_text["bail_id"]
    yield "bail", bail_text
    del bail_text
    orders_text = tx.orders_csv(c, o)
    order_ids = orders_text["order_id"]
    yield "orders", orders_text
    del orders_text
    yield "breaches", tx.breaches_csv(w, r, bail_ids, order_ids)
    yield "biometrics", tx.biometrics_csv(c, s, g)
    yield "training", tx.training_csv(t)
    yield "targets", targets(as_at, n, years)


def generate(
    outdir: Path,
    crimes: int | None = None,
    seed: int = 1,
    as_at: date = date(2025, 3, 31),
    years: int = YEARS,
) -> dict:
    """Write every table (`WRITTEN`) and `flightdeck-synth.json` into outdir; return the marker.

    The marker names every setting, so that ingest can write the files again and compare
    (`proof.regenerate`): the marker itself proves nothing.
    """
    first, last = date_range(as_at, years)
    n = default_crimes(as_at, years) if crimes is None else int(crimes)
    world = World(np.random.default_rng(seed), tx.days_of(first), tx.days_of(last))
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    files = {
        f"{name}.csv": write_table(outdir, name, cols)
        for name, cols in tables(world, n, as_at, years)
    }
    marker = {"generator": GENERATOR, "seed": seed, "crimes": n, "as_at": as_at.isoformat()}
    marker["years"] = years
    marker["files"] = files
    (outdir / MARKER).write_text(
        json.dumps(marker, indent=2) + "\n", encoding="utf-8", newline="\n"
    )
    return marker
