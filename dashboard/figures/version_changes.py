"""What an upload (or a later version) would change: rows added, changed and removed per table,
and how the headline figures move, computed before anything is committed.

These are exact figures and stored rows of any version: the app reaches them only through
`dashboard.app.data_access`, which checks the session's role first.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard import database, periods
from dashboard.figures.engine import Engine, engine_for
from dashboard.figures.metrics import compute_metrics
from dashboard.ingest import contract as c
from dashboard.ingest import merging
from dashboard.ingest.pipeline import Upload
from dashboard.ingest.rules_sql import q
from dashboard.store.versions import Store

HEADLINES = (
    "crimes_recorded",
    "outcomes_assigned",
    "charge_rate",
    "victim_not_supporting_rate",
    "median_days_to_charge",
    "open_at_end",
)


def _counts(name: str, before: pa.Table | None, after: pa.Table | None) -> dict[str, int]:
    """Rows added, changed (same key, other values) and removed between two forms of a table."""
    columns = [n for n, _ in c.stored_columns(name)]
    empty = pa.table({n: pa.array([], pa.string()) for n in columns})
    con = database.connect()
    con.register("b", (before if before is not None else empty).select(columns))
    con.register("a", (after if after is not None else empty).select(columns))
    key = list(c.TABLES[name].key)
    on = " and ".join(f"a.{q(k)} is not distinct from b.{q(k)}" for k in key)
    whole_a, whole_b = (
        "struct_pack(" + ", ".join(f"{q(n)} := {side}.{q(n)}" for n in columns) + ")"
        for side in ("a", "b")
    )
    sides = "(select *, true as in_a from a) a full join (select *, true as in_b from b) b"
    # Contract names only.
    sql = (
        "select count(*) filter (where in_a and in_b is null) as added, "  # noqa: S608
        "count(*) filter (where in_b and in_a is null) as removed, "
        f"count(*) filter (where in_a and in_b and {whole_a} is distinct from {whole_b}) "
        f"as changed from {sides} on {on}"
    )
    added, removed, changed = con.execute(sql).fetchone()
    con.close()
    return {"added": int(added), "changed": int(changed), "removed": int(removed)}


def table_changes(
    tables_before: dict[str, pa.Table | None], tables_after: dict[str, pa.Table | None]
) -> pd.DataFrame:
    """One row per table: rows before and after, added, changed, removed."""
    rows = []
    for name in c.TABLES:
        before, after = tables_before.get(name), tables_after.get(name)
        if before is None and after is None:
            continue
        rows.append(
            {
                "table": name,
                "rows_before": before.num_rows if before is not None else 0,
                "rows_after": after.num_rows if after is not None else 0,
                **_counts(name, before, after),
            }
        )
    return pd.DataFrame(rows)


def version_tables(store: Store, version: str | None) -> dict[str, pa.Table | None]:
    """Every table of a stored version (none for no version)."""
    if version is None:
        return {}
    return {name: store.read_table(version, name) for name in c.TABLES}


def upload_tables(upload: Upload, accept_invalid: bool) -> dict[str, pa.Table]:
    """The tables as the upload would leave them (invalid rows out when they would be set aside)."""
    out = {}
    for name, merged in upload.merged.items():
        mask = upload.invalid.get(name)
        if accept_invalid and mask is not None and mask.any():
            merged = merged.filter(pa.array(~mask))
        out[name] = merged.drop_columns(list(merging.BOOKKEEPING))
    return out


def headline_period(as_at: date | None) -> periods.Period | None:
    return periods.last_complete_financial_year(as_at) if as_at else None


def headlines(engine, period: periods.Period) -> dict[str, object]:
    figures = compute_metrics(engine, period)
    return {k: figures[k] for k in HEADLINES}


def headlines_of_tables(tables: dict[str, pa.Table], period: periods.Period) -> dict:
    """The headline figures of tables not yet in the store (written to a scratch folder)."""
    with tempfile.TemporaryDirectory(prefix="flightdeck-preview-") as scratch:
        for name, table in tables.items():
            pq.write_table(table, Path(scratch) / f"{name}.parquet")
        with Engine(Path(scratch), "preview") as engine:
            return headlines(engine, period)


def headlines_of_version(store: Store, version: str, period: periods.Period) -> dict:
    """The exact headline figures of a stored version."""
    return headlines(engine_for(store.version_dir(version), version), period)


def compare_headlines(before: dict | None, after: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [{"metric": k, "before": (before or {}).get(k), "after": after[k]} for k in HEADLINES]
    )
