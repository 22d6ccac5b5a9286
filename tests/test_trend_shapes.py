"""The shape of every monthly trend: one row per month, month_start a date, nothing missing.

Checked on the small hand-made fixture (see test_kpi.py) for periods with nothing in them, a
single day, and a span across a year end.
"""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.figures import queries
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import metric_params, trend, trend_names
from dashboard.periods import Period
from tests.fixture_store import load_fixture

# Every trend file's columns, in order (outcomes_by_group is long form: a row per group).
from tests.test_disruption_trends import COLUMNS as DISRUPTION_COLUMNS  # noqa: E402

COLUMNS = {
    **DISRUPTION_COLUMNS,
    "arrest_rate": ["month_start", "arrest_rate", "numerator", "denominator"],
    "charge_rate": ["month_start", "charge_rate", "numerator", "denominator"],
    "charge_rate_recorded_basis": [
        "month_start",
        "charge_rate_recorded_basis",
        "numerator",
        "denominator",
    ],
    "charged": ["month_start", "charged"],
    "crimes_recorded": [
        "month_start",
        "rape_recorded",
        "other_sexual_recorded",
        "crimes_recorded",
    ],
    "isva_referral_rate": ["month_start", "isva_referral_rate", "numerator", "denominator"],
    "median_days_to_arrest": ["month_start", "median_days_to_arrest", "crimes"],
    "median_days_to_charge": ["month_start", "median_days_to_charge", "crimes"],
    "median_days_to_outcome": ["month_start", "median_days_to_outcome", "crimes"],
    "n100_reported": ["month_start", "n100_reported"],
    "no_suspect_rate": ["month_start", "no_suspect_rate", "numerator", "denominator"],
    "non_recent_share": ["month_start", "non_recent_share", "numerator", "denominator"],
    "open_at_end": ["month_start", "snapshot_date", "open_at_end"],
    "open_over_365_days": ["month_start", "snapshot_date", "open_over_365_days"],
    "outcomes_assigned": ["month_start", "outcomes_assigned"],
    "outcomes_by_group": ["month_start", "outcome_group", "outcomes_assigned"],
    "suspect_identified_rate": [
        "month_start",
        "suspect_identified_rate",
        "numerator",
        "denominator",
    ],
    "victim_not_supporting_rate": [
        "month_start",
        "victim_not_supporting_rate",
        "numerator",
        "denominator",
    ],
}
OUTCOME_GROUPS = 11  # the reference groups, less "not yet assigned"
EMPTY = Period(date(2020, 1, 1), date(2020, 3, 31))  # before anything in the fixture
EMPTY_MONTHS = [date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1)]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(load_fixture(tmp_path_factory.mktemp("shapes")), "fixture") as e:
        yield e


def _rows_per_month(name: str) -> int:
    return OUTCOME_GROUPS if name == "outcomes_by_group" else 1


def test_every_trend_file_is_listed():
    assert set(trend_names()) == set(COLUMNS)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns(engine, name):
    assert list(trend(engine, name, EMPTY).columns) == COLUMNS[name]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_month_start_is_a_sql_date(engine, name):
    query = queries.get_query("trend", name)
    # The file's own SQL as a subquery: a test-only wrapper, nothing from outside goes in.
    sql = f"select distinct typeof(month_start) as type from ({query.sql})"  # noqa: S608
    types = engine.query(sql, queries.bind(query, metric_params(EMPTY)))
    assert list(types["type"]) == ["DATE"]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_an_empty_period_has_every_month_with_zeros_and_nulls(engine, name):
    frame = trend(engine, name, EMPTY)
    per_month = _rows_per_month(name)
    assert list(frame["month_start"]) == [m for m in EMPTY_MONTHS for _ in range(per_month)]
    unit = queries.get_query("kpi", name).unit
    for column in COLUMNS[name]:
        if column in ("month_start", "outcome_group"):
            continue
        if column == "snapshot_date":
            assert list(frame[column]) == [date(2020, 1, 31), date(2020, 2, 29), date(2020, 3, 31)]
        elif column == name and unit in ("rate", "days"):
            assert frame[column].isna().all()  # nothing to take a rate or median of
        else:
            assert list(frame[column]) == [0] * len(EMPTY_MONTHS) * per_month, column


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_a_single_day_is_one_row(engine, name):
    frame = trend(engine, name, Period(date(2024, 6, 16), date(2024, 6, 16)))
    assert set(frame["month_start"]) == {date(2024, 6, 1)}
    assert len(frame) == _rows_per_month(name)
    if "snapshot_date" in frame.columns:
        assert list(frame["snapshot_date"]) == [date(2024, 6, 16)]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_a_span_across_the_year_end(engine, name):
    frame = trend(engine, name, Period(date(2024, 11, 20), date(2025, 2, 3)))
    months = [date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]
    assert list(dict.fromkeys(frame["month_start"])) == months
    assert frame["month_start"].is_monotonic_increasing
    if "snapshot_date" in frame.columns:
        assert list(frame["snapshot_date"]) == [
            date(2024, 11, 30),
            date(2024, 12, 31),
            date(2025, 1, 31),
            date(2025, 2, 3),
        ]
