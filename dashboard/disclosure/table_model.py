"""The cells of a table and the relations a scrutiny user can see between them, for
`tables.suppress_table`: rows, columns (whole or in blocks of rows), groups of a long
table, and the figures shown elsewhere (tiles) that close them. Cells that are zero by definition
(structural zeros) are left out of every relation: they protect nothing."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import pandas as pd

from dashboard.disclosure.network import Relation
from dashboard.formatting import is_missing


def count_at(df: pd.DataFrame, p: int, column: str) -> int:
    value = df.iat[p, df.columns.get_loc(column)]
    if is_missing(value) or isinstance(value, bool) or value < 0 or value != int(value):
        raise ValueError(f"{column!r} row {p}: {value!r} is not a count (a whole number >= 0)")
    return int(value)


class Builder:
    """`values` (every cell and total by key), `relations`, `external` (totals shown outside
    the table), `zero` (keys known to be 0), `share_of` (a cell -> the total its share uses)."""

    def __init__(self, df: pd.DataFrame, counts: list[str], zeros: Mapping[str, Sequence[bool]]):
        self.df, self.counts = df, counts
        self.values = {("cell", p, c): count_at(df, p, c) for p in range(len(df)) for c in counts}
        self.zero: set[Hashable] = set()
        for c, mask in zeros.items():
            if len(mask) != len(df):
                raise ValueError(f"the structural zeros of {c!r} need one flag per row")
            for p, is_zero in enumerate(mask):
                if is_zero and self.values[("cell", p, c)] != 0:
                    raise ValueError(f"{c!r} row {p} is declared zero but is not")
                if is_zero:
                    self.zero.add(("cell", p, c))
        self.relations: list[Relation] = []
        self.external: list[Hashable] = []
        self.share_of: dict[Hashable, Hashable] = {}

    def add(self, total: Hashable, parts: list, *, shares: bool = False) -> Hashable:
        """`total` = sum of `parts`; a total not yet known is a figure shown elsewhere."""
        if total not in self.values:
            self.values[total] = sum(self.values[k] for k in parts)
            self.external.append(total)
        if shares:
            self.share_of.update({k: total for k in [*parts, total]})
        if total in self.zero:  # counts are never negative: the parts of a zero are zeros
            if any(self.values[k] for k in parts):
                raise ValueError(f"{total!r} is declared zero but its parts are not")
            self.zero.update(parts)
            return total
        live = [k for k in parts if k not in self.zero]
        if parts and not live and self.values[total] == 0:
            self.zero.add(total)  # a total of zeros is a zero too
        else:
            self.relations.append(Relation(total, tuple(live)))
        return total

    def relate(self, relation: Relation) -> None:
        """A relation among totals and figures shown elsewhere (given by the caller)."""
        live = tuple(k for k in relation.parts if k not in self.zero)
        self.relations.append(Relation(relation.total, live, relation.more_totals))

    def known(self, figures: Mapping[Hashable, int]) -> None:
        """Figures the user sees elsewhere; a total the table already has must agree."""
        for key, value in figures.items():
            if key in self.values and self.values[key] != value:
                raise ValueError(f"{key!r} is {value} elsewhere but {self.values[key]} here")
            if key not in self.values:
                self.values[key] = int(value)
                self.external.append(key)

    def wide(self, totalled, total_pos, total_column, row_parts, row_totals, blocks) -> None:
        body = [p for p in range(len(self.df)) if p != total_pos]
        parts = list(row_parts or [c for c in self.counts if c != total_column])
        if total_column is not None or row_totals:
            for p in range(len(self.df)):
                total = ("cell", p, total_column) if total_column else ("row", self.df.index[p])
                self.add(total, [("cell", p, c) for c in parts])
        named = blocks is not None
        for b, rows in enumerate(blocks if named else [body]):
            key = (lambda c, b=b: ("block", b, c)) if named else (lambda c: ("column", c))
            for c in self.counts:
                if c in totalled:
                    total = key(c) if total_pos is None else ("cell", total_pos, c)
                    self.add(total, [("cell", p, c) for p in rows], shares=True)
            if total_column and total_pos is None and {total_column, *parts} <= totalled:
                self.add(key(total_column), [key(c) for c in parts])

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
            margins: list[list[Hashable]] = [[], []]
            for g, ps in groups.items() if c in totalled else []:
                own = [("cell", p, c) for p in ps if is_total[p]]
                body = [("cell", p, c) for p in ps if not is_total[p]]
                margins[0].append(self.add(own[0] if own else ("group", g, c), body, shares=True))
            for k, ps in categories.items():
                margins[1].append(self.add(("category", k, c), [("cell", p, c) for p in ps]))
            for margin in margins:
                if margin:
                    self.add(("column", c), margin)

    def column_shares(self) -> None:
        """Long form: shares divide by the column's total rather than by their group's."""
        for key in list(self.share_of):
            if key[0] == "cell":
                self.share_of[key] = ("column", key[2])
