"""Which metrics have an SPC chart, over which months, and their XmR chart for a request.

A metric has a chart when the catalogue gives it a monthly series (`catalogue.trend_of`): the
values are that trend query's column of the metric's name, one per calendar month, exactly as
the trend charts show them. The default window is the 24 complete months to the data's as-at
date. A recorded-basis measure is charted, but its months are not judged better or worse (its
latest months are low only because their crimes are still open): its direction is not used.

An analyst's inputs (`spc_inputs`) come with the chart: the target in effect in each month
(drawn as a line) and the assurance verdict of the latest month's target against the latest
limits; the process changes recorded for the metric (or for all) start a new baseline at their
month, and those within the chart's months are named on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import periods
from dashboard.figures import catalogue, queries, spc, spc_inputs
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
    return periods.Period(periods.add_months(end, 1 - WINDOW_MONTHS), end)


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
    """A metric's XmR chart, with the analyst's inputs that apply to it.

    `targets`: the target in effect in each point's month, aligned with `chart.points`, in the
    stored unit (a rate as a fraction); `target`: the one in effect in the latest point's month;
    `assurance`: `spc.assurance` of that target (None without one, without limits or without a
    better direction); `changes`: the process changes within the chart's months, as (first day
    of the month, note), oldest first.
    """

    key: str
    unit: str
    better: str | None
    chart: spc.Chart
    targets: tuple[float | None, ...] = ()
    target: float | None = None
    assurance: str | None = None
    changes: tuple[tuple[date, str], ...] = ()


def chart_for(
    request: Request,
    key: str,
    settings: spc.Settings | None = None,
    recalculate: tuple[date, ...] | None = None,
) -> MetricChart:
    """The XmR chart of `key`'s monthly values over the request's period (whole months), with
    the targets and process changes of the request's data version. The limits are worked out
    again from each recorded process change's month, unless `recalculate` names the dates."""
    series = catalogue.trend_of(key)
    if series is None:
        raise KeyError(key)
    return chart_of(
        figures.trend(request, series),
        key,
        settings,
        recalculate,
        targets=spc_inputs.targets(request, key),
        changes=spc_inputs.process_changes(request, key),
    )


def chart_of(
    frame: pd.DataFrame,
    key: str,
    settings: spc.Settings | None = None,
    recalculate: tuple[date, ...] | None = None,
    targets: Sequence[spc_inputs.Target] = (),
    changes: Sequence[spc_inputs.ProcessChange] = (),
) -> MetricChart:
    """The XmR chart of the column `key` of a monthly trend frame; a month whose value is
    missing or withheld (words, not a number) is not a point. `targets` and `changes` are the
    version's (`spc_inputs`); the limits are worked out again from each change's month unless
    `recalculate` names the dates (`()`: none)."""
    numbers = pd.to_numeric(frame[key], errors="coerce")  # words (a hidden figure): no number
    values = [None if pd.isna(v) else float(v) for v in numbers.tolist()]
    unit = queries.get_query("kpi", key).unit
    bounds = BOUNDS.get(unit, (None, None))
    if recalculate is None:
        recalculate = tuple(sorted({change.month for change in changes}))
    chart = spc.xmr(frame["month_start"].tolist(), values, settings, recalculate, bounds)
    better = direction(key)
    in_effect = tuple(spc_inputs.target_in(p.month, targets) for p in chart.points)
    latest = in_effect[-1] if in_effect else None
    months = [spc_inputs.month_of(m) for m in frame["month_start"].tolist()]
    shown = tuple(
        (change.month, change.note)
        for change in sorted(changes, key=lambda c: c.start)
        if months and months[0] <= change.month <= months[-1]
    )
    return MetricChart(
        key,
        unit,
        better,
        chart,
        targets=in_effect,
        target=latest,
        assurance=spc.assurance(chart, latest, better),
        changes=shown,
    )
