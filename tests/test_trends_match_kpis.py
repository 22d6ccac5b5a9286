"""Every monthly trend agrees with its kpi: each month's row equals the kpi over that month.

A trend file computes twelve tiles' sparkline values in one query; the kpi files are the
definitions. So for every trend file named after a kpi (and rape_recorded and
other_sexual_recorded, which are columns of trend/crimes_recorded), every month of a range and a
few filters, the trend's value must equal `compute_metrics` run for that month as its own period.
Part months count only their days inside the period; snapshot metrics are taken at the month end,
or at the period end for a last part month. Two data sets: the hand-made fixture over its whole
range, and a financial year of the bundled synthetic sample (loaded through the real ingest).
"""

from __future__ import annotations

import calendar
import math
from datetime import date
from typing import Any

import pytest

from dashboard.figures import queries
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import KPI_KEYS, compute_metrics, plain, run_kpi, trend, trend_names
from dashboard.filters import Filters
from dashboard.periods import Period
from dashboard.settings import SAMPLE
from tests.fixture_store import SMALL, load_fixture

# The fixture's whole range: C20 recorded 2022-06-01 to C21's outcome 2025-06-01 (37 months).
# The sample: financial year 2023-24, well inside its range (April 2020 to March 2025).
DATASETS = {
    "fixture": (SMALL, Period(date(2022, 6, 1), date(2025, 6, 30))),
    "sample": (SAMPLE, Period(date(2023, 4, 1), date(2024, 3, 31))),
}
FILTERS = {
    "none": Filters(),
    "rape": Filters(subgroup="rape"),
    "newport": Filters(local_authority="W06000022"),
    "under16": Filters(age_band="under16"),
}
PART = Period(date(2024, 4, 10), date(2024, 6, 20))

# Columns of a trend file that carry a kpi's value besides the one named after the file.
EXTRA_COLUMNS = {"crimes_recorded": ("rape_recorded", "other_sexual_recorded")}

# (trend file, column, kpi key): every trend file that has a kpi of the same name.
CHECKS = tuple(
    (name, column, column)
    for name in trend_names()
    if name in KPI_KEYS
    for column in (name, *EXTRA_COLUMNS.get(name, ()))
)

# The checks whose kpi is a rate or a median: those carry helper columns.
RATES_AND_MEDIANS = tuple(
    check for check in CHECKS if queries.get_query("kpi", check[2]).unit in ("rate", "days")
)


def _check_id(check: tuple[str, str, str]) -> str:
    name, column, _ = check
    return name if name == column else f"{name}.{column}"


def _months(period: Period) -> list[Period]:
    """Each calendar month overlapping `period`, cut to the days inside it."""
    months, start = [], period.start
    while start <= period.end:
        last = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        months.append(Period(start, min(last, period.end)))
        start = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return months


def _trend_values(frame: Any, check: tuple[str, str, str]) -> dict[date, Any]:
    """{month_start: value} in the kpi's form (outcomes_by_group: the groups with outcomes)."""
    name, column, _ = check
    if name == "outcomes_by_group":
        values: dict[date, Any] = {}
        for row in frame.itertuples():
            counts = values.setdefault(row.month_start, {})
            if row.outcomes_assigned:
                counts[row.outcome_group] = int(row.outcomes_assigned)
        return values
    return {row.month_start: plain(getattr(row, column)) for row in frame.itertuples()}


def _same(unit: str, got: Any, expected: Any) -> bool:
    """Counts exactly; rates and medians closely, with None (null or NaN) equal to None."""
    if unit in ("count", "counts") or got is None or expected is None:
        return got == expected
    return math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-12)


@pytest.fixture(scope="module", params=sorted(DATASETS))
def dataset(request, tmp_path_factory):
    """(engine, range, cache of compute_metrics by period and filters), one per data set."""
    source, period = DATASETS[request.param]
    tables = load_fixture(tmp_path_factory.mktemp(request.param), source=source)
    with Engine(tables, request.param) as engine:
        yield engine, period, {}


def _kpis(dataset, period: Period, filters: Filters) -> dict[str, Any]:
    engine, _, cache = dataset
    if (period, filters) not in cache:
        cache[period, filters] = compute_metrics(engine, period, filters)
    return cache[period, filters]


def _mismatches(dataset, check, period: Period, filters: Filters) -> list[str]:
    name, _, key = check
    unit = queries.get_query("kpi", key).unit
    values = _trend_values(trend(dataset[0], name, period, filters), check)
    months = _months(period)
    problems = []
    if list(values) != [m.start.replace(day=1) for m in months]:
        problems.append(f"month_start rows {list(values)}")
    for month in months:
        got = values.get(month.start.replace(day=1))
        expected = _kpis(dataset, month, filters)[key]
        if not _same(unit, got, expected):
            problems.append(f"{month.start}..{month.end}: trend {got!r}, kpi {expected!r}")
    return problems


def test_every_tile_except_the_rape_split_has_a_trend_file():
    # rape_recorded and other_sexual_recorded are columns of trend/crimes_recorded.
    split = {k for columns in EXTRA_COLUMNS.values() for k in columns}
    assert set(KPI_KEYS) - split <= set(trend_names())
    assert {key for _, _, key in CHECKS} == set(KPI_KEYS)


@pytest.mark.parametrize("filter_name", list(FILTERS))
@pytest.mark.parametrize("check", CHECKS, ids=_check_id)
def test_each_month_of_the_trend_equals_the_kpi_for_that_month(dataset, check, filter_name):
    period = dataset[1]
    assert _mismatches(dataset, check, period, FILTERS[filter_name]) == []


@pytest.mark.parametrize("filter_name", ["none", "rape"])
@pytest.mark.parametrize("check", CHECKS, ids=_check_id)
def test_part_months_count_only_their_days_in_the_period(dataset, check, filter_name):
    # 2024-04-10 to 2024-06-20: April from the 10th, all of May, June to the 20th (snapshots on
    # 2024-04-30, 2024-05-31 and 2024-06-20).
    assert _mismatches(dataset, check, PART, FILTERS[filter_name]) == []


@pytest.mark.parametrize("filter_name", ["none", "under16"])
@pytest.mark.parametrize("check", RATES_AND_MEDIANS, ids=_check_id)
def test_helper_columns_add_up_to_the_kpi_helpers_over_the_range(dataset, check, filter_name):
    # Recorded and closed bases are additive over months: the months' numerators, denominators
    # and crimes counted sum to the kpi's own helper columns for the whole range.
    engine, period, _ = dataset
    name, _, key = check
    filters = FILTERS[filter_name]
    kpi = run_kpi(engine, key, period, filters)
    helpers = [c for c in ("numerator", "denominator", "crimes") if c in kpi.columns]
    assert helpers, f"kpi/{key}.sql has no helper columns"
    frame = trend(engine, name, period, filters)
    assert {c: int(frame[c].sum()) for c in helpers} == {c: int(kpi[c].iloc[0]) for c in helpers}


def test_the_ranges_are_not_trivial(dataset):
    # Guard against a comparison that passes because everything is zero or null.
    engine, period, _ = dataset
    totals = trend(engine, "crimes_recorded", period)["crimes_recorded"].sum()
    assert totals >= 13
    assert trend(engine, "open_over_365_days", period)["open_over_365_days"].max() >= 2
    assert trend(engine, "arrest_rate", period)["arrest_rate"].notna().sum() >= 3
    assert trend(engine, "n100_reported", period)["n100_reported"].sum() >= 3
