"""Each kind of URL value has one parser (dashboard/app/url_params.py): hand-written cases, then
properties over arbitrary Unicode (Hypothesis): a parser never raises, and returns None or a
valid value. Issue 18: `?period=financial_year&fy=²` crashed a page, because `str.isdigit` takes
a superscript two and `int` does not.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import periods
from dashboard.app import url_params
from dashboard.app.sections import comparison_choices
from dashboard.filters import AGE_BANDS, DOMESTIC_ABUSE, SUBGROUPS, local_authority_codes

AS_AT = date(2025, 3, 31)
FIRST_DAY = date(2010, 1, 1)
YEARS = ["2016/17", "2017/18"]
FORCES = ["Avon and Somerset", "Dyfed-Powys", "Gwent", "London, City of", "North Wales"]

# Values no number parser may accept: other Unicode digits (which `str.isdigit`, and some `int`,
# take), signs, separators, other notations, blanks, huge and hostile text.
NOT_NUMBERS = [
    "²",
    "²⁰²⁴",
    "٣",
    "٢٠٢٤",
    "２０２４",
    "𝟚𝟘𝟚𝟜",
    "໒໐໒໔",
    "2024²",
    "½",
    "Ⅻ",
    "",
    " ",
    "\t\n",
    "-1",
    "-2024",
    "+2024",
    "1_0",
    "2_024",
    "1e3",
    "0x10",
    "2024.0",
    "2 024",
    "9" * 4_301,
    "9" * 80_000,
    "<script>alert(1)</script>",
    "<b>2024</b>",
    "\x00",
    "2024\x00",
    "\x002024",
    "２０２４-06",
    None,
    [],
    ["²"],
]

# Every parser, with the arguments a page gives it, and what a valid result is.
PARSERS = {
    "whole_number": (
        lambda raw: url_params.whole_number(raw, 1, 120),
        lambda v: type(v) is int and 1 <= v <= 120,
    ),
    "year": (
        lambda raw: url_params.year(raw, 2010, 2025),
        lambda v: type(v) is int and 2010 <= v <= 2025,
    ),
    "fy_start": (
        lambda raw: url_params.fy_start(raw, 2010, 2024),
        lambda v: type(v) is int and 2010 <= v <= 2024,
    ),
    "quarter": (url_params.quarter, lambda v: v in (1, 2, 3, 4) and type(v) is int),
    "month": (
        lambda raw: url_params.month(raw, FIRST_DAY, AS_AT),
        lambda v: type(v) is date and v.day == 1 and FIRST_DAY <= v <= AS_AT,
    ),
    "iso_date": (
        lambda raw: url_params.iso_date(raw, FIRST_DAY, AS_AT),
        lambda v: type(v) is date and FIRST_DAY <= v <= AS_AT,
    ),
    "subgroup": (lambda raw: url_params.code(raw, SUBGROUPS), lambda v: v in SUBGROUPS),
    "age_band": (lambda raw: url_params.code(raw, AGE_BANDS), lambda v: v in AGE_BANDS),
    "domestic_abuse": (
        lambda raw: url_params.code(raw, DOMESTIC_ABUSE),
        lambda v: v in DOMESTIC_ABUSE,
    ),
    "preset": (
        lambda raw: url_params.code(raw, periods.PRESETS),
        lambda v: v in periods.PRESETS,
    ),
    "language": (lambda raw: url_params.code(raw, ("en", "cy")), lambda v: v in ("en", "cy")),
    "local_authority": (url_params.local_authority, lambda v: v in local_authority_codes()),
    "national_year": (lambda raw: url_params.national_year(raw, YEARS), lambda v: v in YEARS),
    "force": (lambda raw: url_params.force(raw, FORCES), lambda v: v in FORCES),
    "names": (
        lambda raw: url_params.names(raw, "|"),
        lambda v: type(v) is list and all(n and n == n.strip() and "|" not in n for n in v),
    ),
    "text": (
        url_params.text,
        lambda v: type(v) is str and len(v) <= url_params.MAX_CHARS and v == v.strip(),
    ),
}
NUMBER_PARSERS = ("whole_number", "year", "fy_start", "quarter", "month", "iso_date")

# Text that any parser may meet: all of Unicode bar lone surrogates (a URL cannot carry them:
# percent-decoding replaces them), and text close to valid values, with other digits mixed in.
ANY_TEXT = st.text()
NEAR_VALID = st.text(
    alphabet=st.sampled_from("0123456789-/|: ²٣２𝟚\x00\t") | st.characters(categories=["Nd", "No"]),
    max_size=12,
)
RAW = st.one_of(
    st.none(),
    ANY_TEXT,
    NEAR_VALID,
    st.lists(st.one_of(ANY_TEXT, NEAR_VALID), max_size=3),  # a repeated parameter
)


# --- hand-written cases -----------------------------------------------------------------------


@pytest.mark.parametrize("name", NUMBER_PARSERS)
@pytest.mark.parametrize("raw", NOT_NUMBERS, ids=lambda r: repr(r)[:20])
def test_numbers_are_ascii_digits_only(name, raw):
    parse, _valid = PARSERS[name]
    assert parse(raw) is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024", 2024),
        (" 2023\n", 2023),
        ("\u30002023", 2023),  # Unicode spaces are trimmed like ASCII ones
        (["2020", "2023"], 2023),  # a repeated parameter: the last one, as Streamlit shows it
        ("2009", None),
        ("2026", None),
        ("02024", None),
        ("999", None),
    ],
)
def test_year(raw, expected):
    assert url_params.year(raw, 2010, 2025) == expected


def test_fy_start_is_a_year_within_the_financial_years_on_offer():
    assert url_params.fy_start("2024", 2010, 2024) == 2024
    assert url_params.fy_start("2025", 2010, 2024) is None
    assert url_params.fy_start("2024/25", 2010, 2024) is None


@pytest.mark.parametrize(
    "raw, expected",
    [("1", 1), ("4", 4), (" 2 ", 2), ("0", None), ("5", None), ("Q2", None), ("02", None)],
)
def test_quarter(raw, expected):
    assert url_params.quarter(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024-06", date(2024, 6, 1)),
        ("2024-6", date(2024, 6, 1)),
        ("2010-01", date(2010, 1, 1)),
        ("2025-03", date(2025, 3, 1)),
        ("2025-04", None),  # after the as-at date
        ("2009-12", None),
        ("2024-13", None),
        ("2024-00", None),
        ("0000-01", None),
        ("2024-06-01", None),
        ("2024/06", None),
        ("2024-٠6", None),
    ],
)
def test_month(raw, expected):
    assert url_params.month(raw, FIRST_DAY, AS_AT) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024-05-03", date(2024, 5, 3)),
        (" 2010-01-01 ", date(2010, 1, 1)),
        ("2025-03-31", AS_AT),
        ("2025-04-01", None),
        ("2009-12-31", None),
        ("2024-02-30", None),
        ("0000-01-01", None),
        ("20240503", None),  # other ISO 8601 forms date.fromisoformat takes
        ("2024-W01-1", None),
        ("2024-05-03T00:00", None),
        ("٢٠٢٤-05-03", None),
        ("2024-05-0３", None),
    ],
)
def test_iso_date(raw, expected):
    assert url_params.iso_date(raw, FIRST_DAY, AS_AT) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("rape", "rape"),
        (" RAPE ", "rape"),
        ("Other", "other"),
        ("ｏｔｈｅｒ", None),  # full-width letters
        ("rapé", None),
        ("rape\x00", None),
        ("rape, other", None),
        ("<script>rape</script>", None),
        ("r" * 80_000, None),
        ("", None),
        (None, None),
    ],
)
def test_code_from_a_closed_list(raw, expected):
    assert url_params.code(raw, SUBGROUPS) == expected


def test_code_is_ascii_only_even_where_lower_case_would_match():
    # 'ſ' (long s) and the Kelvin sign lower-case or case-fold to ASCII letters
    assert url_params.code("16pluſ", AGE_BANDS) is None
    assert url_params.code("\u212aNOWN", ("known",)) is None
    assert url_params.code("16PLUS", AGE_BANDS) == "16plus"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("W06000022", "W06000022"),
        ("w06000022", "W06000022"),
        (" Newport ", "W06000022"),
        ("Casnewydd", "W06000022"),
        ("unknown", "unknown"),
        ("UNKNOWN", "unknown"),
        ("Narnia", None),
        ("W06000022\x00", None),
        ("W０6000022", None),
        ("x" * 80_000, None),
    ],
)
def test_local_authority(raw, expected):
    assert url_params.local_authority(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2017/18", "2017/18"),
        ("2017-18", "2017/18"),
        (" 2017/18 ", "2017/18"),
        ("2018/19", None),  # not loaded
        ("2017–18", None),  # an en dash
        ("２０１７/18", None),
        ("2017/1８", None),
        ("2017", None),
    ],
)
def test_national_year(raw, expected):
    assert url_params.national_year(raw, YEARS) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("gwent", "Gwent"),
        ("  GWENT ", "Gwent"),
        ("london,  city of", "London, City of"),
        ("Gwent\x00", None),
        ("Narnia", None),
        ("Gwent" * 20_000, None),
    ],
)
def test_force(raw, expected):
    assert url_params.force(raw, FORCES) == expected


def test_names():
    assert url_params.names("a| b || c |", "|") == ["a", "b", "c"]
    assert url_params.names("", "|") == []
    assert url_params.names("Gwent|" * 1000, "|") is None  # longer than any valid list


def test_the_raw_value():
    assert url_params.last(["a", "b"]) == "b"
    assert url_params.last([]) is None
    assert url_params.last(3) is None
    assert url_params.given(" x ") and not url_params.given("  ") and not url_params.given(None)
    assert url_params.text(" x ") == "x"
    assert url_params.text("x" * (url_params.MAX_CHARS + 1)) is None


# --- properties: arbitrary Unicode ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None, derandomize=True)
@given(raw=RAW)
def test_a_parser_never_raises_and_gives_none_or_a_valid_value(name, raw):
    parse, valid = PARSERS[name]
    result = parse(raw)
    assert result is None or valid(result), result


@pytest.mark.parametrize("name", NUMBER_PARSERS)
@settings(max_examples=300, deadline=None, derandomize=True)
@given(raw=RAW)
def test_a_number_accepted_was_written_in_ascii(name, raw):
    parse, _valid = PARSERS[name]
    if parse(raw) is not None:
        written = url_params.last(raw).strip()
        assert written.isascii() and set(written) <= set("0123456789-"), written


COMPARISON_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(RAW.filter(lambda r: isinstance(r, str)), st.sampled_from(samples))
        for name, samples in {
            "year": YEARS + ["2017-18", "2030/31"],
            "subgroup": ["rape", "other", "all", "RAPE"],
            "force": FORCES + ["Narnia"],
            "peers": ["Dyfed-Powys|North Wales", "Gwent|Narnia", "London, City of", ""],
        }.items()
    },
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(params=COMPARISON_PARAMS)
def test_the_comparison_choices_from_any_link(params):
    chosen = comparison_choices.from_params(params, YEARS, lambda _year: FORCES)
    assert chosen.year in YEARS
    assert chosen.subgroup in (None, *SUBGROUPS)
    assert chosen.force in FORCES
    assert set(chosen.peers) <= set(FORCES) - {chosen.force}
    assert all(len(notice) < 1_000 for notice in chosen.notices)  # echoed values are cut
