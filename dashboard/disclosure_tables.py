"""A table as a scrutiny user may see it: one-way breakdowns, two-way tables with row and column
totals, and long-form series (month x category), with their shares and rates."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.disclosure_engine import HIDDEN, SHOWN, SMALL, Relation, protect
from dashboard.disclosure_rules import checked_threshold, fewer_than, not_shown
from dashboard.formatting import is_missing

# A derived column: "count_column" = a share of that column's total (of the group's, in long
# form); ("numerator", "denominator") = a rate of two count columns of the same row.
Rates = Mapping[str, str | tuple[str, str]]


@dataclass(frozen=True)
class SuppressedTable:
    """`frame`: the table to show and to download (hidden figures replaced by their text);
    `hidden`: True where a count or rate was replaced; `totals`: every total the table relies on
    that is shown elsewhere (a tile, a summary sentence), as it may be shown: the number, or a text.
    `withheld`: every count hidden (show `disclosure.withheld_note()` beside the table)."""

    frame: pd.DataFrame
    hidden: pd.DataFrame
    totals: Mapping[tuple, object]
    threshold: int
    withheld: bool = False

    def total(self, column: str, *, group: Hashable = None, category: Hashable = None) -> object:
        """A column's total (the whole table's, in long form), or a group's or category's."""
        if group is not None:
            return self.totals[("group", group, column)]
        if category is not None:
            return self.totals[("category", category, column)]
        return self.totals[("column", column)]

    def row_total(self, row: Hashable) -> object:
        """A row's total shown elsewhere (row_totals=True), by index label."""
        return self.totals[("row", row)]

    def for_chart(self) -> pd.DataFrame:
        """The frame with every hidden figure missing (NaN), for a chart to leave out."""
        out = self.frame.copy()
        for column in self.hidden.columns:
            kept = out[column].where(~self.hidden[column].to_numpy())
            out[column] = pd.to_numeric(kept, errors="coerce")
        return out


def _count(df: pd.DataFrame, p: int, column: str) -> int:
    value = df.iat[p, df.columns.get_loc(column)]
    if is_missing(value) or isinstance(value, bool) or value < 0 or value != int(value):
        raise ValueError(f"{column!r} row {p}: {value!r} is not a count (a whole number >= 0)")
    return int(value)


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


class _Builder:
    """The cells (counts and totals) and the relations a user can see between them."""

    def __init__(self, df: pd.DataFrame, counts: list[str]):
        self.df, self.counts = df, counts
        self.values = {("cell", p, c): _count(df, p, c) for p in range(len(df)) for c in counts}
        self.relations: list[Relation] = []
        self.external: list[tuple] = []
        self.share_of: dict[tuple, tuple] = {}  # a count cell -> the total a share divides by

    def add(self, total: tuple, parts: list[tuple], *, shares: bool = False) -> tuple:
        if total not in self.values:  # a total shown elsewhere: the sum of its parts
            self.values[total] = sum(self.values[k] for k in parts)
            self.external.append(total)
        self.relations.append(Relation(total, tuple(parts)))
        if shares:
            self.share_of.update({k: total for k in [*parts, total]})
        return total

    def wide(self, totalled, total_pos, total_column, row_parts, row_totals) -> None:
        body = [p for p in range(len(self.df)) if p != total_pos]
        parts = list(row_parts or [c for c in self.counts if c != total_column])
        if total_column is not None or row_totals:
            for p in range(len(self.df)):
                total = ("cell", p, total_column) if total_column else ("row", self.df.index[p])
                self.add(total, [("cell", p, c) for c in parts])
        for c in self.counts:
            if c in totalled:
                total = ("column", c) if total_pos is None else ("cell", total_pos, c)
                self.add(total, [("cell", p, c) for p in body], shares=True)
        if total_column and total_pos is None and {total_column, *parts} <= totalled:
            self.add(("column", total_column), [("column", c) for c in parts])

    def long(self, totalled, keys, category, total_row, category_totals) -> None:
        df = self.df
        groups: dict[Hashable, list[int]] = {}
        for p in range(len(df)):
            g = tuple(df[k].iat[p] for k in keys)
            groups.setdefault(g[0] if len(keys) == 1 else g, []).append(p)
        is_total = [
            total_row is not None and df[category].iat[p] == total_row for p in range(len(df))
        ]
        if total_row is not None and any(
            sum(is_total[p] for p in ps) != 1 for ps in groups.values()
        ):
            raise ValueError(f"each group needs exactly one {total_row!r} row")
        categories: dict[Hashable, list[int]] = {}
        for p in range(len(df)):
            if category_totals and not is_total[p]:
                categories.setdefault(df[category].iat[p], []).append(p)
        for c in self.counts:
            margins: list[list[tuple]] = [[], []]
            for g, ps in groups.items() if c in totalled else []:
                own = [("cell", p, c) for p in ps if is_total[p]]
                body = [("cell", p, c) for p in ps if not is_total[p]]
                margins[0].append(self.add(own[0] if own else ("group", g, c), body, shares=True))
            for k, ps in categories.items():
                margins[1].append(self.add(("category", k, c), [("cell", p, c) for p in ps]))
            for margin in margins:
                if margin:
                    self.add(("column", c), margin)


def _replace(out: pd.DataFrame, hidden: pd.DataFrame, column: str, texts: list) -> None:
    """Put each text that is not None into `column` (object dtype from then on)."""
    if any(text is not None for text in texts):
        j = out.columns.get_loc(column)
        out[column] = out[column].astype(object)
        for p, text in enumerate(texts):
            if text is not None:
                out.iat[p, j] = text
                hidden.iat[p, hidden.columns.get_loc(column)] = True


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
) -> SuppressedTable:
    """The table as a scrutiny user may see it (a new frame; `df` is left alone).
    See docs/disclosure-control.md for every argument and the shapes of table."""
    limit = checked_threshold(threshold)
    counts, rates = list(count_columns), dict(rates or {})
    keys = [] if group_by is None else [group_by] if isinstance(group_by, str) else list(group_by)
    named = [c for c in (total_column, category, *(row_parts or ()), *keys) if c is not None]
    _check(df, counts, rates, named)
    totalled = set(counts) if column_totals is True else set(column_totals or ())
    totalled |= {spec for spec in rates.values() if isinstance(spec, str)}
    if total_row is not None:
        totalled = set(counts)  # a total row in the table shows every column's total
    build = _Builder(df, counts)
    if group_by is None:
        if row_parts is not None and total_column is None and not row_totals:
            raise ValueError("row_parts needs total_column or row_totals")
        if row_totals and total_column is None and not df.index.is_unique:
            raise ValueError("row totals shown elsewhere need a unique index")
        total_pos = None if total_row is None else df.index.get_loc(total_row)
        if total_pos is not None and not isinstance(total_pos, int):
            raise ValueError(f"the total row {total_row!r} must be one row of the index")
        build.wide(totalled, total_pos, total_column, row_parts, row_totals)
    else:
        if total_column is not None or row_totals or row_parts is not None:
            raise ValueError("row totals are not supported in long form: pivot the table first")
        if (total_row is not None or category_totals) and category is None:
            raise ValueError("total_row and category_totals in long form need category")
        build.long(totalled, keys, category, total_row, category_totals)
    result = protect(build.values, build.relations, limit, external=build.external)
    status = result.status
    text = {SHOWN: None, SMALL: fewer_than(limit), HIDDEN: not_shown()}
    out, hidden = df.copy(), pd.DataFrame(False, index=df.index, columns=[*counts, *rates])
    for c in counts:
        _replace(out, hidden, c, [text[status[("cell", p, c)]] for p in range(len(df))])
    for column, spec in rates.items():
        blank = []
        for p in range(len(df)):
            if isinstance(spec, str):
                cells = [("cell", p, spec), build.share_of[("cell", p, spec)]]
            else:
                cells = [("cell", p, spec[0]), ("cell", p, spec[1])]
            blank.append(not_shown() if any(status[k] != SHOWN for k in cells) else None)
        _replace(out, hidden, column, blank)
    totals = {k: build.values[k] if status[k] == SHOWN else text[status[k]] for k in build.external}
    return SuppressedTable(out, hidden, totals, limit, result.withheld)
