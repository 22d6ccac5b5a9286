"""The one pipeline by which a figure reaches a reader: exact figures for a role with them,
for any other the figures after disclosure control, then rounded.

The exact figures of a request are computed once (every kpi file, a monthly series, a table:
`figures.request`) and cached whoever asks; a role with exact figures gets them as they are.
For a role without, disclosure control is applied once, to data already computed: the tiles
first, then each table with the tiles and the protected tables it shares figures with
(`disclosure.Known`); the protected results are cached per request and access, and rounded on
the way out. Every public function checks the role itself.

Why here and not in the app: the dashboard and the board pack (`dashboard.report`, which the
command line calls) must show the same figures through the same protection, and the command
line may not import the app. So the pipeline takes its two Streamlit-bound parts as arguments:
`who` (who is asking: the app reads its session, the pack its `--role`) and `cache` (the app
passes `st.cache_data`, the pack `memo`). `dashboard.app.data_access` is a thin wrapper that
keeps its names.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import disclosure, formatting, periods
from dashboard.access import roles
from dashboard.access.viewer import Access
from dashboard.figures import catalogue, queries, spc, spc_metrics
from dashboard.figures import request as figures
from dashboard.figures import spc_inputs as recorded
from dashboard.figures.disruption import DEFAULT_RULE
from dashboard.figures.metrics import KpiResults
from dashboard.figures.request import Request
from dashboard.filters import Filters
from dashboard.periods import Period, is_standard

Cache = Callable[[Callable], Callable]


def memo(function: Callable) -> Callable:
    """A cache for one process (the board pack's): each result kept by its arguments, handed
    out as a copy, as Streamlit's cache does, so that no caller can change another's figures."""
    kept: dict[tuple, Any] = {}

    @functools.wraps(function)
    def cached(*args: Any) -> Any:
        if args not in kept:
            kept[args] = function(*args)
        return copy.deepcopy(kept[args])

    return cached


def standard(period: Period) -> None:
    """Suppressed figures only for the periods the presets give (no custom dates): two
    periods a day apart would otherwise give one day's count by subtraction."""
    if not is_standard(period):
        raise roles.AccessDenied("exact_figures")


@dataclass(frozen=True)
class Pipeline:
    """The figures of a request as `who()` may see them; the cached steps are kept as fields
    so that the app's wrapper can offer them under their old names."""

    who: Callable[[], Access]
    kpis: Callable[[Request], KpiResults]
    trend_exact: Callable[[Request, str], pd.DataFrame]
    breakdown_exact: Callable[[Request, str], pd.DataFrame]
    tiles: Callable[[Request, Access], disclosure.TileState]
    series: Callable[[Request, str, Access], pd.DataFrame]
    table: Callable[[Request, str, Access], pd.DataFrame]
    recorded_inputs: Callable[[str, str, str], dict[str, Any]]

    def metric_values(self, request: Request) -> dict[str, Any]:
        """Every §2 and §3 metric (and rui_share) for the request, as `flightdeck metrics`
        gives them; without exact figures suppressed, then every count rounded."""
        who = self.who()
        who.require("view_aggregates")
        if who.exact:
            return self.kpis(request).values()
        standard(request.period)
        return disclosure.rounded_tiles(self.tiles(request, who), _rounding(request))

    def changes(self, request: Request, other: Request) -> dict[str, disclosure.Change]:
        """For a role without exact figures: each tile's change from `other`'s period to the
        request's, from the rounded figures alone (`disclosure.tile_changes`); empty for a role
        with exact figures (their change is worked out from the figures)."""
        who = self.who()
        who.require("view_aggregates")
        if who.exact:
            return {}
        standard(request.period)
        standard(other.period)
        now, before = self.tiles(request, who), self.tiles(other, who)
        return disclosure.tile_changes(
            now, before, self.kpis(request), self.kpis(other), _rounding(request)
        )

    def trend(self, request: Request, name: str, *, view: Period | None = None) -> pd.DataFrame:
        """A monthly series from `queries/trend/<name>.sql` over the request's months. `view`:
        the page's period when the months asked for are a window around it; for scrutiny those
        months are protected together with the page's own (empty when they cannot be)."""
        who = self.who()
        who.require("view_aggregates")
        if who.exact:
            return formatting.reference_words(self.trend_exact(request, name))
        page = request.at(view) if view is not None else request
        standard(page.period)
        p = request.period
        frame = disclosure.rows_between(self.series(page, name, who), p.start, p.end)
        rounded = disclosure.rounded("trend", name, frame, _rounding(request))
        return formatting.reference_words(rounded)

    def quarters(self, request: Request, key: str, count: int = 8) -> pd.DataFrame:
        """A metric over the `count` financial-year quarters to the end of the request's period
        (`quarter_start`, `quarter_end`, `quarter`, `value`): each quarter's figure is that
        quarter's tile as this role sees it (`metric_values`), so the series shows no figure of
        its own."""
        last = periods.last_complete_fy_quarter(request.period.end)
        spans = [last]
        while len(spans) < count:
            spans.insert(0, periods.previous_period(spans[0]))
        rows = [
            {
                "quarter_start": q.start,
                "quarter_end": q.end,
                "quarter": formatting.period_label(q),
                "value": self.metric_values(request.at(q))[key],
            }
            for q in spans
        ]
        return pd.DataFrame(rows, columns=["quarter_start", "quarter_end", "quarter", "value"])

    def spc_inputs(self, request: Request, key: str) -> dict[str, Any]:
        """What an analyst recorded for `key` in the request's version (its targets and process
        changes), as `spc_metrics.chart_of` takes it."""
        return self.recorded_inputs(request.store_root, request.version, key)

    def exact_verdict(self, request: Request, key: str) -> str | None:
        """For a role without exact figures: the SPC verdict on the metric's exact months (the
        24 to the period's end), given only where `disclosure.may_judge` allows; None
        otherwise, or with no series."""
        who = self.who()
        who.require("view_aggregates")
        name = catalogue.trend_of(key)
        if name is None:
            return None
        standard(request.period)
        window = request.at(spc_metrics.window_to(request.period.end))
        frame = self.trend_exact(window, name)
        if key not in frame.columns or not disclosure.may_judge(name, frame):
            return None
        made = spc_metrics.chart_of(frame, key, **self.spc_inputs(window, key))
        return spc.variation(made.chart, made.better)

    def breakdown(
        self, request: Request, name: str, capability: str = "view_aggregates"
    ) -> pd.DataFrame:
        """A table from `queries/breakdown/<name>.sql` (suspect-level lists need their
        capability, named by the query's `access` header, whatever the caller asked for)."""
        who = self.who()
        who.require(capability)
        if needed := queries.get_query("breakdown", name).header.get("access"):
            who.require(needed)
        if who.exact:
            return formatting.reference_words(self.breakdown_exact(request, name))
        standard(request.period)
        if disclosure.force_wide("breakdown", name):
            request = request.force_wide()
        protected = self.table(request, name, who)
        table = disclosure.rounded("breakdown", name, protected, _rounding(request))
        return formatting.reference_words(table)


def _rounding(request: Request) -> disclosure.Rounding:
    """How the counts of the request's store are shown (its base and key)."""
    return disclosure.rounding_for(request.store_root)


def build(who: Callable[[], Access], cache: Cache) -> Pipeline:
    """The pipeline for readers named by `who()`, each step kept by `cache`."""

    @cache
    def kpis(request: Request) -> KpiResults:
        return figures.kpis(request)

    @cache
    def trend_exact(request: Request, name: str) -> pd.DataFrame:
        return figures.trend(request, name)

    @cache
    def breakdown_exact(request: Request, name: str) -> pd.DataFrame:
        return figures.breakdown(request, name)

    @cache
    def tiles(request: Request, who: Access) -> disclosure.TileState:
        return disclosure.protect_tiles(kpis(request), request.filters, _rounding(request))

    @cache
    def series(request: Request, name: str, who: Access) -> pd.DataFrame:
        """A monthly series over the months protected together with the request's period."""
        frame = trend_exact(request.at(disclosure.series_months(request.period)), name)
        before = request.at(periods.previous_period(request.period))
        known = disclosure.Known(tiles(request, who), tiles(before, who))
        return disclosure.protect_trend(name, frame, request.period, request.filters, known)

    @cache
    def table(request: Request, name: str, who: Access) -> pd.DataFrame:
        needs = disclosure.needs("breakdown", name)
        tables = {need: protected(request, need, who) for need in needs}
        known = disclosure.Known(tiles(request, who), tables=tables)
        exact = breakdown_exact(request, name)
        return disclosure.protect_table(name, exact, request.filters, known)

    def protected(request: Request, need: tuple[str, str], who: Access) -> pd.DataFrame:
        """Another table of the same view, as protected (a breakdown, or a series' months)."""
        kind, name = need
        if kind == "breakdown":
            return table(request, name, who)
        p = request.period
        return disclosure.rows_between(series(request, name, who), p.start, p.end)

    @cache
    def recorded_inputs(store_root: str, version: str, key: str) -> dict[str, Any]:
        request = Request(store_root, version, periods.month(2000, 1), Filters(), DEFAULT_RULE)
        return {
            "targets": recorded.targets(request, key),
            "changes": recorded.process_changes(request, key),
        }

    return Pipeline(who, kpis, trend_exact, breakdown_exact, tiles, series, table, recorded_inputs)
