"""What a scrutiny user sees: every query result and tile passed through disclosure control.

The data functions call these for any role without `exact_figures`, before caching, so tables,
charts and downloads all come from the protected figures. A table whose shape cannot be
protected with confidence is withheld whole rather than shown.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from dashboard import disclosure, metrics, queries
from dashboard.filters import Filters
from dashboard.periods import Period

log = logging.getLogger("flightdeck")
KEY_COLUMNS = {
    "month_start",
    "snapshot_date",
    "window_start",
    "window_end",
    "previous_year_start",
    "previous_year_end",
}
MEDIAN_COUNTS = ("crimes", "breaches")


def _is_count(frame: pd.DataFrame, column: str) -> bool:
    if column in KEY_COLUMNS or column.endswith(("_order", "_date", "_at")):
        return False
    return pd.api.types.is_integer_dtype(frame[column]) and not pd.api.types.is_bool_dtype(
        frame[column]
    )


def _share_base(frame: pd.DataFrame, column: str, counts: list[str]) -> str | None:
    """The count a share column is a share of (`recorded_share` of `recorded_count`)."""
    stem = column.removesuffix("_share")
    for candidate in (f"{stem}_count", stem, f"{stem}s"):
        if candidate in counts:
            return candidate
    return None


def protect_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A query result as a scrutiny user may see it: small counts and their derivatives hidden."""
    if frame.empty:
        return frame
    counts = [c for c in frame.columns if _is_count(frame, c)]
    rates: dict[str, Any] = {}
    drop: list[str] = []
    for column in frame.columns:
        if column in counts or not pd.api.types.is_numeric_dtype(frame[column]):
            continue
        if column in KEY_COLUMNS or column.endswith(("_order", "_date", "_at")):
            continue
        if {"numerator", "denominator"} <= set(counts) and column not in counts:
            rates[column] = ("numerator", "denominator")
        elif column.endswith("_share") and (base := _share_base(frame, column, counts)):
            rates[column] = base
        else:
            drop.append(column)  # medians and other figures of individual records
    group = _long_form_group(frame, counts)
    try:
        table = disclosure.suppress_table(
            frame.drop(columns=drop), counts, rates=rates or None, **group
        )
        protected = table.frame
    except ValueError:
        log.warning("table withheld: its shape cannot be protected", exc_info=True)
        protected = frame.drop(columns=drop).astype(object)
        protected[counts + list(rates)] = disclosure.not_shown()
    for column in drop:
        protected[column] = disclosure.not_shown()
    return _text_columns(protected[list(frame.columns)])


def _text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A column that holds a withheld figure's text holds text throughout (one type a column)."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object and values.map(lambda v: isinstance(v, str)).any():
            frame[column] = values.map(
                lambda v: v if v is None or isinstance(v, str) else (None if pd.isna(v) else str(v))
            )
    return frame


def _long_form_group(frame: pd.DataFrame, counts: list[str]) -> dict:
    """Long form (month × category): each month's cells add up to the month's total."""
    text = [c for c in frame.columns if frame[c].dtype == object and c not in counts]
    if "month_start" in frame.columns and text:
        return {"group_by": "month_start", "category": text[0], "category_totals": True}
    return {}


def protect_metrics(
    engine: queries.QueryRunner, period: Period, filters: Filters, rule, figures: dict[str, Any]
) -> dict[str, Any]:
    """Tile values for scrutiny: counts below the threshold, and rates and medians on small
    numbers, replaced by their texts; rape and other offences protected with their total."""
    headers = {q.name: q.header for q in queries.queries_of_kind("kpi")}
    shown: dict[str, Any] = {}
    for key, value in figures.items():
        unit = headers.get(key, {}).get("unit")
        if unit == "count":
            shown[key] = disclosure.suppress_value(value)
        elif unit in ("rate", "days", "hours"):
            shown[key] = _small_based(engine, key, period, filters, rule, value, unit)
        elif unit == "counts" and isinstance(value, dict):
            shown[key] = _protect_groups(value)
        else:
            shown[key] = value
    split = pd.DataFrame(
        [
            {
                "rape": figures["rape_recorded"],
                "other": figures["other_sexual_recorded"],
                "total": figures["crimes_recorded"],
            }
        ]
    )
    table = disclosure.suppress_table(
        split,
        ["rape", "other", "total"],
        column_totals=False,
        total_column="total",
        row_parts=["rape", "other"],
    )
    row = table.frame.iloc[0]
    shown.update(
        rape_recorded=row["rape"], other_sexual_recorded=row["other"], crimes_recorded=row["total"]
    )
    return shown


def _small_based(engine, key, period, filters, rule, value, unit) -> Any:
    """A rate or median: not shown when it rests on fewer records than the threshold."""
    frame = metrics.run_kpi(engine, key, period, filters, rule)
    if unit == "rate" and {"numerator", "denominator"} <= set(frame.columns):
        row = frame.iloc[0]
        return disclosure.suppress_rate(int(row["numerator"]), int(row["denominator"]), rate=value)
    basis = next((c for c in MEDIAN_COUNTS if c in frame.columns), None)
    if basis is None or disclosure.is_small(int(frame.iloc[0][basis])):
        return disclosure.not_shown() if value is not None else None
    return value


def _protect_groups(groups: dict[str, int]) -> dict[str, Any]:
    if not groups:
        return groups
    frame = pd.DataFrame({"group": list(groups), "count": list(groups.values())})
    protected = disclosure.suppress_table(frame, ["count"]).frame
    return dict(zip(protected["group"], protected["count"], strict=True))
