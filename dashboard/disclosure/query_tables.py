"""What a scrutiny user sees of every query result (a trend or a breakdown): each table protected
by the shape its query declares (`shapes`), with what the user already sees beside it (`Known`):
the tiles of the same period, and the protected tables its shape names.

A monthly series is protected once for a page's period over the months that period's table and
its tiles' sparklines show together (`view_window`), with the period's and the previous period's
tiles as the totals of their months. A table whose shape is not declared, or cannot be protected,
is withheld whole (every figure "not shown", `frame.attrs["withheld"]`), never shown unprotected.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd

from dashboard import periods
from dashboard.disclosure.completeness import protect_completeness
from dashboard.disclosure.links import Links, family_linked
from dashboard.disclosure.rules import withheld_text
from dashboard.disclosure.shapes import Shape, shape_of
from dashboard.disclosure.tables import one_type_columns, suppress_table
from dashboard.disclosure.tiles import TileState
from dashboard.filters import Filters
from dashboard.periods import Period

log = logging.getLogger("flightdeck")
WITHHELD = "withheld"  # frame.attrs key: every figure of the table is hidden


@dataclass(frozen=True)
class Known:
    """What a scrutiny user already sees beside a table of one view, as protected (before
    rounding): the tiles of the view's period and of the period before it (the totals of a
    monthly series' months), and the tables the table's shape names (`Shape.needs`), by
    (kind, name)."""

    tiles: TileState
    previous_tiles: TileState | None = None
    tables: Mapping[tuple[str, str], pd.DataFrame] = field(default_factory=dict)


def series_months(period: Period) -> Period:
    """The months a page period's monthly series is run over, to be protected together."""
    return view_window(period) or period


def view_window(period: Period) -> Period | None:
    """The months a page period's monthly series are protected over: the period together with
    the twelve months up to its end (its tiles' sparklines). None when the period starts after
    those months begin but not on a first of the month: its first month is then a part month the
    sparklines do not show, and the period is protected on its own (without sparklines)."""
    year_before = periods.month(period.end.year - 1, period.end.month)
    window_start = year_before.end + timedelta(days=1)
    if period.start <= window_start:
        return Period(period.start, period.end)
    if period.start.day != 1:
        return None
    return Period(window_start, period.end)


def rows_between(frame: pd.DataFrame, start, end) -> pd.DataFrame:
    """The rows of a protected monthly frame for the months from `start` to `end`; empty when
    the frame does not hold each of them."""
    months = periods.month_starts(Period(start, end))
    have = list(frame["month_start"]) if "month_start" in frame.columns else []
    if not set(months) <= set(have):
        return frame.iloc[0:0]
    return frame[frame["month_start"].isin(months)].reset_index(drop=True)


def _args(shape: Shape, frame: pd.DataFrame, filters: Filters) -> dict:
    args: dict = {"rates": {**shape.shares, **shape.rates}, "floors": dict(shape.floors)}
    if shape.zeros is not None:
        args["zeros"] = shape.zeros(frame, filters)
    if shape.row_total is not None:
        args["total_column"], args["row_parts"] = shape.row_total[0], list(shape.row_total[1])
    if shape.long is not None:
        args |= {"group_by": shape.long[0], "category": shape.long[1]}
    if shape.group is not None:
        args |= {"group_by": shape.group, "category": shape.category, "shares_of_column": True}
    return args


def protect_breakdown(
    name: str, frame: pd.DataFrame, filters: Filters, known: Known
) -> pd.DataFrame:
    """A breakdown of the view's period as a scrutiny user may see it."""
    shape = shape_of("breakdown", name)
    if undeclared(name, shape, frame):
        return withheld(frame, shape)
    if shape.special == "completeness":
        return protect_completeness(frame, filters, known.tables[("trend", "crimes_recorded")])
    if frame.empty:
        return frame
    state, links = known.tiles, Links()
    family = not family_linked(shape)
    for column, tile in shape.tiles.items():
        links.tile(("column", column), tile, state, family)
    for (column, category), tile in shape.cell_tiles.items():
        rows = [0] if category is None else list(frame.index[frame[shape.category] == category])
        if len(rows) == 1:
            links.tile(("cell", frame.index.get_loc(rows[0]), column), tile, state, False)
    for (column, group), tile in shape.group_tiles.items():
        if (frame[shape.group] == group).any():
            links.tile(("group", group, column), tile, state, False)
    if shape.group_source is not None:
        other = known.tables[("breakdown", shape.group_source)]
        for _, row in other.iterrows():
            for c in shape.counts:
                links.table(("group", row[shape.group], c), row[c], bool(other.attrs.get(WITHHELD)))
    if shape.total_source is not None:
        other = known.tables[("breakdown", shape.total_source[0])]
        for here, there in shape.total_source[1].items():
            links.table(("column", here), other[there].iloc[0], bool(other.attrs.get(WITHHELD)))
    totals = shape.totals if shape.totals is not None else True
    return _protect(name, frame, shape, links, filters, column_totals=totals)


def protect_trend(
    name: str, frame: pd.DataFrame, period: Period, filters: Filters, known: Known
) -> pd.DataFrame:
    """A monthly series over the view window of the period (`series_months`), every row
    protected; `known` holds the tiles of the period and of the period before."""
    shape = shape_of("trend", name)
    if undeclared(name, shape, frame):
        return withheld(frame, shape)
    if frame.empty:
        return frame
    blocks, links = [], Links()
    family = not family_linked(shape)
    tiles = (known.tiles, known.previous_tiles)
    for i, block in enumerate((period, periods.previous_period(period))):
        rows = _block_rows(frame, block, page=i == 0)
        if rows is None or tiles[i] is None:
            break
        state = tiles[i]
        for column, tile in shape.tiles.items():
            links.tile(("block", len(blocks), column), tile, state, family)
        for column, tile in shape.last_tiles.items():
            links.tile(("cell", rows[-1], column), tile, state, False)
        blocks.append(rows)
    args = {"blocks": blocks, "column_totals": tuple(shape.tiles)} if shape.long is None else {}
    return _protect(name, frame, shape, links, filters, **args)


def _block_rows(frame: pd.DataFrame, period: Period, page: bool) -> list[int] | None:
    """The positions of a period's months in the frame: the page's period always; the previous
    period only when it is whole months that the frame holds (its tiles are then their totals)."""
    if not page and not periods.is_whole_months(period):
        return None
    months = periods.month_starts(period)
    positions = [p for p, m in enumerate(frame["month_start"]) if m in months]
    return positions if len(positions) == len(months) else None


def undeclared(name: str, shape: Shape | None, frame: pd.DataFrame) -> bool:
    """Whether a table must be withheld: no shape, withheld by its shape, or a numeric column
    its shape does not name (a new count nobody declared)."""
    if shape is None or shape.withheld:
        if shape is None:
            log.warning("table %s withheld: its shape is not declared", name)
        return True
    named = {*shape.counts, *shape.keys, *shape.rates, *shape.shares}
    for column in frame.columns:
        values = frame[column]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        if numeric and column not in named and not column.endswith("_order"):
            log.warning("table %s withheld: column %s is not in its shape", name, column)
            return True
    return False


def _protect(
    name: str, frame: pd.DataFrame, shape: Shape, links: Links, filters: Filters, **more
) -> pd.DataFrame:
    args = _args(shape, frame, filters) | more
    try:
        table = suppress_table(
            frame,
            list(shape.counts),
            fixed=links.fixed,
            extra=links.extra,
            extra_relations=links.relations,
            **args,
        )
    except ValueError:
        log.warning("table %s withheld: its shape cannot be protected", name, exc_info=True)
        return withheld(frame, shape)
    out = one_type_columns(table.frame)
    out.attrs[WITHHELD] = table.withheld
    return out


def withheld(frame: pd.DataFrame, shape: Shape | None = None) -> pd.DataFrame:
    """Every figure of the table as "withheld"; labels kept, unless the rows themselves say
    something (a row that exists only when its count is 1 or more): then no row at all."""
    out, keys = frame.copy(), set(shape.keys if shape else ())
    if shape is not None and shape.floors:
        out = out.iloc[0:0]
    for column in out.columns:
        values = out[column]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        if numeric and column not in keys and not column.endswith("_order"):
            out[column] = values.map(lambda v: None if pd.isna(v) else withheld_text())
    out.attrs[WITHHELD] = True
    return out
