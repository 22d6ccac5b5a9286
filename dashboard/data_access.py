"""What pages may ask for: the current version and cached query results, keyed by data version.

Every cached function takes the version id, so a new upload (from the browser or the command
line) is a new cache key and no session ever sees a mix of versions. Caches are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import metrics, queries
from dashboard.engine import engine_for
from dashboard.filters import Filters
from dashboard.paths import default_store
from dashboard.periods import Period
from dashboard.store import Store

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


@st.cache_data(**CACHE)
def flight_deck_metrics(
    store_root: str, version: str, start: date, end: date, filters: Filters
) -> dict[str, Any]:
    """Every §2 metric for a period (the same function as `flightdeck metrics`)."""
    return metrics.compute_metrics(_engine(store_root, version), Period(start, end), filters)


@st.cache_data(**CACHE)
def trend(
    store_root: str, version: str, name: str, start: date, end: date, filters: Filters
) -> pd.DataFrame:
    """A monthly series from `queries/trend/<name>.sql`."""
    return metrics.trend(_engine(store_root, version), name, Period(start, end), filters)


@st.cache_data(**CACHE)
def breakdown(
    store_root: str, version: str, name: str, start: date, end: date, filters: Filters
) -> pd.DataFrame:
    """A table from `queries/breakdown/<name>.sql`."""
    query = queries.get_query("breakdown", name)
    params = metrics.metric_params(Period(start, end), filters)
    return queries.run(_engine(store_root, version), query, params)


def headers(kind: str = "kpi") -> dict[str, dict[str, str]]:
    """Each query's header (label, definition, unit, better, basis) by name."""
    return {q.name: q.header for q in queries.queries_of_kind(kind)}


def version_list(store_root: str | Path) -> list[dict]:
    """Every version's manifest, newest first."""
    return list(reversed(Store(store_root).versions()))


@st.cache_data(**CACHE)
def quality_checks(store_root: str, version: str) -> list:
    """Every data-quality check of `queries/checks/` on a version, with its first rows."""
    from dashboard import data_quality

    return data_quality.run_checks(_engine(store_root, version))


@st.cache_data(**CACHE)
def check_rows(store_root: str, version: str, name: str) -> pd.DataFrame:
    """Every row a data-quality check finds (for its download)."""
    from dashboard import data_quality

    return data_quality.offending_rows(_engine(store_root, version), name)


def quarantine(store_root: str, version: str) -> pd.DataFrame | None:
    """The rows set aside when this version was loaded, or None."""
    table = Store(store_root).read_table(version, "_quarantine")
    return table.to_pandas() if table is not None else None
