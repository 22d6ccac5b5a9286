"""Numbers, percentages and dates in GOV.UK/ONS style: words through `t()`, digits in code."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pandas as pd

from dashboard import reference
from dashboard.i18n import DEFAULT_LANGUAGE, babel_locale, current_language, t, t_or, tn
from dashboard.periods import Period, is_whole_months

UK = ZoneInfo("Europe/London")  # from the tzdata package where the system has no zone files
MINUS = "\u2212"  # a real minus sign: a hyphen is too short to read as "negative"
UNITS = ("count", "rate", "days", "hours", "counts")


def is_missing(x: object) -> bool:
    """True for None, NaN, pandas NA and NaT."""
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # a list or array is not one missing value
        return False


def _rounded(x: float | int | Decimal, places: int) -> Decimal:
    # Decimal from the shortest repr, so 0.0245 rounds half up to 2.5% like a person would.
    q = Decimal(str(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(q) if q == 0 else q


def _shown(q: Decimal, trim: bool) -> Decimal:
    """The number as it is written: 2.0 written "2" when trimmed, else with its places."""
    return q.to_integral_value() if trim and q == q.to_integral_value() else q


def _digits(q: Decimal, places: int, trim: bool) -> str:
    """Digits with the current language's group and decimal symbols (CLDR, through Babel)."""
    shown = _shown(q, trim)
    text = f"{shown:,.{max(-shown.as_tuple().exponent, 0) if trim else places}f}"
    symbols = babel_locale(current_language()).number_symbols["latn"]
    swap = str.maketrans({",": symbols["group"], ".": symbols["decimal"], "-": MINUS})
    return text.translate(swap)


def plotly_separators() -> str:
    """Plotly's `separators` (decimal then group) for the current language, from CLDR."""
    symbols = babel_locale(current_language()).number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def _number(x: float | int, places: int, trim: bool) -> str:
    return _digits(_rounded(x, places), places, trim)


def _plural(key: str, q: Decimal, trim: bool) -> str:
    """`key`'s plural form for the number as written (1.5 and, in English, 1.0 are `other`)."""
    places = max(-q.as_tuple().exponent, 0)
    return tn(key, _shown(q, trim), value=_digits(q, places, trim))


def decimal(x: float | int, places: int) -> str:
    """A number to `places` decimal places, rounded half up, in the language's symbols:
    0.0934 -> '0.09'."""
    return _number(x, places, trim=False)


def count(n: float | int | None) -> str:
    """A whole number with thousands separators: 1204 -> '1,204'."""
    return t("fmt.missing") if is_missing(n) else _number(n, 0, trim=True)


def rate(x: float | None, places: int = 1) -> str:
    """A fraction as a percentage: 0.027 -> '2.7%'."""
    if is_missing(x):
        return t("fmt.missing")
    return t("fmt.percent", value=_digits(_rounded(Decimal(str(x)) * 100, places), places, False))


def days(x: float | None) -> str:
    """A number of days, one decimal place only when needed: 420.5 -> '420.5 days'."""
    if is_missing(x):
        return t("fmt.missing")
    q = _rounded(x, 1)
    return _plural("fmt.days", q, trim=True)


def hours(x: float | None) -> str:
    """A number of hours, one decimal place only when needed: 5.5 -> '5.5 hours'."""
    if is_missing(x):
        return t("fmt.missing")
    q = _rounded(x, 1)
    return _plural("fmt.hours", q, trim=True)


def value(x: object, unit: str) -> str:
    """Format `x` for a metric's unit (count, rate, days, hours, counts)."""
    if unit == "counts" and isinstance(x, Mapping):
        return "; ".join(f"{reference_word(k)}: {count(v)}" for k, v in x.items())
    formatters = {"count": count, "counts": count, "rate": rate, "days": days, "hours": hours}
    if unit not in formatters:
        raise ValueError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")
    return formatters[unit](x)


def display_value(x: float | int, unit: str) -> Decimal:
    """The number as displayed (rounded as `value` rounds it), for like-for-like comparisons."""
    if unit == "rate":
        return _rounded(Decimal(str(x)) * 100, 1)
    return _rounded(x, 1 if unit in ("days", "hours") else 0)


def _signed(q: Decimal, text: str) -> str:
    return f"+{text}" if q > 0 else text


def delta(current: float | None, previous: float | None, unit: str) -> str:
    """The change between two displayed figures: '+0.4 percentage points', '−12 (−3.1%)'."""
    if is_missing(current) or is_missing(previous):
        return t("fmt.missing")
    # From the rounded figures, so the change agrees with the two numbers the reader sees.
    change = display_value(current, unit) - display_value(previous, unit)
    if change == 0:
        return t("fmt.delta.none")
    if unit == "rate":
        return _signed(change, _plural("fmt.points", change, trim=False))
    if unit in ("days", "hours"):
        return _signed(change, _plural(f"fmt.{unit}", change, trim=True))
    text = _signed(change, _digits(change, 0, True))
    base = display_value(previous, unit)
    if base == 0:
        return text
    share = _rounded(change / abs(base) * 100, 1)
    return t("fmt.delta.with_share", change=text, share=_signed(share, rate(change / abs(base))))


def month_name(m: int) -> str:
    """The month's name in the current language, from CLDR (Babel): 4 -> 'April', 'Ebrill'."""
    if not 1 <= int(m) <= 12:
        raise ValueError(f"month must be 1 to 12, not {m!r}")
    return babel_locale(current_language()).months["format"]["wide"][int(m)]


def _month_after_to(m: int) -> str:
    # Welsh mutates a month after "i" (to): Ebrill i Fehefin. English repeats the plain names.
    return t(f"fmt.month_after_to.{int(m)}")


def month_short(m: int) -> str:
    """The month's short name for axis ticks: 4 -> 'Apr'."""
    month_name(m)
    return t(f"fmt.month_short.{int(m)}")


def date_long(d: date) -> str:
    """A date in words: '1 April 2024'."""
    return t("fmt.date_long", day=d.day, month=month_name(d.month), year=d.year)


def date_numeric(d: object) -> str:
    """A date for a table cell, day first: '13/09/2022'; blank when missing."""
    return "" if is_missing(d) else t("fmt.date_numeric", d=d)


def datetime_numeric(d: object) -> str:
    """A date and time for a table cell: '31/12/2023 18:42'; blank when missing."""
    return "" if is_missing(d) else t("fmt.datetime_numeric", d=d)


def time_uk(moment: object) -> str:
    """A moment in UK local time, with UTC beside it: '7 July 2026 15:05 (UK time; 14:05 UTC)'
    (the UTC date too when it is another day); an ISO text or a naive time is UTC; blank when
    missing or not a time."""
    if is_missing(moment) or moment == "":
        return ""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if not isinstance(moment, datetime):
        return str(moment)
    utc = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    local = utc.astimezone(UK)
    utc_text = f"{utc:%H:%M}"
    if utc.date() != local.date():
        utc_text = f"{date_long(utc.date())} {utc_text}"
    return t("fmt.time_uk", date=date_long(local.date()), local=f"{local:%H:%M}", utc=utc_text)


def month_year(d: date) -> str:
    """The month and year of a date: 'April 2024'."""
    return t("fmt.month_year", month=month_name(d.month), year=d.year)


_WELSH_AND = re.compile(r"\ba\(c\) (\w)")
_ASPIRATE = {"C": "Ch", "P": "Ph", "T": "Th", "c": "ch", "p": "ph", "t": "th"}


def join_words(items: list[str]) -> str:
    """Items joined as the current language joins a list (CLDR, through Babel): 'A, B and C';
    in Welsh CLDR writes 'a(c)', settled here as the word after it asks: 'ac' before a vowel,
    'a' before a consonant, with the aspirate mutation of c, p and t ('a Thachwedd')."""
    from babel.lists import format_list

    if not items:
        return ""
    joined = format_list(items, locale=babel_locale(current_language()))

    def settle(m: re.Match) -> str:
        first = m.group(1)
        if first.lower() in "aeiouwyâêîôûŵŷ":
            return f"ac {first}"
        return f"a {_ASPIRATE.get(first, first)}"

    return _WELSH_AND.sub(settle, joined)


def month_year_short(d: date) -> str:
    """The short month and year of a date, for axis ticks: 'Apr 2024'."""
    return t("fmt.month_year_short", month=month_short(d.month), year=d.year)


def period_label(p: Period) -> str:
    """'April to June 2024', 'April 2024 to March 2025', 'April 2024' or '1 April 2024 to …'."""
    start, end = p.start, p.end
    if not is_whole_months(p):
        if start == end:
            return date_long(start)
        return t("fmt.period.range", start=date_long(start), end=date_long(end))
    if (start.year, start.month) == (end.year, end.month):
        return month_year(start)
    if start.year == end.year:
        end_month = _month_after_to(end.month)
        return t(
            "fmt.period.within_year", start=month_name(start.month), end=end_month, year=end.year
        )
    end_text = t("fmt.month_year", month=_month_after_to(end.month), year=end.year)
    return t("fmt.period.range", start=month_year(start), end=end_text)


def local_authority_name(code: str) -> str:
    """A local authority's name in the current language ("unknown": the unknown area's label)."""
    if code == "unknown":
        return t("filter.la_unknown")
    names = {r["gss_code"]: r for r in reference.local_authorities()}
    return names[code]["name_cy" if current_language() == "cy" else "name_en"]


# The columns whose values are the Home Office reference lists' English words.
REFERENCE_COLUMNS = ("outcome_group", "outcome_label", "offence_description", "order_type_name")
# Words a query writes as a value, shown in the page's language: in place of a missing value in
# a column whose other values are data (team names), and the codes of a fixed list (s63G
# decisions and orders' decisions, bail's time bands and the authority each needs): column ->
# {the query's English -> catalogue key}. English pages show the query's own words.
VALUE_WORDS = {
    "team": {"not recorded": "value.team_not_recorded"},
    "decision": {
        "granted": "value.decision.granted",
        "refused": "value.decision.refused",
        "withdrawn": "value.decision.withdrawn",
        "pending": "value.decision.pending",
        "no application": "value.decision.no_application",
    },
    "band": {
        "up to 3 months": "value.bail_band.up_to_3",
        "3-6 months": "value.bail_band.3_to_6",
        "6-9 months": "value.bail_band.6_to_9",
        "over 9 months": "value.bail_band.over_9",
    },
    "authority_needed": {
        "custody_officer": "value.authority.custody_officer",
        "inspector": "value.authority.inspector",
        "superintendent": "value.authority.superintendent",
        "court": "value.authority.court",
    },
}


def reference_words(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the reference lists' words (outcome types and groups, offence descriptions,
    order types) in the current language: the catalogue's `ref.<English words>`; English as it
    is. A new frame; the (cached) original is not touched."""
    columns = [c for c in REFERENCE_COLUMNS if c in frame.columns]
    worded = [c for c in VALUE_WORDS if c in frame.columns]
    if not (columns or worded) or current_language() == DEFAULT_LANGUAGE:
        return frame
    frame = frame.copy()
    frame.attrs = dict(frame.attrs)
    for column in columns:
        frame[column] = frame[column].map(reference_word)
    for column in worded:
        words = {value: t(key) for value, key in VALUE_WORDS[column].items()}
        frame[column] = frame[column].map(lambda v, words=words: words.get(v, v))
    return frame


def reference_word(value: object) -> object:
    """One reference list's English words in the current language (anything else as it is)."""
    return t_or(f"ref.{value}", value) if isinstance(value, str) else value
