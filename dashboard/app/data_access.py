"""What pages may ask for: the current version, and the figures of a `Request` as the session's
`Access` may see them.

One pipeline for every figure. The exact figures of a request are computed once (every kpi
file, a monthly series, a table: `figures.request`) and cached whoever asks; a role with exact
figures gets them as they are. For a role without, disclosure control is applied once, to data
already computed: the tiles first, then each table with the tiles and the protected tables it
shares figures with (`disclosure.Known`); the protected results are cached per request and
access, and rounded on the way out. Every public function checks the role itself (hiding a page
is not enough). A new upload is a new version id, so a new cache key: no session ever sees a mix
of versions. Caches are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import disclosure, formatting, i18n, periods, settings
from dashboard.access import roles
from dashboard.access.viewer import Access
from dashboard.app import session
from dashboard.figures import catalogue, queries, spc, spc_metrics
from dashboard.figures import request as figures
from dashboard.figures import spc_inputs as recorded
from dashboard.figures.disruption import DEFAULT_RULE, RepeatRule
from dashboard.figures.metrics import KpiResults
from dashboard.figures.request import Request
from dashboard.filters import Filters
from dashboard.periods import Period, is_standard
from dashboard.store.versions import Store

CACHE = {"max_entries": 2048, "ttl": 6 * 3600, "show_spinner": False}


@dataclass(frozen=True)
class DataVersion:
    """The version a page shows: its id, as-at date, and what its manifest says about it."""

    store_root: str
    id: str
    as_at: date
    manifest: dict

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("synthetic"))

    @property
    def partly_synthetic(self) -> bool:
        """Some tables (or rows) came from `flightdeck synth`, others did not."""
        tables = self.manifest.get("tables", {}).values()
        return not self.synthetic and any(info.get("synthetic") for info in tables)

    def request(self, period: Period, filters: Filters, rule: RepeatRule | None = None) -> Request:
        """A view of this version."""
        return Request(self.store_root, self.id, period, filters, rule or DEFAULT_RULE)


def store() -> Store:
    return Store(settings.default_store().resolve())


def current_version() -> DataVersion | None:
    """The current version, read afresh on every run (cheap: its tables' footers are read once),
    so a new upload shows at once; None for an empty store; UnreadableVersion if it cannot be
    served (a missing or damaged file), which the shell turns into one sentence."""
    s = store()
    current = s.current()
    if current is None:
        return None
    version, manifest = current
    return DataVersion(str(s.root), version, date.fromisoformat(manifest["as_at"]), manifest)


def contact() -> str:
    """Whom to ask about this dashboard: the roles file's `contact` (the administrator's own
    text), else the catalogue's words for the administrator; the same whatever the role."""
    try:
        return roles.contact_text(roles.config_for_store(str(store().root)))
    except roles.RolesConfigError:  # the shell has said so; the words for the administrator
        return i18n.t("access.contact_default")


def access() -> Access:
    """Who is asking: this session's roles, its language and the threshold its figures need."""
    return Access.of(session.current(), i18n.current_language(), disclosure.configured_threshold())


def can(capability: str) -> bool:
    """Whether this session's role has a capability (for what a page offers)."""
    return access().can(capability)


def _standard(period: Period) -> None:
    """Suppressed figures only for the periods the presets give (no custom dates): two
    periods a day apart would otherwise give one day's count by subtraction."""
    if not is_standard(period):
        raise roles.AccessDenied("exact_figures")


# --- exact figures: computed once per request, whoever asks (returned only after a role check)


@st.cache_data(**CACHE)
def _kpis(request: Request) -> KpiResults:
    return figures.kpis(request)


@st.cache_data(**CACHE)
def _trend(request: Request, name: str) -> pd.DataFrame:
    return figures.trend(request, name)


@st.cache_data(**CACHE)
def _breakdown(request: Request, name: str) -> pd.DataFrame:
    return figures.breakdown(request, name)


# --- protected figures: disclosure control applied once per request and access -------------


@st.cache_data(**CACHE)
def _tiles(request: Request, who: Access) -> disclosure.TileState:
    return disclosure.protect_tiles(_kpis(request), request.filters, _rounding(request))


@st.cache_data(**CACHE)
def _series(request: Request, name: str, who: Access) -> pd.DataFrame:
    """A monthly series over the months protected together with the request's period."""
    frame = _trend(request.at(disclosure.series_months(request.period)), name)
    before = request.at(periods.previous_period(request.period))
    known = disclosure.Known(_tiles(request, who), _tiles(before, who))
    return disclosure.protect_trend(name, frame, request.period, request.filters, known)


@st.cache_data(**CACHE)
def _table(request: Request, name: str, who: Access) -> pd.DataFrame:
    tables = {need: _protected(request, need, who) for need in disclosure.needs("breakdown", name)}
    known = disclosure.Known(_tiles(request, who), tables=tables)
    return disclosure.protect_table(name, _breakdown(request, name), request.filters, known)


def _rounding(request: Request) -> disclosure.Rounding:
    """How the counts of the request's store are shown (its base and key)."""
    return disclosure.rounding_for(request.store_root)


def _protected(request: Request, table: tuple[str, str], who: Access) -> pd.DataFrame:
    """Another table of the same view, as protected (a breakdown, or a series' own months)."""
    kind, name = table
    if kind == "breakdown":
        return _table(request, name, who)
    p = request.period
    return disclosure.rows_between(_series(request, name, who), p.start, p.end)


# --- what pages ask for --------------------------------------------------------------------


def metric_values(request: Request) -> dict[str, Any]:
    """Every §2 and §3 metric (and rui_share) for the request, as `flightdeck metrics` gives
    them; without exact figures suppressed, then every count rounded."""
    who = access()
    who.require("view_aggregates")
    if who.exact:
        return _kpis(request).values()
    _standard(request.period)
    return disclosure.rounded_tiles(_tiles(request, who), _rounding(request))


def changes(request: Request, other: Request) -> dict[str, disclosure.Change]:
    """For a role without exact figures: each tile's change from `other`'s period to the
    request's, from the rounded figures alone (`disclosure.tile_changes`: what every pair of
    exact figures they could stand for allows, so it never exaggerates and gives nothing away);
    empty for a role with exact figures (their change is worked out from the figures)."""
    who = access()
    who.require("view_aggregates")
    if who.exact:
        return {}
    _standard(request.period)
    _standard(other.period)
    now, before = _tiles(request, who), _tiles(other, who)
    return disclosure.tile_changes(now, before, _kpis(request), _kpis(other), _rounding(request))


def trend(request: Request, name: str, *, view: Period | None = None) -> pd.DataFrame:
    """A monthly series from `queries/trend/<name>.sql` over the request's months. `view`: the
    page's period when the months asked for are a window around it (a tile's sparkline); for
    scrutiny those months are protected together with the page's own (empty when they cannot
    be)."""
    who = access()
    who.require("view_aggregates")
    if who.exact:
        return formatting.reference_words(_trend(request, name))
    page = request.at(view) if view is not None else request
    _standard(page.period)
    p = request.period
    frame = disclosure.rows_between(_series(page, name, who), p.start, p.end)
    return formatting.reference_words(disclosure.rounded("trend", name, frame, _rounding(request)))


def quarters(request: Request, key: str, count: int = 8) -> pd.DataFrame:
    """A metric over the `count` financial-year quarters to the end of the request's period
    (`quarter_start`, `quarter_end`, `quarter`, `value`): each quarter's figure is that
    quarter's tile as this role sees it when it chooses the quarter (`metric_values`: for
    scrutiny protected and rounded through the disclosure layer), so the series shows no figure
    of its own. For a role that would see monthly figures hidden: a quarter holds three
    months' records."""
    last = periods.last_complete_fy_quarter(request.period.end)
    spans = [last]
    while len(spans) < count:
        spans.insert(0, periods.previous_period(spans[0]))
    rows = [
        {
            "quarter_start": q.start,
            "quarter_end": q.end,
            "quarter": formatting.period_label(q),
            "value": metric_values(request.at(q))[key],
        }
        for q in spans
    ]
    return pd.DataFrame(rows, columns=["quarter_start", "quarter_end", "quarter", "value"])


def spc_inputs(request: Request, key: str) -> dict[str, Any]:
    """What an analyst recorded for `key` in the request's version, as `spc_metrics.chart_of`
    takes it: its targets and the process changes its limits start again from (the same for
    every period and filter: read once per version)."""
    return _spc_inputs(request.store_root, request.version, key)


@st.cache_data(**CACHE)
def _spc_inputs(store_root: str, version: str, key: str) -> dict[str, Any]:
    request = Request(store_root, version, periods.month(2000, 1), Filters(), DEFAULT_RULE)
    return {
        "targets": recorded.targets(request, key),
        "changes": recorded.process_changes(request, key),
    }


def exact_verdict(request: Request, key: str) -> str | None:
    """For a role without exact figures: the SPC verdict on the metric's exact months (the 24
    to the period's end, as leaders see it), given only where `disclosure.may_judge` allows (no
    count of the series small in any of those months); None otherwise, or with no series."""
    who = access()
    who.require("view_aggregates")
    name = catalogue.trend_of(key)
    if name is None:
        return None
    _standard(request.period)
    window = request.at(spc_metrics.window_to(request.period.end))
    frame = _trend(window, name)
    if key not in frame.columns or not disclosure.may_judge(name, frame):
        return None
    made = spc_metrics.chart_of(frame, key, **spc_inputs(window, key))
    return spc.variation(made.chart, made.better)


def breakdown(request: Request, name: str, capability: str = "view_aggregates") -> pd.DataFrame:
    """A table from `queries/breakdown/<name>.sql` (suspect-level lists need their capability,
    named by the query's `access` header, whatever the caller asked for)."""
    who = access()
    who.require(capability)
    if needed := queries.get_query("breakdown", name).header.get("access"):
        who.require(needed)
    if who.exact:
        return formatting.reference_words(_breakdown(request, name))
    _standard(request.period)
    if disclosure.force_wide("breakdown", name):
        request = request.force_wide()
    table = disclosure.rounded("breakdown", name, _table(request, name, who), _rounding(request))
    return formatting.reference_words(table)


def headers(kind: str = "kpi") -> dict[str, dict[str, str]]:
    """Each query's header (label, definition, unit, better, basis) by name."""
    return {q.name: q.header for q in queries.queries_of_kind(kind)}
