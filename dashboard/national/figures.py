"""The national figures: a force beside England and Wales and a comparator group, and its rank.

Every number comes from `queries/national/*.sql` on the national engine. This module binds the
parameters, checks choices against what is loaded, and arranges results for the command line
and the comparison page.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd

from dashboard import formatting
from dashboard.figures import queries
from dashboard.i18n import t
from dashboard.national import choices as choose
from dashboard.national.engine import NATIONAL_QUERIES, NationalEngine

FIGURES = (
    "crimes_recorded",
    "charged_recorded_basis",
    "charge_rate_recorded_basis",
    "outcomes_assigned",
    "charged",
    "charge_rate",
    "victim_not_supporting_rate",
    "no_suspect_rate",
)
RATES = (
    "charge_rate_recorded_basis",
    "charge_rate",
    "victim_not_supporting_rate",
    "no_suspect_rate",
)
AREAS = ("force", "comparator_group", "england_and_wales")


@cache
def national_queries() -> dict[str, queries.Query]:
    """The query files of queries/national/ (not `_schema.sql`), by name."""
    paths = sorted(p for p in NATIONAL_QUERIES.glob("*.sql") if not p.name.startswith("_"))
    return {p.stem: queries.load_query(p) for p in paths}


def _run(engine: NationalEngine, name: str, **params: object) -> pd.DataFrame:
    return queries.run(engine, national_queries()[name], params)


def force_table(
    engine: NationalEngine, year: str | None, subgroup: str | None, quarter: int | None = None
) -> pd.DataFrame:
    """Every force's figures and ranks: one row per year (None: all years) and force."""
    return _run(engine, "force_figures", year=year, subgroup=subgroup, quarter=quarter)


def england_and_wales(
    engine: NationalEngine, year: str | None, subgroup: str | None, quarter: int | None = None
) -> pd.DataFrame:
    """England and Wales (every force, BTP included): one row per year (None: all years)."""
    return _run(engine, "england_and_wales", year=year, subgroup=subgroup, quarter=quarter)


def comparator_group(
    engine: NationalEngine,
    forces: Sequence[str],
    year: str | None,
    subgroup: str | None,
    quarter: int | None = None,
) -> pd.DataFrame:
    """The sum over `forces`: one row per year (None: all years)."""
    return _run(
        engine,
        "comparator_group",
        year=year,
        subgroup=subgroup,
        quarter=quarter,
        comparators=list(forces),
    )


def years(engine: NationalEngine) -> list[str]:
    """The financial years loaded, oldest first."""
    return england_and_wales(engine, None, None)["financial_year"].tolist()


def forces(engine: NationalEngine, year: str) -> list[str]:
    """The forces in a year's data, alphabetical (British Transport Police included)."""
    return force_table(engine, year, None)["force_name"].tolist()


def figure_values(row: pd.Series | None) -> dict[str, int | float | None]:
    """The eight figures of a result row as JSON-ready numbers (rates unrounded, None if none)."""
    return {name: _plain(None if row is None else row[name]) for name in FIGURES}


def _plain(value: object) -> int | float | None:
    if value is None or pd.isna(value):
        return None
    return float(value) if isinstance(value, float) else int(value)


def figures_document(
    engine: NationalEngine,
    year: str,
    force: str,
    subgroup: str | None = None,
    comparators: Sequence[str] | str | None = None,
    quarter: int | str | None = None,
) -> dict:
    """{"year", "subgroup", "force", "england_and_wales", "comparator_group", "rank"} for one
    force; comparators default to the other Welsh forces. UnknownChoice for a choice the loaded
    data does not have (its message lists the valid values)."""
    year = choose.year(year, years(engine))
    subgroup, quarter = choose.subgroup(subgroup), choose.quarter(quarter)
    table = force_table(engine, year, subgroup, quarter)
    valid = forces(engine, year)
    force = choose.force(force, valid)
    if comparators is None:
        group = choose.default_comparators(force, valid)
    elif isinstance(comparators, str):
        group = choose.force_list(comparators, valid)
    else:
        group = [choose.force(name, valid) for name in comparators]
    rows = table[table["force_name"] == force]
    row = rows.iloc[0] if len(rows) else None
    ew = england_and_wales(engine, year, subgroup, quarter)
    cg = comparator_group(engine, group, year, subgroup, quarter)
    return {
        "year": year,
        "subgroup": subgroup,
        "force": figure_values(row),
        "england_and_wales": figure_values(ew.iloc[0] if len(ew) else None),
        "comparator_group": {"forces": group, **figure_values(cg.iloc[0] if len(cg) else None)},
        "rank": {r: _plain(None if row is None else row[f"{r}_rank"]) for r in RATES},
    }


def trend(
    engine: NationalEngine,
    force: str,
    subgroup: str | None,
    comparators: Sequence[str],
    quarter: int | None = None,
) -> pd.DataFrame:
    """Every loaded year for the force, the comparator group and England and Wales, long form:
    financial_year, area (force, comparator_group, england_and_wales), then the eight figures."""
    ours = force_table(engine, None, subgroup, quarter)
    parts = {
        "force": ours[ours["force_name"] == force],
        "comparator_group": comparator_group(engine, comparators, None, subgroup, quarter),
        "england_and_wales": england_and_wales(engine, None, subgroup, quarter),
    }
    frames = [
        frame.loc[:, ["financial_year", *FIGURES]].assign(area=area)
        for area, frame in parts.items()
    ]
    long = pd.concat(frames, ignore_index=True)
    return (
        long.loc[:, ["financial_year", "area", *FIGURES]]
        .sort_values(
            ["financial_year", "area"], key=lambda c: c.map(_order) if c.name == "area" else c
        )
        .reset_index(drop=True)
    )


def england_and_wales_figure(
    engine: NationalEngine, year: str, subgroup: str | None, figure: str
) -> int | float | None:
    """One England and Wales figure (a FIGURES name, e.g. charge_rate) for a year; None when
    that year is not loaded. For the flight deck tile's national comparison."""
    ew = england_and_wales(engine, year, subgroup)
    return _plain(ew.iloc[0][figure]) if len(ew) else None


def _order(area: str) -> int:
    return AREAS.index(area)


def figures_rows(doc: dict, names: dict[str, str], total: int, with_group: bool) -> list[dict]:
    """`figures_document`'s eight figures for the force, England and Wales and the comparator
    group (`names`: each area's name in the reader's language), and the force's rank of
    `total`, formatted for a table; the group's column empty without a group."""
    rows = []
    for figure in FIGURES:
        unit = "rate" if figure in RATES else "count"
        row = {t("comparison.column.figure"): t(f"national.figure.{figure}")}
        for area in ("force", "england_and_wales", "comparator_group"):
            value = doc[area][figure] if area != "comparator_group" or with_group else None
            row[names[area]] = formatting.value(value, unit)
        rank = doc["rank"].get(figure)
        row[t("comparison.column.rank", total=total)] = "" if rank is None else str(rank)
        rows.append(row)
    return rows
