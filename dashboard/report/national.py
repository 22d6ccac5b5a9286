"""The national comparison as a pack holds it, where the store has the Home Office tables
loaded: the force (Gwent) beside England and Wales and its comparator group (the other Welsh
forces), and its rank, for the pack's financial year when it is loaded, else the latest year
loaded; the same figures and table rows as the comparison page (`dashboard.national`)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import periods
from dashboard.figures.request import Request
from dashboard.i18n import t
from dashboard.national import choices as choose
from dashboard.national import figures as nf
from dashboard.national.current import national_version
from dashboard.national.engine import engine_for_version


@dataclass(frozen=True)
class Comparison:
    """The comparison's year, its table (cells in words) and the sentences around it."""

    year: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]


def gather(request: Request) -> Comparison | None:
    """The comparison for the request's store and offence filter; None without national data
    (or without the force in the year's tables)."""
    nv = national_version(request.store_root)
    if nv is None or not nv.years:
        return None
    engine = engine_for_version(nv.store_root, nv.id)
    year = _year(request.period, nv.years)
    if choose.DEFAULT_FORCE not in nf.forces(engine, year):
        return None
    subgroup = request.filters.subgroup
    doc = nf.figures_document(engine, year, choose.DEFAULT_FORCE, subgroup)
    table = nf.force_table(engine, year, None)
    total = int(table["is_territorial"].astype(bool).sum())
    names = {
        "force": choose.DEFAULT_FORCE,
        "england_and_wales": t("comparison.area.england_and_wales"),
        "comparator_group": t("comparison.area.comparator_group"),
    }
    rows = nf.figures_rows(doc, names, total, True)
    notes = (
        t(
            "report.national.intro",
            year=year,
            offences=t(f"national.subgroup.{subgroup or 'all'}"),
            group=", ".join(doc["comparator_group"]["forces"]),
        ),
        t("comparison.sidebar_note"),
        t(
            "comparison.provenance.version",
            version=nv.id,
            loaded=nv.loaded,
            years=", ".join(nv.years),
        ),
        t("comparison.provenance.attribution"),
    )
    title = t("comparison.table_title", force=choose.DEFAULT_FORCE, year=year)
    return Comparison(
        year,
        title,
        tuple(rows[0]),
        tuple(tuple(row.values()) for row in rows),
        notes,
    )


def _year(period: periods.Period, years: list[str]) -> str:
    """The period's financial year when the period is one and it is loaded, else the latest
    loaded year."""
    start = periods.fy_start_year(period.start)
    label = periods.financial_year_label(start)
    if period == periods.financial_year(start) and label in years:
        return label
    return years[-1]
