"""A period's tiles as a scrutiny user sees them, protected before any table: counts below the
threshold hidden, the crimes recorded protected with their rape and other split, and rates and
medians hidden when they rest on small or hidden counts. Every table that shows a tile's figure
(a total, a cell, a last row) takes the tile's status from here, so the two always agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.disclosure.rates import shown_rate
from dashboard.disclosure.rounding import Rounding
from dashboard.disclosure.rules import (
    is_small,
    not_shown,
    suppress_rate,
    suppress_value,
    zero_text,
)
from dashboard.disclosure.suppression import SHOWN, SMALL
from dashboard.disclosure.tables import ZERO, status_of, suppress_table
from dashboard.figures import catalogue, queries
from dashboard.figures.metrics import KpiResults
from dashboard.filters import Filters

# A count tile that is the sum of others shown beside it: protected together (kpi `sum_of`).
FAMILIES: Mapping[str, tuple[str, ...]] = catalogue.families()
# A rate tile is hidden whenever a count tile it is worked out from is hidden (kpi `hide_with`):
# a rate of two visible tiles says nothing more; a rate beside one hidden tile gives that back.
RATE_PARTS: Mapping[str, tuple[str, ...]] = catalogue.hidden_with()
MEDIAN_COUNTS = ("crimes", "breaches")


@dataclass(frozen=True)
class TileState:
    """`values`: the exact figures (for protecting tables, never for display); `shown`: what a
    scrutiny user sees."""

    values: Mapping[str, Any]
    shown: Mapping[str, Any]
    units: Mapping[str, str]

    def status(self, key: str) -> str:
        """SHOWN, SMALL, HIDDEN or ZERO for a count tile; SHOWN or HIDDEN for any other."""
        return status_of(self.shown[key])

    def is_count(self, key: str) -> bool:
        return self.units.get(key) == "count"

    def visible(self, key: str) -> bool:
        """Whether the tile shows a figure (not a text, not missing)."""
        value = self.shown.get(key)
        return value is not None and not isinstance(value, str) and not pd.isna(value)


def _zero_tiles(filters: Filters) -> set[str]:
    """Tiles that are zero by definition under the filters (the other subgroup's crimes)."""
    return {"rape": {"other_sexual_recorded"}, "other": {"rape_recorded"}}.get(
        filters.subgroup or "", set()
    )


def protect_family(
    figures: Mapping[str, Any], total: str, parts: tuple[str, str], zero: set[str]
) -> dict[str, Any]:
    """A tile and the tiles that add up to it, protected as one row (total = sum of parts)."""
    names = [*parts, total]
    frame = pd.DataFrame([{k: figures[k] for k in names}])
    mask = {k: [k in zero] for k in parts}
    table = suppress_table(
        frame, names, column_totals=False, total_column=total, row_parts=list(parts), zeros=mask
    )
    return dict(table.frame.iloc[0])


def protect_metrics(results: KpiResults, filters: Filters, rounding: Rounding) -> TileState:
    """Tile values for scrutiny: counts below the threshold, and rates and medians on small
    numbers, replaced by their texts; the crimes recorded protected with their split; each rate
    shown worked out from its counts as `rounding` shows them. Works on
    the kpi files' results as computed (each rate's numerator and denominator, the count each
    median rests on): nothing is run again."""
    units = {q.name: q.header.get("unit") for q in queries.queries_of_kind("kpi")}
    figures = results.values()
    shown: dict[str, Any] = {}
    for key, value in figures.items():
        if units.get(key) == "count":
            shown[key] = suppress_value(value)
        elif units.get(key) in ("rate", "days", "hours"):
            shown[key] = _small_based(results.frames[key], value, units[key], rounding)
        elif units.get(key) == "counts" and isinstance(value, dict):
            shown[key] = _protect_groups(value)
        else:
            shown[key] = value
    zero = _zero_tiles(filters)
    for total, parts in FAMILIES.items():
        if total in figures and all(p in figures for p in parts):
            shown.update(protect_family(figures, total, parts, zero))
    for key in zero & set(shown):
        shown[key] = zero_text()
    for rate, parts in RATE_PARTS.items():
        if rate in shown and any(
            p in shown and status_of(shown[p]) not in (SHOWN, ZERO) for p in parts
        ):
            # Even an empty rate ("–") would say its hidden count is zero: hide it too.
            shown[rate] = not_shown()
    return TileState(dict(figures), shown, units)


def _small_based(frame: pd.DataFrame, value: Any, unit: str, rounding: Rounding) -> Any:
    """A rate or median: not shown when it rests on fewer records than the threshold."""
    if unit == "rate" and {"numerator", "denominator"} <= set(frame.columns):
        row = frame.iloc[0]
        numerator, denominator = int(row["numerator"]), int(row["denominator"])
        rate = suppress_rate(numerator, denominator, rate=value)
        return shown_rate(rate, numerator, denominator, rounding)
    basis = next((c for c in MEDIAN_COUNTS if c in frame.columns), None)
    if basis is None:
        return not_shown() if value is not None else None
    if is_small(int(frame.iloc[0][basis])):
        # Even an empty median ("–") would say that the count it rests on is zero.
        return not_shown()
    return value


def _protect_groups(groups: dict[str, int]) -> dict[str, Any]:
    """Outcomes by group: a one-way table whose total is the outcomes tile (kept as it is)."""
    if not groups:
        return groups
    frame = pd.DataFrame({"group": list(groups), "count": list(groups.values())})
    total = sum(groups.values())
    fixed = {("column", "count"): SMALL if is_small(total) else SHOWN}
    protected = suppress_table(frame, ["count"], fixed=fixed).frame
    return dict(zip(protected["group"], protected["count"], strict=True))
