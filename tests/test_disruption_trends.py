"""The suspects-and-disruption trends (metrics.md §3, §4) agree with their kpis, month by month.

Each column of a trend file below carries a §3 kpi (or rui_share): for every month of a range,
a few filters and two repeat-suspect rules, the trend's value must equal `compute_disruption`
run for that month as its own period, as tests/test_trends_match_kpis.py checks for §2. Part
months count only their days inside the period; snapshot columns (bail, RUI, repeat suspects,
training) are taken at the month end, or at the period end for a last part month. Two data
sets: the hand-made disruption fixture (tests/test_disruption_kpi.py lists it) over its busy
range, and a financial year of the bundled synthetic sample (loaded through the real ingest).
"""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dashboard.figures import queries
from dashboard.figures.disruption import (
    DISRUPTION_KEYS,
    RepeatRule,
    compute_disruption,
    disruption_params,
)
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import plain, run_kpi, trend
from dashboard.filters import Filters
from dashboard.periods import Period
from dashboard.settings import SAMPLE
from tests.fixture_store import load_fixture

DISRUPTION = Path(__file__).parent / "fixtures" / "disruption"

# The fixture's events run from 2023-01 (O07) to 2025-06 (decisions after P).
DATASETS = {
    "fixture": (DISRUPTION, Period(date(2023, 1, 1), date(2025, 6, 30))),
    "sample": (SAMPLE, Period(date(2023, 4, 1), date(2024, 3, 31))),
}
FILTERS = {
    "none": Filters(),
    "rape": Filters(subgroup="rape"),
    "newport": Filters(local_authority="W06000022"),
    "under16": Filters(age_band="under16"),
}
RULES = {"default": RepeatRule(), "3 in 12": RepeatRule(min_crimes=3, lookback_months=12)}
PART = Period(date(2024, 4, 10), date(2025, 3, 20))

# trend file -> its columns, in order; the columns named after a kpi carry that kpi's value.
COLUMNS = {
    "bail_breaches": ["month_start", "bail_breaches", "order_breaches"],
    "orders_applied": ["month_start", "orders_applied", "orders_granted"],
    "repeat_suspects": [
        "month_start",
        "snapshot_date",
        "repeat_suspects",
        "repeat_suspect_crimes",
    ],
    "rui_share": [
        "month_start",
        "snapshot_date",
        "pre_charge_bail_at_end",
        "rui_at_end",
        "rui_share",
    ],
    "s63g_applications": ["month_start", "s63g_eligible", "s63g_applications", "s63g_granted"],
    "word_on_word_trained_rate": [
        "month_start",
        "snapshot_date",
        "word_on_word_trained_rate",
        "numerator",
        "denominator",
        "completions",
    ],
}


def _is_kpi(column: str) -> bool:
    return any(q.name == column for q in queries.queries_of_kind("kpi"))


CHECKS = tuple(
    (name, column) for name, columns in COLUMNS.items() for column in columns if _is_kpi(column)
)
RULE_DEPENDENT = {"repeat_suspects"}


def _months(period: Period) -> list[Period]:
    """Each calendar month overlapping `period`, cut to the days inside it."""
    months, start = [], period.start
    while start <= period.end:
        last = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        months.append(Period(start, min(last, period.end)))
        start = last + timedelta(days=1)
    return months


def _same(got: Any, expected: Any) -> bool:
    if got is None or expected is None or isinstance(expected, int):
        return got == expected
    return math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-12)


@pytest.fixture(scope="module", params=sorted(DATASETS))
def dataset(request, tmp_path_factory):
    """(engine, range, cache of kpi values by key, period, filters and rule)."""
    source, period = DATASETS[request.param]
    tables = load_fixture(tmp_path_factory.mktemp(request.param), source=source)
    with Engine(tables, request.param) as engine:
        yield engine, period, {}


def _kpi(dataset, key: str, period: Period, filters: Filters, rule: RepeatRule) -> Any:
    """The kpi file's value, as compute_disruption gives it (cached)."""
    engine, _, cache = dataset
    if (key, period, filters, rule) not in cache:
        frame = run_kpi(engine, key, period, filters, rule)
        cache[key, period, filters, rule] = plain(frame[key].iloc[0])
    return cache[key, period, filters, rule]


def _mismatches(dataset, name: str, period: Period, filters: Filters, rule: RepeatRule) -> list:
    frame = trend(dataset[0], name, period, filters, rule)
    months = _months(period)
    problems = []
    if list(frame["month_start"]) != [m.start.replace(day=1) for m in months]:
        problems.append(f"month_start rows {list(frame['month_start'])}")
    for row, month in zip(frame.itertuples(), months, strict=False):
        if "snapshot_date" in frame.columns and row.snapshot_date != month.end:
            problems.append(f"{month.start}: snapshot_date {row.snapshot_date}")
        for trend_name, column in CHECKS:
            if trend_name != name:
                continue
            got = plain(getattr(row, column))
            expected = _kpi(dataset, column, month, filters, rule)
            if not _same(got, expected):
                problems.append(f"{month.start}..{month.end} {column}: {got!r} vs {expected!r}")
    return problems


def test_every_trend_is_checked():
    assert {name for name, _ in CHECKS} == set(COLUMNS)
    assert set(COLUMNS) <= set(q.name for q in queries.queries_of_kind("trend"))


# Every trend with the default rule and each filter; the repeat-suspect trend with the other rule
# too (the rule changes nothing else).
CASES = [(name, f, "default") for name in sorted(COLUMNS) for f in FILTERS] + [
    (name, f, rule)
    for name in sorted(RULE_DEPENDENT)
    for f in FILTERS
    for rule in RULES
    if rule != "default"
]


@pytest.mark.parametrize(
    ("name", "filter_name", "rule_name"), CASES, ids=["-".join(c) for c in CASES]
)
def test_each_month_of_the_trend_equals_the_kpi_for_that_month(
    dataset, name, filter_name, rule_name
):
    period = dataset[1]
    assert _mismatches(dataset, name, period, FILTERS[filter_name], RULES[rule_name]) == []


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_part_months_count_only_their_days_in_the_period(dataset, name):
    # 2024-04-10 to 2025-03-20: April from the 10th, March to the 20th (snapshots on 2024-04-30
    # ... 2025-02-28 and 2025-03-20).
    assert _mismatches(dataset, name, PART, Filters(), RepeatRule()) == []


def test_completions_are_the_monthly_change_in_the_trained_count(dataset):
    # completions in a month = trained at its end less trained at the end of the month before
    # (for the first month: the day before the period).
    engine, period, _ = dataset
    frame = trend(engine, "word_on_word_trained_rate", period)
    day_before = period.start - timedelta(days=1)
    kpi = queries.get_query("kpi", "word_on_word_trained_rate")
    before = queries.run(engine, kpi, disruption_params(Period(day_before, day_before)))
    counts = [int(before["numerator"].iloc[0]), *(int(n) for n in frame["numerator"])]
    assert list(frame["completions"]) == [b - a for a, b in zip(counts, counts[1:], strict=False)]


def test_the_fixture_trends_by_hand(tmp_path):
    with Engine(load_fixture(tmp_path, DISRUPTION), "fixture") as engine:
        p = Period(date(2024, 4, 1), date(2025, 3, 31))
        breaches = trend(engine, "bail_breaches", p).set_index("month_start")
        # Bail: BR02 (October), BR03 (January), BR01 (February). Orders: BR05 (July), BR04
        # (August), BR09 (December), BR06 (31 March, 23:30).
        assert breaches["bail_breaches"].to_dict() == {
            m: (1 if m in (date(2024, 10, 1), date(2025, 1, 1), date(2025, 2, 1)) else 0)
            for m in breaches.index
        }
        order_months = (date(2024, 7, 1), date(2024, 8, 1), date(2024, 12, 1), date(2025, 3, 1))
        assert breaches["order_breaches"].to_dict() == {
            m: (1 if m in order_months else 0) for m in breaches.index
        }
        training = trend(engine, "word_on_word_trained_rate", p).set_index("month_start")
        # Trained by month end: T01 from June, T02 from September, T07 on 31 March; 6 in scope.
        assert training.loc[date(2024, 5, 1), "numerator"] == 0
        assert training.loc[date(2024, 6, 1), "numerator"] == 1
        assert training.loc[date(2024, 9, 1), "numerator"] == 2
        assert training.loc[date(2025, 3, 1), "word_on_word_trained_rate"] == 3 / 6
        assert int(training["completions"].sum()) == 3
        repeat = trend(engine, "repeat_suspects", p).set_index("month_start")
        # At 2024-04-30 (window from 2021-05-01): X1 D01 D02, X3 D05 D06 only (X5 has D10 and
        # nothing else yet). By 2025-03-31: X1 X2 X3 X5 X7 (tests/test_disruption_kpi.py).
        assert repeat.loc[date(2024, 4, 1), "repeat_suspects"] == 2
        assert repeat.loc[date(2024, 4, 1), "repeat_suspect_crimes"] == 4  # D01 D02 D05 D06
        assert repeat.loc[date(2025, 3, 1), "repeat_suspects"] == 5


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The small fixture of tests/test_kpi.py: crimes, outcomes and suspects only."""
    with Engine(load_fixture(tmp_path_factory.mktemp("small")), "small") as engine:
        yield engine


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns_and_an_empty_period(small, name):
    # January to March 2020, before anything in the small fixture (no disruption tables at all):
    # every month present, counts 0, the rate named after the file null.
    empty = Period(date(2020, 1, 1), date(2020, 3, 31))
    frame = trend(small, name, empty)
    assert list(frame.columns) == COLUMNS[name]
    assert list(frame["month_start"]) == [date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1)]
    query = queries.get_query("trend", name)
    sql = f"select distinct typeof(month_start) as type from ({query.sql})"  # noqa: S608
    types = small.query(sql, queries.bind(query, disruption_params(empty)))
    assert list(types["type"]) == ["DATE"]
    for column in COLUMNS[name][1:]:
        if column == "snapshot_date":
            assert list(frame[column]) == [date(2020, 1, 31), date(2020, 2, 29), date(2020, 3, 31)]
        elif column in ("rui_share", "word_on_word_trained_rate"):
            assert frame[column].isna().all()
        else:
            assert list(frame[column]) == [0, 0, 0], column


def test_the_ranges_are_not_trivial(dataset):
    # Guard against a comparison that passes because everything is zero or null.
    engine, period, _ = dataset
    assert trend(engine, "repeat_suspects", period)["repeat_suspects"].max() >= 2
    assert trend(engine, "rui_share", period)["rui_share"].notna().sum() >= 6
    assert (
        trend(engine, "bail_breaches", period)[["bail_breaches", "order_breaches"]].sum().min() >= 3
    )
    assert trend(engine, "orders_applied", period)["orders_granted"].sum() >= 4
    assert trend(engine, "s63g_applications", period)["s63g_applications"].sum() >= 5


def test_the_kpi_values_compared_are_compute_disruption_s(dataset):
    engine, period, _ = dataset
    month = _months(period)[-1]
    expected = compute_disruption(engine, month)
    got = {key: _kpi(dataset, key, month, Filters(), RepeatRule()) for key in DISRUPTION_KEYS}
    assert got == expected
