"""Reporting periods (metrics.md §1): presets, financial years, comparison periods. Pure."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PRESETS = ("month", "fy_quarter", "financial_year", "calendar_year", "rolling_12_months", "custom")
FY_START_MONTH = 4  # the UK financial year runs April to March


@dataclass(frozen=True, order=True)
class Period:
    """Whole days from `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            # datetime is a subclass of date: refuse it, a period is made of whole days.
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"period {name} must be a date, not {type(value).__name__}")
        if self.start > self.end:
            raise ValueError(f"period start {self.start} is after its end {self.end}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, d: date) -> bool:
        return self.start <= d <= self.end

    def as_params(self) -> dict[str, date]:
        return {"period_start": self.start, "period_end": self.end}


def _month_end(year: int, month_number: int) -> date:
    return date(year, month_number, calendar.monthrange(year, month_number)[1])


def add_months(d: date, months: int) -> date:
    """The first of the month `months` after (or before) the month of `d`."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month(year: int, month_number: int) -> Period:
    return Period(date(year, month_number, 1), _month_end(year, month_number))


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def financial_year(start_year: int) -> Period:
    """The financial year starting 1 April `start_year` (2024 -> 2024/25)."""
    return Period(date(start_year, FY_START_MONTH, 1), date(start_year + 1, 3, 31))


def financial_year_label(start_year: int) -> str:
    """'2024/25' for the year starting April 2024."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def fy_start_year(d: date) -> int:
    """The year in which the financial year containing `d` starts."""
    return d.year if d.month >= FY_START_MONTH else d.year - 1


def financial_year_of(d: date) -> Period:
    return financial_year(fy_start_year(d))


def fy_quarter(start_year: int, quarter: int) -> Period:
    """Quarter 1-4 of the financial year starting in `start_year` (Q1 = April to June)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"financial-year quarter must be 1 to 4, not {quarter!r}")
    first = add_months(date(start_year, FY_START_MONTH, 1), 3 * (quarter - 1))
    last = add_months(first, 2)
    return Period(first, _month_end(last.year, last.month))


def custom(start: date, end: date) -> Period:
    return Period(start, end)


def last_complete_month(as_at: date) -> Period:
    """The latest month whose last day is on or before `as_at` (the data includes `as_at`)."""
    current = month(as_at.year, as_at.month)
    if as_at == current.end:
        return current
    previous = add_months(as_at, -1)
    return month(previous.year, previous.month)


def rolling_12_months(as_at: date) -> Period:
    """Twelve months ending with the last complete month on or before `as_at`."""
    last = last_complete_month(as_at)
    return Period(add_months(last.start, -11), last.end)


def last_complete_fy_quarter(as_at: date) -> Period:
    last = last_complete_month(as_at)
    quarter = (last.start.month - FY_START_MONTH) % 12 // 3 + 1
    period = fy_quarter(fy_start_year(last.start), quarter)
    return period if period.end <= as_at else previous_period(period)


def last_complete_financial_year(as_at: date) -> Period:
    """The latest financial year ending (31 March) on or before `as_at`."""
    period = financial_year_of(as_at)
    return period if period.end <= as_at else financial_year(period.start.year - 1)


def last_complete_calendar_year(as_at: date) -> Period:
    return calendar_year(as_at.year if as_at == date(as_at.year, 12, 31) else as_at.year - 1)


def latest_complete(preset: str, as_at: date) -> Period:
    """The most recent complete period of a preset kind, as at a date (not for `custom`)."""
    choices = {
        "month": last_complete_month,
        "fy_quarter": last_complete_fy_quarter,
        "financial_year": last_complete_financial_year,
        "calendar_year": last_complete_calendar_year,
        "rolling_12_months": rolling_12_months,
    }
    if preset not in choices:
        raise ValueError(f"no latest period for preset {preset!r}")
    return choices[preset](as_at)


def is_whole_months(p: Period) -> bool:
    """True when the period starts on a first of the month and ends on a month end."""
    return p.start.day == 1 and p.end == _month_end(p.end.year, p.end.month)


def is_standard(p: Period) -> bool:
    """True for a period one of the presets other than custom can give: a month, a
    financial-year quarter, or any twelve whole months (financial, calendar, rolling). A role
    that sees suppressed figures is held to these, so that two periods a day apart cannot be
    subtracted to give one day's small count."""
    if not is_whole_months(p):
        return False
    months = _month_count(p)
    quarter = months == 3 and (p.start.month - FY_START_MONTH) % 3 == 0
    return months in (1, 12) or quarter


def _month_count(p: Period) -> int:
    return (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1


def _shift_months(p: Period, months: int) -> Period:
    start = add_months(p.start, months)
    last = add_months(p.end, months)
    return Period(start, _month_end(last.year, last.month))


def previous_period(p: Period) -> Period:
    """The period of the same length just before `p`: the same number of calendar months for a
    whole-month period (March -> February, Q1 -> the quarter before), else the same number of
    days."""
    if is_whole_months(p):
        return _shift_months(p, -_month_count(p))
    end = p.start - timedelta(days=1)
    return Period(end - timedelta(days=p.days - 1), end)


def _one_year_earlier(d: date) -> date:
    if d.month == 2 and d.day == 29:
        return date(d.year - 1, 2, 28)
    return d.replace(year=d.year - 1)


def year_earlier(p: Period) -> Period:
    """The same period one year before: whole months shift by twelve months (so February 2025
    compares with 1-29 February 2024); other dates move back a year, 29 February to the 28th."""
    if is_whole_months(p):
        return _shift_months(p, -12)
    return Period(_one_year_earlier(p.start), _one_year_earlier(p.end))


def month_starts(p: Period) -> list[date]:
    """The first day of every calendar month that overlaps the period, in order."""
    return [add_months(p.start.replace(day=1), i) for i in range(_month_count(p))]
