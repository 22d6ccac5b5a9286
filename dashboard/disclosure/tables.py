"""A table as a scrutiny user may see it: one-way breakdowns, two-way tables with row and column
totals, long-form series (month x category) and nested ones (codes within groups), with their
shares and rates, the tiles that close them, and cells that are zero by definition."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.disclosure.rules import (
    checked_threshold,
    fewer_than,
    not_shown,
    withheld_text,
    zero_text,
)
from dashboard.disclosure.suppression import HIDDEN, SHOWN, SMALL, WITHHELD, Relation, protect
from dashboard.disclosure.table_model import Builder

ZERO = "zero"  # a cell known to be 0 by definition: shown as "–", protects nothing
# A derived column: "count_column" = a share of that column's total (of the group's, in long
# form); ("count", ...) = a rate or median resting on those count columns of the same row.
Rates = Mapping[str, str | tuple[str, ...]]


@dataclass(frozen=True)
class SuppressedTable:
    """`frame`: the table to show and to download (hidden figures replaced by their text);
    `hidden`: True where a count or rate was replaced; `totals`: every total the table relies on
    that is shown elsewhere (a tile, a summary sentence), as it may be shown: the number, or a text.
    `withheld`: every count hidden (show `disclosure.withheld_note()` beside the table);
    `status`: each cell's and total's status (SHOWN, SMALL, HIDDEN, WITHHELD or ZERO)."""

    frame: pd.DataFrame
    hidden: pd.DataFrame
    totals: Mapping[Hashable, object]
    threshold: int
    withheld: bool = False
    status: Mapping[Hashable, str] | None = None

    def total(
        self, column: str, *, group: Hashable = None, category: Hashable = None, block: int = None
    ) -> object:
        """A column's total (the whole table's, in long form), a group's, a category's, or a
        block's (`blocks=`)."""
        if group is not None:
            return self.totals[("group", group, column)]
        if category is not None:
            return self.totals[("category", category, column)]
        if block is not None:
            return self.totals[("block", block, column)]
        return self.totals[("column", column)]

    def row_total(self, row: Hashable) -> object:
        """A row's total shown elsewhere (row_totals=True), by index label."""
        return self.totals[("row", row)]


def status_of(shown: object, *, threshold: int | None = None, withheld: bool = False) -> str:
    """The status of a figure from what a protected frame shows in its place (a figure may be
    shown as its digits, in a column that also holds texts)."""
    if not isinstance(shown, str):
        return SHOWN
    if shown == fewer_than(threshold):
        return SMALL
    if shown == zero_text():
        return ZERO
    if shown == withheld_text():
        return WITHHELD
    try:
        float(shown.replace(",", ""))
    except ValueError:
        return WITHHELD if withheld else HIDDEN
    return SHOWN


def _check(df: pd.DataFrame, counts: list[str], rates: Rates, named: list) -> None:
    if not df.columns.is_unique:
        raise ValueError("the table's column names must be unique")
    wanted = [*counts, *rates, *named]
    for spec in rates.values():
        wanted += [spec] if isinstance(spec, str) else list(spec)
    missing = [c for c in wanted if c not in df.columns]
    if missing:
        raise ValueError(f"no such column: {', '.join(map(str, missing))}")
    for spec in rates.values():
        for c in [spec] if isinstance(spec, str) else spec:
            if c not in counts:
                raise ValueError(f"rate column {c!r} must be one of count_columns")
    if set(rates) & set(counts):
        raise ValueError("a column cannot be both a count and a rate")


def _replace(out: pd.DataFrame, hidden: pd.DataFrame, column: str, texts: list) -> None:
    """Put each text that is not None into `column` (object dtype from then on)."""
    if any(text is not None for text in texts):
        j = out.columns.get_loc(column)
        out[column] = out[column].astype(object)
        for p, text in enumerate(texts):
            if text is not None:
                out.iat[p, j] = text
                hidden.iat[p, hidden.columns.get_loc(column)] = True


def _rate_text(spec, p: int, build: Builder, status: Mapping) -> str | None:
    cells = [("cell", p, spec), build.share_of.get(("cell", p, spec))]
    if not isinstance(spec, str):
        cells = [("cell", p, c) for c in spec]
    if cells[0] in build.zero:
        return zero_text()
    if any(k is None or status[k] not in (SHOWN, ZERO) for k in cells):
        return not_shown()
    return None


def suppress_table(
    df: pd.DataFrame,
    count_columns: Sequence[str],
    *,
    threshold: int | None = None,
    column_totals: bool | Collection[str] = True,
    total_row: Hashable | None = None,
    total_column: str | None = None,
    row_parts: Sequence[str] | None = None,
    row_totals: bool = False,
    group_by: str | Sequence[str] | None = None,
    category: str | None = None,
    category_totals: bool = False,
    rates: Rates | None = None,
    blocks: Sequence[Sequence[int]] | None = None,
    zeros: Mapping[str, Sequence[bool]] | None = None,
    fixed: Mapping[Hashable, str] | None = None,
    extra: Mapping[Hashable, int] | None = None,
    extra_relations: Sequence[Relation] = (),
    shares_of_column: bool = False,
    floors: Mapping[str, int] | None = None,
) -> SuppressedTable:
    """The table as a scrutiny user may see it (a new frame; `df` is left alone).
    See docs/disclosure-control.md for every argument and the shapes of table."""
    limit = checked_threshold(threshold)
    counts, rates = list(count_columns), dict(rates or {})
    keys = [] if group_by is None else [group_by] if isinstance(group_by, str) else list(group_by)
    named = [c for c in (total_column, category, *(row_parts or ()), *keys) if c is not None]
    _check(df, counts, rates, [*named, *(zeros or {})])
    totalled = set(counts) if column_totals is True else set(column_totals or ())
    totalled |= {spec for spec in rates.values() if isinstance(spec, str)}
    if total_row is not None:
        totalled = set(counts)  # a total row in the table shows every column's total
    build = Builder(df, counts, zeros or {})
    if group_by is None:
        if row_parts is not None and total_column is None and not row_totals:
            raise ValueError("row_parts needs total_column or row_totals")
        if row_totals and total_column is None and not df.index.is_unique:
            raise ValueError("row totals shown elsewhere need a unique index")
        total_pos = None if total_row is None else df.index.get_loc(total_row)
        if total_pos is not None and not isinstance(total_pos, int):
            raise ValueError(f"the total row {total_row!r} must be one row of the index")
        if blocks is not None and total_pos is not None:
            raise ValueError("blocks and a total row cannot go together")
        build.wide(totalled, total_pos, total_column, row_parts, row_totals, blocks)
    else:
        if total_column is not None or row_totals or row_parts is not None or blocks:
            raise ValueError("row totals are not supported in long form: pivot the table first")
        if (total_row is not None or category_totals) and category is None:
            raise ValueError("total_row and category_totals in long form need category")
        build.long(totalled, keys, category, total_row, category_totals)
        if shares_of_column:
            build.column_shares()
    build.known(extra or {})
    for relation in extra_relations:
        build.relate(relation)
    least = {("cell", p, c): n for c, n in (floors or {}).items() for p in range(len(df))}
    return _render(df, counts, rates, build, limit, dict(fixed or {}), least)


def _render(df, counts, rates, build: Builder, limit: int, fixed: dict, floors: dict):
    live = {k: v for k, v in build.values.items() if k not in build.zero}
    fixed = {k: s for k, s in fixed.items() if k not in build.zero}
    result = protect(
        live, build.relations, limit, external=build.external, fixed=fixed, floors=floors
    )
    status = {**result.status, **{k: ZERO for k in build.zero}}
    text = {
        SHOWN: None,
        SMALL: fewer_than(limit),
        HIDDEN: not_shown(),
        WITHHELD: withheld_text(),
        ZERO: zero_text(),
    }
    out, hidden = df.copy(), pd.DataFrame(False, index=df.index, columns=[*counts, *rates])
    for c in counts:
        _replace(out, hidden, c, [text[status[("cell", p, c)]] for p in range(len(df))])
    for column, spec in rates.items():
        _replace(out, hidden, column, [_rate_text(spec, p, build, status) for p in range(len(df))])
    totals = {k: build.values[k] if status[k] == SHOWN else text[status[k]] for k in build.external}
    return SuppressedTable(out, hidden, totals, limit, result.withheld, status)


def one_type_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A column that holds a suppression text holds text throughout (one type a column, as
    Arrow and the CSV export want); a figure becomes its plain digits."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object and values.map(lambda v: isinstance(v, str)).any():
            frame[column] = values.map(
                lambda v: v if v is None or isinstance(v, str) else (None if pd.isna(v) else str(v))
            )
    return frame
