"""The national comparison's data: the current national version of a store and its figures,
cached by national version id (a new `flightdeck national load` is a new cache key), and the
England and Wales figure the flight deck's charge-rate tiles show beside the force's own.

Every number comes through `dashboard.national.figures`, the same code as `flightdeck national
metrics`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from dashboard import formatting, periods
from dashboard.app import version_lifetime
from dashboard.figures import catalogue
from dashboard.i18n import t
from dashboard.national import choices as choose
from dashboard.national import current
from dashboard.national import figures as nf
from dashboard.national.engine import engine_for_version
from dashboard.store.versions import StoreError

log = logging.getLogger("flightdeck")

BENCHMARK_KEYS = catalogue.national()  # kpi headers `national: yes`


# --- the national data version (`dashboard.national.current`, below the app: the board pack
# reads it too) ---------------------------------------------------------------------------------

NationalVersion = current.NationalVersion


def national_version(store_root: str | Path) -> NationalVersion | None:
    """The current national version (`current.national_version`), read afresh on every run;
    the national versions no longer current are released (`version_lifetime`)."""
    nv = current.national_version(store_root)
    if nv is not None:
        version_lifetime.seen_current(version_lifetime.NATIONAL, str(store_root), nv.id)
    return nv


# --- cached figures, keyed by national version id ---------------------------------------------


def _engine(store_root: str, version: str):
    return engine_for_version(store_root, version)


@version_lifetime.cached(version_lifetime.NATIONAL)
def force_table(store_root: str, version: str, year: str, subgroup: str | None) -> pd.DataFrame:
    """Every force's figures and ranks for a year (British Transport Police included)."""
    return nf.force_table(_engine(store_root, version), year, subgroup)


@version_lifetime.cached(version_lifetime.NATIONAL)
def figures(
    store_root: str,
    version: str,
    year: str,
    force: str,
    subgroup: str | None,
    peers: tuple[str, ...],
) -> dict:
    """The `flightdeck national metrics --json` document for these choices."""
    return nf.figures_document(_engine(store_root, version), year, force, subgroup, list(peers))


@version_lifetime.cached(version_lifetime.NATIONAL)
def trend(
    store_root: str, version: str, force: str, subgroup: str | None, peers: tuple[str, ...]
) -> pd.DataFrame:
    """Every loaded year for the force, the comparator group and England and Wales (long)."""
    return nf.trend(_engine(store_root, version), force, subgroup, list(peers))


@version_lifetime.cached(version_lifetime.NATIONAL)
def england_and_wales_figure(
    store_root: str, version: str, year: str, subgroup: str | None, figure: str
) -> int | float | None:
    return nf.england_and_wales_figure(_engine(store_root, version), year, subgroup, figure)


def territorial_forces(nv: NationalVersion, year: str) -> list[str]:
    """The 43 territorial forces of a year's data, alphabetical."""
    table = force_table(nv.store_root, nv.id, year, None)
    return table.loc[table["is_territorial"].astype(bool), "force_name"].tolist()


# --- the flight deck's link -------------------------------------------------------------------


def national_benchmark(
    store_root: str | Path, period: periods.Period, key: str, subgroup: str | None = None
) -> str | None:
    """'England and Wales 2017/18: 7.9% (closed basis)' for a flight deck charge-rate tile.

    Only when `period` is exactly one financial year, `key` is `charge_rate` (closed basis) or
    `charge_rate_recorded_basis` (recorded basis) and the national data for that year is loaded;
    rape and other sexual offences together, or the one `subgroup` ('rape', 'other') the flight
    deck is filtered to. None otherwise, and when the national store cannot be read (logged)."""
    if key not in BENCHMARK_KEYS:
        return None
    start_year = periods.fy_start_year(period.start)
    if period != periods.financial_year(start_year):
        return None
    year = periods.financial_year_label(start_year)
    try:
        subgroup = choose.subgroup(subgroup)
        nv = national_version(str(store_root))
        if nv is None or year not in nv.years:
            return None
        value = england_and_wales_figure(nv.store_root, nv.id, year, subgroup, key)
    except choose.UnknownChoice:
        return None
    except (StoreError, OSError):
        log.exception("national data could not be read for the flight deck benchmark")
        return None
    if value is None:
        return None
    values = {"year": year, "value": formatting.rate(value), "basis": t(f"comparison.basis.{key}")}
    if subgroup is None:
        return t("comparison.benchmark", **values)
    return t("comparison.benchmark_subgroup", subgroup=t(f"national.subgroup.{subgroup}"), **values)
