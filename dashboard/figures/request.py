"""What a page or a command asks for, as one frozen value (`Request`: data version, period,
filters, repeat-suspect rule), and the figures it gets: every kpi file, a monthly series or a
table, each computed from the version's engine exactly as `flightdeck metrics` computes it.

A request is hashable: it is the cache key of everything computed for it (the app adds who asks).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dashboard.figures import disruption, metrics, queries
from dashboard.figures.disruption import DEFAULT_RULE, RepeatRule
from dashboard.figures.engine import Engine, engine_for
from dashboard.filters import NO_FILTERS, Filters
from dashboard.periods import Period
from dashboard.store.versions import Store

EVERY_KPI = (*metrics.KPI_KEYS, *disruption.DISRUPTION_KEYS)


@dataclass(frozen=True)
class Request:
    """One view of one data version."""

    store_root: str
    version: str
    period: Period
    filters: Filters = NO_FILTERS
    rule: RepeatRule = DEFAULT_RULE

    def at(self, period: Period) -> Request:
        """The same view of another period (a comparison, a sparkline's months)."""
        return replace(self, period=period)

    def force_wide(self) -> Request:
        """The same view without its filters (the whole force)."""
        return replace(self, filters=NO_FILTERS)

    @property
    def params(self) -> dict[str, Any]:
        """Every parameter a query file may declare, bound from this request."""
        return metrics.metric_params(self.period, self.filters, self.rule)

    def engine(self) -> Engine:
        """The version's engine (loaded once, kept for the last few versions used)."""
        return engine_for(Store(self.store_root).version_dir(self.version), self.version)


def kpis(request: Request) -> metrics.KpiResults:
    """Every kpi file (§2, §3 and rui_share), each run once."""
    return metrics.run_kpis(request.engine(), EVERY_KPI, request.params)


def trend(request: Request, name: str) -> pd.DataFrame:
    """A monthly series from `queries/trend/<name>.sql` over the request's period."""
    query = queries.get_query("trend", name)
    return metrics.with_dates(queries.run(request.engine(), query, request.params))


def breakdown(request: Request, name: str) -> pd.DataFrame:
    """A table from `queries/breakdown/<name>.sql` for the request (as the query returns it)."""
    return queries.run(request.engine(), queries.get_query("breakdown", name), request.params)
