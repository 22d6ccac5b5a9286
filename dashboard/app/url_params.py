"""Every value a link may carry, read by one parser per kind: the typed value, or None.

A URL parameter is whatever someone typed or crafted: any Unicode, any length, given once, many
times or not at all. Each parser takes the raw value as Streamlit gives it (a string, None, or a
list of strings for a repeated parameter: the last one counts, as with `st.query_params[...]`)
and returns a valid value or None; none of them raises. Numbers are ASCII digits only
(`str.isdigit` and `int` also accept '²', '٣' and full-width digits), and a text longer than its
kind allows is refused before any work is done on it. Callers turn None into the default with a
notice (view_state.py, language.py, comparison_choices.py, rule_state.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date

from dashboard import reference
from dashboard.national import choices as national

MAX_CHARS = 100  # a code, a name, a number or a date: far longer than any valid one
MAX_LIST_CHARS = 2_000  # a list of names (the comparison page's comparator forces)

_NUMBER = re.compile(r"[0-9]{1,9}")
_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_QUARTER = re.compile(r"[1-4]")
_FINANCIAL_YEAR = re.compile(r"([0-9]{4})[/-]([0-9]{2})")


# --- the raw value ----------------------------------------------------------------------------


def last(raw: object) -> str | None:
    """The value Streamlit shows for a parameter: the string, the last of a repeated one, or
    None (absent, or not text)."""
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else None
    return raw if isinstance(raw, str) else None


def given(raw: object) -> bool:
    """Whether the link gives a value at all (absent or blank: the default, without a notice)."""
    value = last(raw)
    return value is not None and bool(value.strip())


def text(raw: object, max_chars: int = MAX_CHARS) -> str | None:
    """The value trimmed of outer spaces; None when absent, not text or longer than `max_chars`."""
    value = last(raw)
    if value is None or len(value) > max_chars:
        return None
    return value.strip()


# --- one parser per kind ----------------------------------------------------------------------


def whole_number(raw: object, low: int, high: int) -> int | None:
    """A whole number written in ASCII digits, within low..high (both included)."""
    value = text(raw)
    if value is None or not _NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def year(raw: object, low: int, high: int) -> int | None:
    """A calendar year, four ASCII digits (`2023`), within low..high."""
    value = text(raw)
    if value is None or not _YEAR.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def fy_start(raw: object, low: int, high: int) -> int | None:
    """A financial year by the calendar year it starts in (`2024` for 2024/25), low..high."""
    return year(raw, low, high)


def quarter(raw: object) -> int | None:
    """A quarter of the financial year, 1 to 4."""
    value = text(raw)
    return int(value) if value is not None and _QUARTER.fullmatch(value) else None


def month(raw: object, low: date, high: date) -> date | None:
    """A month `YYYY-MM` (or `YYYY-M`) as its first day, which must lie within low..high."""
    value = text(raw)
    found = _MONTH.fullmatch(value) if value is not None else None
    if found is None or int(found[1]) < 1 or not 1 <= int(found[2]) <= 12:
        return None
    first = date(int(found[1]), int(found[2]), 1)
    return first if low <= first <= high else None


def iso_date(raw: object, low: date, high: date) -> date | None:
    """A day `YYYY-MM-DD` within low..high (other ISO forms, such as `20240101`, refused)."""
    value = text(raw)
    if value is None or not _DATE.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:  # 2024-02-30, year 0000
        return None
    return day if low <= day <= high else None


def code(raw: object, options: Sequence[str]) -> str | None:
    """One of a closed list of ASCII codes, any case (`RAPE` -> `rape`), as the list spells it:
    a subgroup, an age band, a domestic-abuse flag, a preset, a language."""
    value = text(raw)
    if value is None or not value.isascii():
        return None
    return {option.lower(): option for option in options}.get(value.lower())


def local_authority(raw: object) -> str | None:
    """A local authority's GSS code, found by its code or its English or Welsh name (any case),
    or 'unknown'."""
    value = text(raw)
    if value is None:
        return None
    if value.lower() == "unknown":
        return "unknown"
    return reference.local_authority_spellings().get(value.lower())


def national_year(raw: object, years: Collection[str]) -> str | None:
    """A loaded financial year of the national figures: `2017/18` (or `2017-18`)."""
    value = text(raw)
    found = _FINANCIAL_YEAR.fullmatch(value) if value is not None else None
    if found is None:
        return None
    cleaned = f"{found[1]}/{found[2]}"
    return cleaned if cleaned in years else None


def force(raw: object, valid: Sequence[str]) -> str | None:
    """A police force the data holds, as the data spells it (any case, outer spaces ignored)."""
    value = text(raw)
    if value is None:
        return None
    try:
        return national.force(value, valid)
    except national.UnknownChoice:
        return None


def names(raw: object, separator: str) -> list[str] | None:
    """The non-blank pieces of a list of names (`a|b|c`), trimmed; None when the list is longer
    than any valid one could be."""
    value = text(raw, MAX_LIST_CHARS)
    if value is None:
        return None
    return [piece.strip() for piece in value.split(separator) if piece.strip()]
