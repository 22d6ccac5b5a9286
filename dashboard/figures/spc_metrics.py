"""Which metrics have an SPC chart, over which months, and their XmR chart for a request.

A metric has a chart when the catalogue gives it a monthly series (`catalogue.trend_of`): the
values are that trend query's column of the metric's name, one per calendar month, exactly as
the trend charts show them. The default window is the 24 complete months to the data's as-at
date. A recorded-basis measure is charted, but its months are not judged better or worse (its
latest months are low only because their crimes are still open): its direction is not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import periods
from dashboard.figures import catalogue, queries, spc
from dashboard.figures import request as figures
from dashboard.figures.request import Request

WINDOW_MONTHS = 24
# What a measure of each unit can be: its chart's lines are drawn within it
BOUNDS = {"count": (0.0, None), "days": (0.0, None), "hours": (0.0, None), "rate": (0.0, 1.0)}


def charted() -> tuple[str, ...]:
    """Every metric with a monthly series, in the catalogue's order (metrics.md §2 then §3)."""
    keys = [*catalogue.section(2), *catalogue.section(3)]
    return tuple(k for k in keys if catalogue.trend_of(k) is not None)


def default_window(as_at: date) -> periods.Period:
    """The `WINDOW_MONTHS` complete calendar months to the as-at date."""
    return window_to(periods.last_complete_month(as_at).end)


def window_to(end: date) -> periods.Period:
    """The `WINDOW_MONTHS` calendar months whose last is the month of `end` (to `end`)."""
    index = end.year * 12 + end.month - 1 - (WINDOW_MONTHS - 1)
    return periods.Period(date(index // 12, index % 12 + 1, 1), end)


def direction(key: str) -> str | None:
    """ "up" or "down" when a movement of the metric can be called better or worse; None when
    it cannot (no better direction, or a recorded-basis measure whose latest months are
    immature)."""
    query = queries.get_query("kpi", key)
    if query.basis == "recorded" or query.better not in ("up", "down"):
        return None
    return query.better


@dataclass(frozen=True)
class MetricChart:
    key: str
    unit: str
    better: str | None
    chart: spc.Chart


def chart_for(
    request: Request,
    key: str,
    settings: spc.Settings | None = None,
    recalculate: tuple[date, ...] = (),
) -> MetricChart:
    """The XmR chart of `key`'s monthly values over the request's period (whole months)."""
    series = catalogue.trend_of(key)
    if series is None:
        raise KeyError(key)
    return chart_of(figures.trend(request, series), key, settings, recalculate)


def chart_of(
    frame: pd.DataFrame,
    key: str,
    settings: spc.Settings | None = None,
    recalculate: tuple[date, ...] = (),
) -> MetricChart:
    """The XmR chart of the column `key` of a monthly trend frame; a month whose value is
    missing or withheld (words, not a number) is not a point."""
    numbers = pd.to_numeric(frame[key], errors="coerce")  # words (a hidden figure): no number
    values = [None if pd.isna(v) else float(v) for v in numbers.tolist()]
    unit = queries.get_query("kpi", key).unit
    bounds = BOUNDS.get(unit, (None, None))
    chart = spc.xmr(frame["month_start"].tolist(), values, settings, recalculate, bounds)
    return MetricChart(key, unit, direction(key), chart)
