"""What pages may ask for: the current version and cached query results, keyed by data version.

Every cached function takes the version id, so a new upload (from the browser or the command
line) is a new cache key and no session ever sees a mix of versions. Caches are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.access import roles
from dashboard.disclosure import rounding as disclosure_rounding
from dashboard.disclosure import tiles as disclosure_tiles
from dashboard.disclosure import view as disclosure_view
from dashboard.disclosure.shapes import shape_of
from dashboard.figures import metrics, queries, version_changes
from dashboard.figures.engine import engine_for
from dashboard.filters import Filters
from dashboard.periods import Period, is_standard
from dashboard.settings import default_store
from dashboard.store.versions import Store

# Breakdowns that list pseudonymised suspects row by row.
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


def store() -> Store:
    return Store(default_store().resolve())


def current_version() -> DataVersion | None:
    """The current version, read afresh on every run (cheap), so a new upload shows at once."""
    s = store()
    version = s.current_id()
    if version is None:
        return None
    manifest = s.manifest(version)
    return DataVersion(str(s.root), version, date.fromisoformat(manifest["as_at"]), manifest)


def _engine(store_root: str, version: str):
    return engine_for(Store(store_root).version_dir(version), version)


def _access() -> str:
    """The session's roles, its language (results hold translated labels and suppression texts)
    and, without exact figures, the suppression threshold, as a cache key: roles and languages
    never share a cached result."""
    from dashboard import disclosure
    from dashboard.app import session
    from dashboard.i18n import current_language

    key = roles.cache_key(session.current()) + f"|lang:{current_language()}"
    if not roles.can(session.current(), "exact_figures"):
        key += f"|threshold:{disclosure.configured_threshold()}"
    return key


def _exact(access_key: str) -> bool:
    return roles.can(_identity(access_key), "exact_figures")


def _require(access_key: str, capability: str) -> None:
    """Every data function checks the role itself: hiding a page is not enough."""
    roles.require(_identity(access_key), capability)


def _require_standard(start: date, end: date) -> None:
    """Suppressed figures only for the periods the presets give (no custom dates): two
    periods a day apart would otherwise give one day's count by subtraction."""
    if not is_standard(Period(start, end)):
        raise roles.AccessDenied("exact_figures")


def flight_deck_metrics(
    store_root: str, version: str, start: date, end: date, filters: Filters, rule=None
) -> dict[str, Any]:
    """Every §2 metric (and §3 with the repeat-suspect rule) for a period, as the CLI gives
    (without exact figures: suppressed, then every count rounded)."""
    access_key = _access()
    figures = _metrics(store_root, version, start, end, filters, rule, access_key)
    if _exact(access_key):
        return figures
    units = {name: header["unit"] for name, header in headers("kpi").items()}
    return disclosure_rounding.round_metrics(figures, units)


@st.cache_data(**CACHE)
def _metrics(store_root, version, start, end, filters, rule, access_key) -> dict[str, Any]:
    _require(access_key, "view_aggregates")
    if not _exact(access_key):
        _require_standard(start, end)
        return dict(_tiles(store_root, version, start, end, filters, rule, access_key).shown)
    return _compute(store_root, version, Period(start, end), filters, rule)


def _compute(store_root, version, period: Period, filters, rule) -> dict[str, Any]:
    from dashboard.figures import disruption

    engine = _engine(store_root, version)
    figures = metrics.compute_metrics(engine, period, filters)
    figures.update(disruption.compute_disruption(engine, period, filters, rule))
    return figures


@st.cache_data(**CACHE)
def _tiles(store_root, version, start, end, filters, rule, access_key):
    """Scrutiny: a period's tiles protected, with the exact figures tables are protected by
    (never returned to a page)."""
    _require(access_key, "view_aggregates")
    period = Period(start, end)
    figures = _compute(store_root, version, period, filters, rule)
    engine = _engine(store_root, version)
    return disclosure_tiles.protect_metrics(engine, period, filters, rule, figures)


def _context(store_root, version, start, end, filters, rule, access_key):
    """What a scrutiny table's protection may look up: tiles and the view's other tables."""
    return disclosure_view.Context(
        Period(start, end),
        filters,
        tiles=lambda p: _tiles(store_root, version, p.start, p.end, filters, rule, access_key),
        breakdown=lambda name: _breakdown(
            store_root, version, name, start, end, filters, rule, "view_aggregates", access_key
        ),
        trend=lambda name: _trend(
            store_root, version, name, start, end, filters, rule, start, end, access_key
        ),
    )


def trend(
    store_root: str,
    version: str,
    name: str,
    start: date,
    end: date,
    filters: Filters,
    rule=None,
    *,
    view: tuple[date, date] | None = None,
) -> pd.DataFrame:
    """A monthly series from `queries/trend/<name>.sql`. `view`: the page's period when the
    months asked for are a window around it (a tile's sparkline); for scrutiny those months are
    protected together with the page's own (empty when they cannot be)."""
    view_start, view_end = view or (start, end)
    access_key = _access()
    frame = _trend(
        store_root, version, name, start, end, filters, rule, view_start, view_end, access_key
    )
    return frame if _exact(access_key) else _rounded("trend", name, frame)


def _rounded(kind: str, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A protected table as a scrutiny user sees it: its count columns rounded (the
    protection of other tables works on the unrounded, protected frames)."""
    shape = shape_of(kind, name)
    return disclosure_rounding.round_frame(frame, shape.counts) if shape else frame


@st.cache_data(**CACHE)
def _trend(
    store_root, version, name, start, end, filters, rule, view_start, view_end, access_key
) -> pd.DataFrame:
    _require(access_key, "view_aggregates")
    if _exact(access_key):
        return metrics.trend(_engine(store_root, version), name, Period(start, end), filters, rule)
    _require_standard(view_start, view_end)
    frame = _protected_trend(
        store_root, version, name, view_start, view_end, filters, rule, access_key
    )
    return disclosure_view.rows_between(frame, start, end)


@st.cache_data(**CACHE)
def _protected_trend(
    store_root, version, name, start, end, filters, rule, access_key
) -> pd.DataFrame:
    """Scrutiny: a series protected over the view window of the period from start to end."""
    _require(access_key, "view_aggregates")
    engine = _engine(store_root, version)
    ctx = _context(store_root, version, start, end, filters, rule, access_key)
    run = lambda p: metrics.trend(engine, name, p, filters, rule)  # noqa: E731
    return disclosure_view.protect_trend(name, run, ctx)


def breakdown(
    store_root: str,
    version: str,
    name: str,
    start: date,
    end: date,
    filters: Filters,
    rule=None,
    capability: str = "view_aggregates",
) -> pd.DataFrame:
    """A table from `queries/breakdown/<name>.sql` (suspect-level lists need their capability)."""
    access_key = _access()
    frame = _breakdown(store_root, version, name, start, end, filters, rule, capability, access_key)
    return frame if _exact(access_key) else _rounded("breakdown", name, frame)


@st.cache_data(**CACHE)
def _breakdown(
    store_root, version, name, start, end, filters, rule, capability, access_key
) -> pd.DataFrame:
    _require(access_key, capability)
    query = queries.get_query("breakdown", name)
    if needed := query.header.get("access"):  # whatever the caller asked for (suspect lists)
        _require(access_key, needed)
    params = metrics.metric_params(Period(start, end), filters, rule)
    frame = queries.run(_engine(store_root, version), query, params)
    if _exact(access_key):
        return frame
    _require_standard(start, end)
    ctx = _context(store_root, version, start, end, filters, rule, access_key)
    return disclosure_view.protect_breakdown(name, frame, ctx)


def headers(kind: str = "kpi") -> dict[str, dict[str, str]]:
    """Each query's header (label, definition, unit, better, basis) by name."""
    return {q.name: q.header for q in queries.queries_of_kind(kind)}


def version_list(store_root: str | Path) -> list[dict]:
    """Every version's manifest, newest first."""
    _require(_access(), "view_aggregates")
    return list(reversed(Store(store_root).versions()))


def quality_checks(store_root: str, version: str) -> list:
    """Every data-quality check of `queries/checks/` on a version, with its first rows (the
    rows themselves only for roles that may see records)."""
    return _quality_checks(store_root, version, _access())


@st.cache_data(**CACHE)
def _quality_checks(store_root: str, version: str, access_key: str) -> list:
    from dashboard.figures import data_quality

    _require(access_key, "view_aggregates")
    results = data_quality.run_checks(_engine(store_root, version))
    if not roles.can(_identity(access_key), "view_records"):
        results = [replace(r, first_rows=r.first_rows.iloc[0:0]) for r in results]
    if not _exact(access_key):
        from dashboard import disclosure

        shown = lambda n: disclosure_rounding.round_count(disclosure.suppress_value(n))  # noqa: E731
        results = [replace(r, count=shown(r.count)) for r in results]
    return results


def _identity(access_key: str) -> roles.Identity:
    held = access_key.split("|")[0].removeprefix("roles:")
    return roles.Identity(None, (), frozenset() if held == "none" else frozenset(held.split("+")))


@st.cache_data(**CACHE)
def _check_rows(store_root: str, version: str, name: str, access_key: str) -> pd.DataFrame:
    from dashboard.figures import data_quality

    _require(access_key, "view_records")
    return data_quality.offending_rows(_engine(store_root, version), name)


def check_rows(store_root: str, version: str, name: str) -> pd.DataFrame:
    """Every row a data-quality check finds (for its download)."""
    return _check_rows(store_root, version, name, _access())


def quarantine(store_root: str, version: str) -> pd.DataFrame | None:
    """The rows set aside when this version was loaded, or None."""
    _require(_access(), "view_records")
    table = Store(store_root).read_table(version, "_quarantine")
    return table.to_pandas() if table is not None else None


def can(capability: str) -> bool:
    """Whether this session's role has a capability (for what a page offers)."""
    return roles.can(_identity(_access()), capability)


# --- versions and uploads: exact figures and stored rows, for analysts managing versions -----

# Uploading and rolling back both compare versions (the upload and history pages).
VERSION_CAPABILITIES = ("upload", "rollback")


def _require_one_of(capabilities: tuple[str, ...]) -> None:
    """Return if the session holds one of `capabilities`; AccessDenied (the first) otherwise."""
    identity = _identity(_access())
    if not any(roles.can(identity, capability) for capability in capabilities):
        raise roles.AccessDenied(capabilities[0])


def version_tables(store: Store, version: str | None) -> dict:
    """Every table of a stored version (none for no version)."""
    _require_one_of(VERSION_CAPABILITIES)
    return version_changes.version_tables(store, version)


def headlines_of_version(store: Store, version: str, period: Period) -> dict:
    """The exact headline figures of a stored version."""
    _require_one_of(VERSION_CAPABILITIES)
    return version_changes.headlines_of_version(store, version, period)


def headlines_of_tables(tables: dict, period: Period) -> dict:
    """The headline figures of an upload's tables, before it is committed."""
    _require_one_of(("upload",))
    return version_changes.headlines_of_tables(tables, period)
