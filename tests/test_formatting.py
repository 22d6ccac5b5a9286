"""Numbers, percentages, deltas, dates and period labels: hand-written (input, expected) pairs."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import formatting as f
from dashboard import i18n
from dashboard.periods import Period, calendar_year, financial_year, fy_quarter, month

DASHBOARD = Path(f.__file__).resolve().parent
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (1, "1"),
        (999, "999"),
        (1000, "1,000"),
        (1204, "1,204"),
        (1234567, "1,234,567"),
        (-12, f"{MINUS}12"),
        (12.0, "12"),
        (np.int64(1204), "1,204"),
        (None, "–"),
        (float("nan"), "–"),
        (pd.NA, "–"),
    ],
)
def test_count(n, expected):
    assert f.count(n) == expected


@pytest.mark.parametrize(
    ("x", "places", "expected"),
    [
        (0.027, 1, "2.7%"),
        (0.0004, 1, "0.0%"),
        (0, 1, "0.0%"),
        (1, 1, "100.0%"),
        (0.5, 1, "50.0%"),
        (0.0245, 1, "2.5%"),  # half rounds up, as a person would (not 2.4 from float error)
        (0.04649, 1, "4.6%"),
        (0.12345, 2, "12.35%"),
        (0.3333, 0, "33%"),
        (np.float64(0.039), 1, "3.9%"),
        (-0.01, 1, f"{MINUS}1.0%"),
        (None, 1, "–"),
        (np.nan, 1, "–"),
    ],
)
def test_rate(x, places, expected):
    assert f.rate(x, places) == expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (1.0, "1 day"),
        (2, "2 days"),
        (321, "321 days"),
        (420.5, "420.5 days"),
        (420.0, "420 days"),
        (420.25, "420.3 days"),
        (1500, "1,500 days"),
        (None, "–"),
    ],
)
def test_days(x, expected):
    assert f.days(x) == expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [(5.5, "5.5 hours"), (1, "1 hour"), (0, "0 hours"), (24.0, "24 hours"), (None, "–")],
)
def test_hours(x, expected):
    assert f.hours(x) == expected


@pytest.mark.parametrize(
    ("x", "unit", "expected"),
    [
        (1204, "count", "1,204"),
        (0.027, "rate", "2.7%"),
        (321, "days", "321 days"),
        (5.5, "hours", "5.5 hours"),
        (17, "counts", "17"),
        ({"Charged": 12, "No suspect": 1500}, "counts", "Charged: 12; No suspect: 1,500"),
        (None, "rate", "–"),
    ],
)
def test_value_dispatches_on_unit(x, unit, expected):
    assert f.value(x, unit) == expected


def test_value_refuses_an_unknown_unit():
    with pytest.raises(ValueError, match="unknown unit"):
        f.value(1, "furlongs")


@pytest.mark.parametrize(
    ("current", "previous", "unit", "expected"),
    [
        (0.046, 0.042, "rate", "+0.4 percentage points"),
        (0.039, 0.046, "rate", f"{MINUS}0.7 percentage points"),
        (0.05, 0.04, "rate", "+1.0 percentage points"),  # CLDR: "1.0" is not "one"
        # both show as 2.7%: the change is measured between the figures the reader sees
        (0.02704, 0.02700, "rate", "no change"),
        (0.04649, 0.03851, "rate", "+0.7 percentage points"),  # 4.6% - 3.9%
        (376, 388, "count", f"{MINUS}12 ({MINUS}3.1%)"),  # 12 / 388 = 3.09%
        (400, 320, "count", "+80 (+25.0%)"),
        (5, 0, "count", "+5"),  # no percentage change from zero
        (3, 3, "count", "no change"),
        (336, 321, "days", "+15 days"),
        (320, 321, "days", f"{MINUS}1 day"),
        (420.5, 400, "days", "+20.5 days"),
        (6.0, 4.5, "hours", "+1.5 hours"),
        (None, 3, "count", "–"),
        (3, None, "rate", "–"),
    ],
)
def test_delta(current, previous, unit, expected):
    assert f.delta(current, previous, unit) == expected


@pytest.mark.parametrize(
    ("m", "expected"), [(1, "January"), (4, "April"), (9, "September"), (12, "December")]
)
def test_month_name(m, expected):
    assert f.month_name(m) == expected


@pytest.mark.parametrize("m", [0, 13])
def test_month_name_refuses_a_month_that_does_not_exist(m):
    with pytest.raises(ValueError):
        f.month_name(m)


@pytest.mark.parametrize(
    ("d", "long", "month_year", "short"),
    [
        (date(2024, 4, 1), "1 April 2024", "April 2024", "Apr 2024"),
        (date(2024, 2, 29), "29 February 2024", "February 2024", "Feb 2024"),  # leap day
        (date(2025, 12, 31), "31 December 2025", "December 2025", "Dec 2025"),
        (pd.Timestamp("2024-09-15"), "15 September 2024", "September 2024", "Sep 2024"),
        (datetime(2024, 6, 3, 14, 5), "3 June 2024", "June 2024", "Jun 2024"),
    ],
)
def test_dates(d, long, month_year, short):
    assert (f.date_long(d), f.month_year(d), f.month_year_short(d)) == (long, month_year, short)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (fy_quarter(2024, 1), "April to June 2024"),
        (fy_quarter(2024, 4), "January to March 2025"),
        (calendar_year(2024), "January to December 2024"),
        (financial_year(2024), "April 2024 to March 2025"),
        (Period(date(2024, 11, 1), date(2025, 2, 28)), "November 2024 to February 2025"),
        (month(2024, 4), "April 2024"),
        (month(2024, 2), "February 2024"),  # 1-29 February 2024 is the whole month
        (month(2025, 2), "February 2025"),
        (Period(date(2024, 2, 1), date(2024, 2, 28)), "1 February 2024 to 28 February 2024"),
        (Period(date(2024, 4, 1), date(2024, 5, 15)), "1 April 2024 to 15 May 2024"),
        (Period(date(2024, 4, 2), date(2024, 4, 30)), "2 April 2024 to 30 April 2024"),
        (Period(date(2024, 12, 25), date(2025, 1, 3)), "25 December 2024 to 3 January 2025"),
        (Period(date(2024, 4, 9), date(2024, 4, 9)), "9 April 2024"),
    ],
)
def test_period_label(period, expected):
    assert f.period_label(period) == expected


def test_display_value_rounds_as_shown():
    assert f.display_value(0.02704, "rate") == Decimal("2.7")
    assert f.display_value(420.46, "days") == Decimal("420.5")
    assert f.display_value(12.4, "count") == Decimal("12")


def test_every_key_used_is_in_the_english_catalogue():
    """Every message named literally in the package exists: `t("key")` as it is, `tn("key", n)`
    (and `plural`) as `key.one` and `key.other`."""
    source = "".join(p.read_text(encoding="utf-8") for p in DASHBOARD.rglob("*.py"))
    quoted = r"""\(\s*["']([A-Za-z0-9_.]+)["']"""
    used = {k for k in re.findall(r"\bt" + quoted, source) if not k.endswith(".")}  # "a." + b
    plural = set(re.findall(r"\b(?:tn|plural)" + quoted, source))
    messages = i18n.catalogue("en")
    assert len(used) > 300 and len(plural) > 20  # the patterns still find the calls
    assert sorted(used - messages.keys()) == []
    forms = {f"{k}.{form}" for k in plural for form in ("one", "other")}
    assert sorted(forms - messages.keys()) == []


@pytest.fixture()
def welsh():
    i18n.set_language("cy")
    yield
    i18n.set_language("en")


def test_welsh_dates_and_periods(welsh):
    """Welsh month names come from CLDR (Babel); the soft mutation after "i" (to) from the
    catalogue: Ebrill i Fehefin."""
    assert [f.month_name(m) for m in (1, 3, 6, 12)] == ["Ionawr", "Mawrth", "Mehefin", "Rhagfyr"]
    assert f.period_label(fy_quarter(2024, 1)) == "Ebrill i Fehefin 2024"
    assert f.period_label(financial_year(2024)) == "Ebrill 2024 i Fawrth 2025"
    assert f.date_long(date(2024, 4, 1)) == "1 Ebrill 2024"
    assert f.month_year(date(2024, 7, 1)) == "Gorffennaf 2024"


def test_plural_forms_follow_cldr_through_babel():
    """English: one/other; 1.5 and 1.0 are `other` (the old rule truncated 1.5 to "one")."""
    assert i18n.tn("upload.problems", 1, n="1") == "1 problem"
    assert i18n.tn("upload.problems", 0, n="0") == "0 problems"
    assert i18n.tn("upload.problems", 1204, n="1,204") == "1,204 problems"
    assert i18n.tn("upload.problems", np.int64(1), n="1") == "1 problem"  # a count from DuckDB
    assert i18n.tn("upload.problems", 1.0, n="1") == "1 problem"  # a count held as a float
    # A withheld figure shown as words takes the general form: "fewer than 10 problems".
    assert (
        i18n.tn("upload.problems", "fewer than 10", n="fewer than 10") == "fewer than 10 problems"
    )
    assert f.days(1) == "1 day" and f.days(1.5) == "1.5 days" and f.days(2) == "2 days"
    assert f.delta(0.5, 0.49, "rate") == "+1.0 percentage points"  # 1.0 is not "one"
    # (current, previous) -> the form Welsh takes: 0 zero, 1 one, 2 two, 3 few, 6 many.
    cases = {0: "zero", 1: "one", 2: "two", 3: "few", 4: "other", 6: "many", 7: "other"}
    assert {n: i18n.plural_form("cy", n) for n in cases} == cases
    assert i18n.plural_form("cy", Decimal("1.5")) == "other"
    assert i18n.plural_form("en", Decimal("1.0")) == "other"


def test_welsh_plural_messages_pick_their_form(welsh):
    """Every plural family of the Welsh catalogue has `.other`; a form it lacks falls back to
    it, never to English."""
    welsh_messages = i18n.catalogue("cy")
    for n in (0, 1, 2, 3, 6, 11, 1.5):
        text = i18n.tn("upload.problems", n, n=str(n))
        form = i18n.plural_form("cy", n)
        expected = (
            welsh_messages.get(f"upload.problems.{form}") or welsh_messages["upload.problems.other"]
        )
        assert text == expected.format(n=str(n))
    assert f.days(1.5) == welsh_messages["fmt.days.other"].format(value="1.5")


def test_reference_and_placeholder_words_follow_the_language(welsh):
    """Outcome groups take their Welsh words (`ref.<English>`); a team name is data and stays
    as it is, but the query's "not recorded" for a missing team is a message."""
    frame = pd.DataFrame(
        {
            "outcome_group": ["Charged/Summonsed"],
            "team": ["Public Protection Unit"],
        }
    )
    missing = pd.DataFrame({"team": ["CID Newport", "not recorded"]})
    shown = f.reference_words(frame)
    assert shown.loc[0, "outcome_group"] == i18n.t("ref.Charged/Summonsed") != "Charged/Summonsed"
    assert shown.loc[0, "team"] == "Public Protection Unit"
    assert list(f.reference_words(missing)["team"]) == ["CID Newport", "heb ei gofnodi"]
    assert frame.loc[0, "outcome_group"] == "Charged/Summonsed"  # the original is untouched
