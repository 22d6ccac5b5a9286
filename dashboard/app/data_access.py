"""What pages may ask for: the current version, and the figures of a `Request` as the session's
`Access` may see them.

A thin Streamlit wrapper of the one pipeline, `dashboard.shown` (which the board pack calls
too, below the app): this module gives it the session's `access()` and Streamlit's bounded
cache, and keeps the names pages and tests use.

One pipeline for every figure. The exact figures of a request are computed once (every kpi
file, a monthly series, a table: `figures.request`) and cached whoever asks; a role with exact
figures gets them as they are. For a role without, disclosure control is applied once, to data
already computed: the tiles first, then each table with the tiles and the protected tables it
shares figures with (`disclosure.Known`); the protected results are cached per request and
access, and rounded on the way out. Every public function checks the role itself (hiding a page
is not enough). A new upload is a new version id, so a new cache key: no session ever sees a mix
of versions. Caches are bounded: in entries and time, and each version's entries are released
once it is no longer current and no run is drawing from it (`version_lifetime`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard import disclosure, i18n, settings, shown
from dashboard.access import roles
from dashboard.access.viewer import Access
from dashboard.app import session, version_lifetime
from dashboard.figures import queries
from dashboard.figures.disruption import DEFAULT_RULE, RepeatRule
from dashboard.figures.request import Request
from dashboard.filters import Filters
from dashboard.periods import Period
from dashboard.store.versions import Store

CACHE = version_lifetime.CACHE


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
    so a new upload shows at once, and the versions no longer current are released
    (`version_lifetime`); None for an empty store; UnreadableVersion if it cannot be
    served (a missing or damaged file), which the shell turns into one sentence."""
    s = store()
    current = s.current()
    if current is None:
        return None
    version, manifest = current
    version_lifetime.seen_current(version_lifetime.FORCE, str(s.root), version)
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


_standard = shown.standard  # no custom dates for suppressed figures (`shown.standard`)


# --- the one pipeline (`dashboard.shown`), kept by Streamlit's cache; `access` is looked up
# at each call, so that what replaces it (a test's role) is who asks

_pipeline = shown.build(lambda: access(), version_lifetime.cached())

# exact figures: computed once per request, whoever asks (returned only after a role check)
_kpis = _pipeline.kpis
_trend = _pipeline.trend_exact
_breakdown = _pipeline.breakdown_exact
# protected figures: disclosure control applied once per request and access
_tiles = _pipeline.tiles
_series = _pipeline.series
_table = _pipeline.table


# --- what pages ask for --------------------------------------------------------------------


def figures_pipeline() -> shown.Pipeline:
    """The pipeline itself, as the session may see it, for what takes it whole (the board
    pack, `dashboard.report.make`): the same cache and role checks as every figure here."""
    return _pipeline


def metric_values(request: Request) -> dict[str, Any]:
    """Every §2 and §3 metric (and rui_share) for the request, as `flightdeck metrics` gives
    them; without exact figures suppressed, then every count rounded."""
    return _pipeline.metric_values(request)


def changes(request: Request, other: Request) -> dict[str, disclosure.Change]:
    """For a role without exact figures: each tile's change from `other`'s period to the
    request's, from the rounded figures alone (`disclosure.tile_changes`: what every pair of
    exact figures they could stand for allows, so it never exaggerates and gives nothing away);
    empty for a role with exact figures (their change is worked out from the figures)."""
    return _pipeline.changes(request, other)


def trend(request: Request, name: str, *, view: Period | None = None) -> pd.DataFrame:
    """A monthly series from `queries/trend/<name>.sql` over the request's months. `view`: the
    page's period when the months asked for are a window around it (a tile's sparkline); for
    scrutiny those months are protected together with the page's own (empty when they cannot
    be)."""
    return _pipeline.trend(request, name, view=view)


def quarters(request: Request, key: str, count: int = 8) -> pd.DataFrame:
    """A metric over the `count` financial-year quarters to the end of the request's period
    (`quarter_start`, `quarter_end`, `quarter`, `value`): each quarter's figure is that
    quarter's tile as this role sees it when it chooses the quarter (`metric_values`: for
    scrutiny protected and rounded through the disclosure layer), so the series shows no figure
    of its own. For a role that would see monthly figures hidden: a quarter holds three
    months' records."""
    return _pipeline.quarters(request, key, count)


def spc_inputs(request: Request, key: str) -> dict[str, Any]:
    """What an analyst recorded for `key` in the request's version, as `spc_metrics.chart_of`
    takes it: its targets and the process changes its limits start again from (the same for
    every period and filter: read once per version)."""
    return _pipeline.spc_inputs(request, key)


def exact_verdict(request: Request, key: str) -> str | None:
    """For a role without exact figures: the SPC verdict on the metric's exact months (the 24
    to the period's end, as leaders see it), given only where `disclosure.may_judge` allows (no
    count of the series small in any of those months); None otherwise, or with no series."""
    return _pipeline.exact_verdict(request, key)


def breakdown(request: Request, name: str, capability: str = "view_aggregates") -> pd.DataFrame:
    """A table from `queries/breakdown/<name>.sql` (suspect-level lists need their capability,
    named by the query's `access` header, whatever the caller asked for)."""
    return _pipeline.breakdown(request, name, capability)


def headers(kind: str = "kpi") -> dict[str, dict[str, str]]:
    """Each query's header (label, definition, unit, better, basis) by name."""
    return {q.name: q.header for q in queries.queries_of_kind(kind)}
