"""The flight deck figures (metrics.md §2) and monthly trends (§4), from the query files.

The suspects and disruption figures (§3) are in `dashboard.figures.disruption`; the parameters
of its repeat-suspect rule are bound here too, so every query file can be run through one
function."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from dashboard.figures import catalogue, queries
from dashboard.filters import NO_FILTERS, Filters
from dashboard.periods import Period

# The §2 keys in the catalogue's order (their headers' `catalogue: 2.n`): one kpi file each.
KPI_KEYS = catalogue.section(2)


# The repeat-suspect rule of metrics.md §3 by default: at least 2 crimes in 36 months.
DEFAULT_MIN_CRIMES = 2
DEFAULT_LOOKBACK_MONTHS = 36
DEFAULT_RULE_PARAMS = {"min_crimes": DEFAULT_MIN_CRIMES, "lookback_months": DEFAULT_LOOKBACK_MONTHS}


class RuleParams(Protocol):
    """A repeat-suspect rule (dashboard.figures.disruption.RepeatRule) as bound parameters."""

    def as_params(self) -> Mapping[str, int]: ...


def metric_params(
    period: Period, filters: Filters | None = None, rule: RuleParams | None = None
) -> dict[str, Any]:
    """Every parameter a kpi, trend or breakdown file may declare, for one period, set of
    filters and repeat-suspect rule (the default rule when none is given)."""
    rule_params = DEFAULT_RULE_PARAMS if rule is None else rule.as_params()
    return {**period.as_params(), **(filters or NO_FILTERS).as_params(), **rule_params}


def plain(value: Any) -> Any:
    """A plain Python value from a pandas/numpy cell: int, float, str, or None for null/NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def run_kpi(
    engine: queries.QueryRunner,
    key: str,
    period: Period,
    filters: Filters | None = None,
    rule: RuleParams | None = None,
) -> pd.DataFrame:
    """The full result of one kpi file: its value column plus any helper columns."""
    params = metric_params(period, filters, rule)
    return queries.run(engine, queries.get_query("kpi", key), params)


def _value(key: str, frame: pd.DataFrame) -> Any:
    if key == "outcomes_by_group":
        # One row per outcome group with at least one outcome; zero groups are left out.
        return {
            str(g): int(n)
            for g, n in zip(frame["outcome_group"], frame["outcomes_by_group"], strict=True)
        }
    return plain(frame[key].iloc[0]) if len(frame) else None


@dataclass(frozen=True)
class KpiResults:
    """Each kpi file's whole result for one period, filters and rule, each file run once: its
    value and the helper columns disclosure control reads (numerator, denominator, the count a
    median rests on)."""

    frames: Mapping[str, pd.DataFrame]

    def value(self, key: str) -> Any:
        """A metric as `flightdeck metrics` gives it (see `compute_metrics`)."""
        return _value(key, self.frames[key])

    def values(self, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
        return {key: self.value(key) for key in (keys or tuple(self.frames))}


def run_kpis(
    engine: queries.QueryRunner, keys: tuple[str, ...], params: Mapping[str, Any]
) -> KpiResults:
    """Every kpi file named, run once with the parameters it declares."""
    return KpiResults({k: queries.run(engine, queries.get_query("kpi", k), params) for k in keys})


def compute_metrics(
    engine: queries.QueryRunner, period: Period, filters: Filters | None = None
) -> dict[str, Any]:
    """{key: value} for every §2 metric (the kpi files named in KPI_KEYS), in catalogue order.

    Values are plain Python: counts int, rates float 0-1 unrounded, medians float, None when
    undefined; `outcomes_by_group` a dict label -> count of the groups with at least one outcome,
    largest first (empty when there are none)."""
    return run_kpis(engine, KPI_KEYS, metric_params(period, filters)).values()


def trend(
    engine: queries.QueryRunner,
    name: str,
    period: Period,
    filters: Filters | None = None,
    rule: RuleParams | None = None,
) -> pd.DataFrame:
    """A monthly series from `queries/trend/<name>.sql`, ordered by `month_start`; date columns
    (`month_start`, `*_date`) hold `datetime.date` values."""
    params = metric_params(period, filters, rule)
    return with_dates(queries.run(engine, queries.get_query("trend", name), params))


def with_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns (`month_start`, `*_date`) as `datetime.date`; date-times (`*_at`) kept."""
    for column in frame.columns:
        if column == "month_start" or column.endswith("_date"):
            frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def trend_names() -> tuple[str, ...]:
    return tuple(q.name for q in queries.queries_of_kind("trend"))
