"""Combine an upload with the current data (replace or upsert) and check the referential rules.

Tables here are Arrow tables of the stored columns plus two bookkeeping columns: `_file` (the
uploaded file a row came from, NULL for rows carried from the current version) and `_row` (its
record index in that file).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from dashboard import database
from dashboard.i18n import t
from dashboard.ingest import contract as c
from dashboard.ingest.rules_sql import q

BOOKKEEPING = ("_file", "_row")
Marks = dict[str, np.ndarray]  # per table, one value per row of its merged table


@dataclass(frozen=True)
class Orphan:
    """A row whose reference points at nothing in the data after the upload."""

    table: str
    index: int  # position in the merged table
    file: str | None
    row: int | None
    column: str
    value: str
    fk: c.ForeignKey


@dataclass(frozen=True)
class Stranded:
    """Rows carried over from the current version, of one table and rule, that would refer to
    nothing: their target is `removed` by the upload, or only in rows `set_aside` as invalid."""

    table: str
    fk: c.ForeignKey
    kind: str  # "removed" or "set_aside"
    rows: int
    first: str  # the value of the first such row, in table order


def with_bookkeeping(table: pa.Table, file: str | None) -> pa.Table:
    """Add `_file` and (if missing) `_row` columns."""
    n = table.num_rows
    if "_row" not in table.column_names:
        table = table.append_column("_row", pa.array(np.arange(n, dtype=np.int64)))
    return table.append_column("_file", pa.array([file] * n, pa.string()))


def merge(
    name: str,
    base: pa.Table | None,
    upload: pa.Table | None,
    mode: str,
    held: np.ndarray | None = None,
) -> pa.Table | None:
    """The table after the upload: replace takes the upload whole, upsert merges it by key.

    `held` marks upload rows that will be set aside: in upsert they replace no current row, so the
    current row with their key stays as it was (the held row is still appended, to be set aside).
    """
    if upload is None:
        return base
    if mode == "replace" or base is None:
        return upload
    key = list(c.TABLES[name].key)
    keys = " and ".join(f"b.{q(k)} is not distinct from u.{q(k)}" for k in key)
    replacing = upload.select(key)
    if held is not None and held.any():
        replacing = replacing.filter(pa.array(~held))
    con = database.connect()
    con.register("b", base.select(key).append_column("idx", pa.array(np.arange(base.num_rows))))
    con.register("u", replacing)
    sql = f"select b.idx from b semi join u on {keys}"  # noqa: S608 (contract names only)
    replaced = con.sql(sql).fetchnumpy()["idx"]
    con.close()
    keep = np.ones(base.num_rows, dtype=bool)
    keep[replaced] = False
    # The upload's rows go last, in file order: callers rely on that to line up row marks.
    incoming = upload.select(base.column_names).cast(base.schema)
    return pa.concat_tables([base.filter(pa.array(keep)), incoming])


def orphans(tables: dict[str, pa.Table], excluded: dict[str, np.ndarray] | None = None):
    """Every row, in every table, whose foreign key finds no target row.

    `excluded` masks rows (per table) that are about to be set aside: they are not targets.
    """
    con = database.connect()
    found: list[Orphan] = []
    for name, table in tables.items():
        for fk in c.TABLES[name].foreign_keys:
            target = tables.get(fk.target)
            found += _orphans_of(con, name, table, fk, target, (excluded or {}).get(fk.target))
    con.close()
    return found


def orphan_rule(o: Orphan) -> str:
    """The rule an upload row with a missing reference breaks, in words."""
    target, column = o.fk.target, o.fk.target_column
    return t("rule.missing_reference", target=target, target_column=column, value=o.value)


def mark_orphans(tables: dict[str, pa.Table], invalid: Marks, reasons: Marks) -> list[Orphan]:
    """Mark (in place) every upload row whose reference finds nothing after the upload.

    Returns every orphan, rows carried over from the current version too: those are never
    marked (they cannot be set aside), the caller refuses the upload instead.
    """
    found = orphans(tables)
    for o in found:
        if o.file is not None and not invalid[o.table][o.index]:
            invalid[o.table][o.index] = True
            reasons[o.table][o.index] = f"{o.column}: {orphan_rule(o)}"
    return found


def cascade(tables: dict[str, pa.Table], invalid: Marks, reasons: Marks) -> list[Orphan]:
    """Also mark (in place) upload rows that would refer to marked rows, until nothing changes.

    Returns the carried-over rows that would refer to nothing once the marked rows are set
    aside (whatever the reason): they are never marked.
    """
    carried: dict[tuple[str, int, c.ForeignKey], Orphan] = {}
    if not any(mask.any() for mask in invalid.values()):
        return []
    while True:  # each round follows references one step further; marks only grow, so it ends
        new = []
        for o in orphans(tables, invalid):
            if o.file is None:
                carried[(o.table, o.index, o.fk)] = o
            elif not invalid[o.table][o.index]:
                new.append(o)
        if not new:
            break
        for o in new:
            invalid[o.table][o.index] = True
            reasons[o.table][o.index] = t(
                "ingest.refers_to_set_aside", column=o.column, value=o.value
            )
    return list(carried.values())


def stranded(found: list[Orphan], cascaded: list[Orphan]) -> list[Stranded]:
    """Carried-over orphans summarised per table, rule and kind (removed before set aside).

    `found` holds every orphan of the data after the upload, `cascaded` the carried rows that
    would refer to nothing once the invalid rows are set aside (it may repeat those of `found`).
    """
    removed = [o for o in found if o.file is None]
    seen = {(o.table, o.index, o.fk) for o in removed}
    set_aside = [o for o in cascaded if (o.table, o.index, o.fk) not in seen]
    groups: dict[tuple[str, c.ForeignKey, str], list[Orphan]] = {}
    for kind, rows in (("removed", removed), ("set_aside", set_aside)):
        for o in rows:
            groups.setdefault((o.table, o.fk, kind), []).append(o)
    out = []
    for (table, fk, kind), rows in groups.items():
        first = min(rows, key=lambda o: o.index)
        out.append(Stranded(table, fk, kind, len(rows), first.value))
    return out


def _orphans_of(con, name, table, fk, target, target_excluded) -> list[Orphan]:
    """Rows of one table breaking one foreign key."""
    if target is None:
        values = pa.array([], pa.string())
    else:
        values = target.column(fk.target_column)
        if target_excluded is not None and target_excluded.any():
            values = values.filter(pa.array(~target_excluded))
    src = table.select([fk.column, "_file", "_row"] + _when_cols(fk))
    src = src.append_column("idx", pa.array(np.arange(table.num_rows, dtype=np.int64)))
    con.register("src", src)
    con.register("tgt", pa.table({"v": values}))
    where = f"s.{q(fk.column)} is not null"
    params: dict[str, object] = {}
    if fk.when_column:
        where += f" and s.{q(fk.when_column)} = $when"
        params["when"] = fk.when_value
    # Contract names only; values bound.
    missing = f"not exists (select 1 from tgt where tgt.v = s.{q(fk.column)})"  # noqa: S608
    sql = f"select s.idx, s._file, s._row, s.{q(fk.column)} from src s where "  # noqa: S608
    sql += f"{where} and {missing} order by s.idx"
    rows = con.sql(sql, params=params or None).fetchall()
    return [Orphan(name, i, f, r, fk.column, v, fk) for i, f, r, v in rows]


def _when_cols(fk: c.ForeignKey) -> list[str]:
    return [fk.when_column] if fk.when_column else []
