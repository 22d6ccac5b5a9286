"""What pages may ask about the data itself: the versions, the data-quality checks and the rows
behind them, the rows set aside at upload, and what an upload or a rollback would change. Each
function checks the session's role itself (hiding a page is not enough); figures a scrutiny user
may see are suppressed and rounded as every other count."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from dashboard import disclosure
from dashboard.access.viewer import Access
from dashboard.app import version_lifetime
from dashboard.app.data_access import access
from dashboard.figures import data_quality, version_changes
from dashboard.figures.engine import engine_for
from dashboard.periods import Period
from dashboard.store.versions import Store

# Uploading and rolling back both compare versions (the upload and history pages).
VERSION_CAPABILITIES = ("upload", "rollback")


def _engine(store_root: str, version: str):
    return engine_for(Store(store_root).version_dir(version), version)


def version_list(store_root: str | Path) -> list[dict]:
    """Every version's manifest, newest first."""
    access().require("view_aggregates")
    return list(reversed(Store(store_root).versions()))


def quality_checks(store_root: str, version: str) -> list:
    """Every data-quality check of `queries/checks/` on a version, with its first rows (the
    rows themselves only for roles that may see records)."""
    return _quality_checks(store_root, version, access())


@version_lifetime.cached()
def _quality_checks(store_root: str, version: str, who: Access) -> list:
    who.require("view_aggregates")
    results = data_quality.run_checks(_engine(store_root, version))
    if not who.can("view_records"):
        results = [replace(r, first_rows=r.first_rows.iloc[0:0]) for r in results]
    if not who.exact:
        rounding = disclosure.rounding_for(store_root)
        results = [replace(r, count=disclosure.shown_count(r.count, rounding)) for r in results]
    return results


@version_lifetime.cached()
def _check_rows(store_root: str, version: str, name: str, who: Access) -> pd.DataFrame:
    who.require("view_records")
    return data_quality.offending_rows(_engine(store_root, version), name)


def check_rows(store_root: str, version: str, name: str) -> pd.DataFrame:
    """Every row a data-quality check finds (for its download)."""
    return _check_rows(store_root, version, name, access())


def quarantine(store_root: str, version: str) -> pd.DataFrame | None:
    """The rows set aside when this version was loaded, or None."""
    access().require("view_records")
    table = Store(store_root).read_table(version, "_quarantine")
    return table.to_pandas() if table is not None else None


def _require_one_of(capabilities: tuple[str, ...]) -> None:
    """Return if the session holds one of `capabilities`; AccessDenied (the first) otherwise."""
    who = access()
    if not any(who.can(capability) for capability in capabilities):
        who.require(capabilities[0])


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
