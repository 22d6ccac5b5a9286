"""Period presets, financial years and comparison periods (metrics.md §1)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard import periods
from dashboard.periods import Period


def test_period_is_whole_days_both_ends_included():
    p = Period(date(2024, 4, 1), date(2024, 4, 30))
    assert p.days == 30
    assert date(2024, 4, 1) in p and date(2024, 4, 30) in p and date(2024, 5, 1) not in p
    assert p.as_params() == {"period_start": date(2024, 4, 1), "period_end": date(2024, 4, 30)}
    assert Period(date(2024, 2, 29), date(2024, 2, 29)).days == 1


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        (date(2024, 5, 1), date(2024, 4, 30), ValueError),
        (datetime(2024, 4, 1, 12, 0), date(2024, 4, 30), TypeError),
        ("2024-04-01", date(2024, 4, 30), TypeError),
        (date(2024, 4, 1), None, TypeError),
    ],
)
def test_invalid_periods_are_refused(start, end, error):
    with pytest.raises(error):
        Period(start, end)


@pytest.mark.parametrize(
    ("year", "month", "end"),
    [(2024, 2, date(2024, 2, 29)), (2025, 2, date(2025, 2, 28)), (2024, 12, date(2024, 12, 31))],
)
def test_month(year, month, end):
    assert periods.month(year, month) == Period(date(year, month, 1), end)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2024, 4, 1), date(2024, 6, 30)),
        (2, date(2024, 7, 1), date(2024, 9, 30)),
        (3, date(2024, 10, 1), date(2024, 12, 31)),
        (4, date(2025, 1, 1), date(2025, 3, 31)),
    ],
)
def test_fy_quarters(quarter, start, end):
    assert periods.fy_quarter(2024, quarter) == Period(start, end)


@pytest.mark.parametrize("quarter", [0, 5, "1"])
def test_invalid_quarter_refused(quarter):
    with pytest.raises(ValueError):
        periods.fy_quarter(2024, quarter)


def test_financial_and_calendar_years():
    assert periods.financial_year(2024) == Period(date(2024, 4, 1), date(2025, 3, 31))
    assert periods.financial_year_label(2024) == "2024/25"
    assert periods.financial_year_label(1999) == "1999/00"
    assert periods.financial_year_label(2009) == "2009/10"
    assert periods.calendar_year(2024) == Period(date(2024, 1, 1), date(2024, 12, 31))


@pytest.mark.parametrize(
    ("d", "start_year"),
    [
        (date(2024, 4, 1), 2024),
        (date(2025, 3, 31), 2024),
        (date(2024, 3, 31), 2023),
        (date(2024, 12, 25), 2024),
        (date(2025, 1, 1), 2024),
    ],
)
def test_financial_year_of(d, start_year):
    assert periods.fy_start_year(d) == start_year
    assert periods.financial_year_of(d) == periods.financial_year(start_year)


@pytest.mark.parametrize(
    ("as_at", "start_year"),
    [
        (date(2025, 3, 31), 2024),  # the year's last day: complete
        (date(2025, 3, 30), 2023),
        (date(2025, 4, 1), 2024),
        (date(2025, 11, 5), 2024),
    ],
)
def test_last_complete_financial_year(as_at, start_year):
    assert periods.last_complete_financial_year(as_at) == periods.financial_year(start_year)


@pytest.mark.parametrize(
    ("as_at", "start", "end"),
    [
        (date(2025, 4, 15), date(2024, 4, 1), date(2025, 3, 31)),
        (date(2025, 4, 30), date(2024, 5, 1), date(2025, 4, 30)),  # April is complete on the 30th
        (date(2025, 1, 1), date(2024, 1, 1), date(2024, 12, 31)),
        (date(2024, 3, 10), date(2023, 3, 1), date(2024, 2, 29)),  # leap February
    ],
)
def test_rolling_12_months(as_at, start, end):
    assert periods.rolling_12_months(as_at) == Period(start, end)


@pytest.mark.parametrize(
    ("preset", "as_at", "expected"),
    [
        ("month", date(2025, 3, 15), Period(date(2025, 2, 1), date(2025, 2, 28))),
        ("month", date(2025, 3, 31), Period(date(2025, 3, 1), date(2025, 3, 31))),
        ("fy_quarter", date(2025, 3, 15), Period(date(2024, 10, 1), date(2024, 12, 31))),
        ("fy_quarter", date(2025, 7, 1), Period(date(2025, 4, 1), date(2025, 6, 30))),
        ("fy_quarter", date(2025, 6, 30), Period(date(2025, 4, 1), date(2025, 6, 30))),
        ("financial_year", date(2025, 6, 1), Period(date(2024, 4, 1), date(2025, 3, 31))),
        ("calendar_year", date(2025, 6, 1), Period(date(2024, 1, 1), date(2024, 12, 31))),
        ("calendar_year", date(2024, 12, 31), Period(date(2024, 1, 1), date(2024, 12, 31))),
        ("rolling_12_months", date(2025, 4, 2), Period(date(2024, 4, 1), date(2025, 3, 31))),
    ],
)
def test_latest_complete(preset, as_at, expected):
    assert periods.latest_complete(preset, as_at) == expected


def test_latest_complete_refuses_custom():
    with pytest.raises(ValueError):
        periods.latest_complete("custom", date(2025, 1, 1))


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        # Whole months: the same number of months just before.
        (periods.month(2024, 3), Period(date(2024, 2, 1), date(2024, 2, 29))),
        (periods.month(2025, 3), Period(date(2025, 2, 1), date(2025, 2, 28))),
        (periods.month(2025, 1), Period(date(2024, 12, 1), date(2024, 12, 31))),
        (periods.fy_quarter(2024, 1), Period(date(2024, 1, 1), date(2024, 3, 31))),
        (periods.financial_year(2024), periods.financial_year(2023)),
        # Other periods: the same number of days just before.
        (Period(date(2024, 3, 1), date(2024, 3, 10)), Period(date(2024, 2, 20), date(2024, 2, 29))),
        (Period(date(2024, 3, 5), date(2024, 3, 5)), Period(date(2024, 3, 4), date(2024, 3, 4))),
        (
            Period(date(2024, 1, 15), date(2024, 2, 14)),
            Period(date(2023, 12, 15), date(2024, 1, 14)),
        ),
    ],
)
def test_previous_period(p, expected):
    assert periods.previous_period(p) == expected


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (periods.month(2025, 2), Period(date(2024, 2, 1), date(2024, 2, 29))),
        (periods.month(2024, 2), Period(date(2023, 2, 1), date(2023, 2, 28))),
        (periods.financial_year(2024), periods.financial_year(2023)),
        (periods.fy_quarter(2024, 4), periods.fy_quarter(2023, 4)),
        (
            Period(date(2024, 2, 29), date(2024, 3, 10)),
            Period(date(2023, 2, 28), date(2023, 3, 10)),
        ),
        (
            Period(date(2025, 1, 15), date(2025, 2, 14)),
            Period(date(2024, 1, 15), date(2024, 2, 14)),
        ),
    ],
)
def test_year_earlier(p, expected):
    assert periods.year_earlier(p) == expected


def test_month_starts():
    assert periods.month_starts(Period(date(2024, 11, 15), date(2025, 2, 3))) == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]
    assert periods.month_starts(periods.financial_year(2024))[0] == date(2024, 4, 1)
    assert len(periods.month_starts(periods.financial_year(2024))) == 12
    assert periods.month_starts(Period(date(2024, 2, 29), date(2024, 2, 29))) == [date(2024, 2, 1)]


def test_custom_is_a_plain_period():
    assert periods.custom(date(2024, 1, 2), date(2024, 1, 3)) == Period(
        date(2024, 1, 2), date(2024, 1, 3)
    )
    with pytest.raises(ValueError):
        periods.custom(date(2024, 1, 3), date(2024, 1, 2))


@pytest.mark.parametrize(
    "start, end, standard",
    [
        (date(2024, 6, 1), date(2024, 6, 30), True),  # a month
        (date(2024, 7, 1), date(2024, 9, 30), True),  # Q2 of 2024/25
        (date(2025, 1, 1), date(2025, 3, 31), True),  # Q4 (also a calendar quarter)
        (date(2024, 4, 1), date(2025, 3, 31), True),  # a financial year
        (date(2024, 1, 1), date(2024, 12, 31), True),  # a calendar year
        (date(2024, 3, 1), date(2025, 2, 28), True),  # rolling 12 months to February
        (date(2024, 4, 2), date(2025, 3, 31), False),  # one day short
        (date(2024, 5, 1), date(2024, 7, 31), False),  # three months, not a quarter
        (date(2024, 4, 1), date(2024, 5, 31), False),  # two months
        (date(2024, 6, 1), date(2024, 6, 1), False),  # one day
    ],
)
def test_is_standard(start, end, standard):
    assert periods.is_standard(periods.Period(start, end)) is standard
