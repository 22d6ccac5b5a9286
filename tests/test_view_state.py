"""URL parameters <-> the period and filters of a page: round trips and validated fallbacks."""

import string
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import periods
from dashboard.app.markdown_text import JOINER
from dashboard.app.view_state import ViewState, from_params, presets, to_params
from dashboard.filters import Filters
from dashboard.i18n import t

AS_AT = date(2025, 3, 31)


@pytest.mark.parametrize(
    "params, preset, start, end",
    [
        ({}, "financial_year", date(2024, 4, 1), date(2025, 3, 31)),
        ({"period": "month", "month": "2024-06"}, "month", date(2024, 6, 1), date(2024, 6, 30)),
        (
            {"period": "fy_quarter", "fy": "2024", "q": "3"},
            "fy_quarter",
            date(2024, 10, 1),
            date(2024, 12, 31),
        ),
        (
            {"period": "financial_year", "fy": "2022"},
            "financial_year",
            date(2022, 4, 1),
            date(2023, 3, 31),
        ),
        (
            {"period": "calendar_year", "year": "2023"},
            "calendar_year",
            date(2023, 1, 1),
            date(2023, 12, 31),
        ),
        ({"period": "rolling_12_months"}, "rolling_12_months", date(2024, 4, 1), date(2025, 3, 31)),
        (
            {"period": "custom", "from": "2024-05-03", "to": "2024-07-09"},
            "custom",
            date(2024, 5, 3),
            date(2024, 7, 9),
        ),
    ],
)
def test_periods_from_the_url(params, preset, start, end):
    state = from_params(params, AS_AT)
    assert (state.preset, state.period) == (preset, periods.Period(start, end))
    assert state.notices == ()


@pytest.mark.parametrize(
    "params, preset",
    [
        ({"period": "fortnight"}, "financial_year"),
        ({"period": "month", "month": "2024-13"}, "month"),
        ({"period": "fy_quarter", "fy": "2024", "q": "5"}, "fy_quarter"),
        ({"period": "custom", "from": "2024-07-09", "to": "2024-05-03"}, "financial_year"),
        ({"period": "custom", "from": "yesterday"}, "financial_year"),
        ({"period": "calendar_year", "year": "<script>"}, "calendar_year"),
        # A link cannot ask for centuries of monthly trends, nor for days after the data's as-at
        ({"period": "custom", "from": "1000-01-01", "to": "2024-12-31"}, "financial_year"),
        ({"period": "custom", "from": "2024-01-01", "to": "9000-12-31"}, "financial_year"),
        ({"period": "custom", "from": "2009-12-31", "to": "2024-12-31"}, "financial_year"),
    ],
)
def test_invalid_periods_fall_back_with_a_notice(params, preset):
    state = from_params(params, AS_AT)
    assert state.preset == preset
    assert state.period == periods.latest_complete(preset, AS_AT)
    assert len(state.notices) == 1


def test_filters_from_the_url_each_validated():
    state = from_params({"la": "Casnewydd", "subgroup": "rape", "age": "bogus", "da": "yes"}, AS_AT)
    assert state.filters == Filters("W06000022", "rape", None, "yes")
    assert len(state.notices) == 1 and "age" in state.notices[0]


@pytest.mark.parametrize(
    "params",
    [
        {"period": "month", "month": "2024-06", "la": "W06000019"},
        {"period": "fy_quarter", "fy": "2023", "q": "4", "subgroup": "other", "age": "under16"},
        {"period": "custom", "from": "2024-01-02", "to": "2024-02-03", "da": "no"},
        {"period": "calendar_year", "year": "2022", "la": "unknown"},
        {"period": "rolling_12_months"},
    ],
)
def test_round_trip(params):
    state = from_params(params, AS_AT)
    assert to_params(state) == params
    assert from_params(to_params(state), AS_AT) == state


def test_to_params_of_a_default_view():
    state = ViewState("financial_year", periods.financial_year(2024), Filters())
    assert to_params(state) == {"period": "financial_year", "fy": "2024"}


@pytest.mark.parametrize(
    "param, value",
    [
        ("la", "[Session expired – sign in](https://evil.example)"),
        ("da", "![x](https://evil.example/a.png)"),
        ("period", "**bold** <b>html</b> www.evil.example"),
        ("subgroup", "$x^2$ `code` # heading"),
    ],
)
def test_link_values_echoed_in_notices_are_plain_text(param, value):
    (notice,) = from_params({param: value}, date(2025, 3, 31)).notices
    echoed = notice.split("“", 1)[1].rsplit("”", 1)[0]
    assert unescaped_markup(echoed) == [], notice
    # The value is still named, character for character (the word joiners show nothing).
    assert echoed.replace("\\", "").replace(JOINER, "") == value


def unescaped_markup(text: str) -> list[str]:
    """Markdown/HTML characters of `text` not escaped by a backslash (CommonMark's rule: a
    backslash escapes any ASCII punctuation character)."""
    special, found, i = set("\\`*_{}[]()#+-.!|<>~$&:=@^"), [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in string.punctuation:
            i += 2
            continue
        if text[i] in special:
            found.append(text[i])
        i += 1
    return found


def test_a_long_link_value_is_cut():
    (notice,) = from_params({"la": "x" * 5000}, date(2025, 3, 31)).notices
    assert len(notice) < 400 and "…" in notice


def test_custom_period_may_run_from_the_first_year_to_the_as_at_date():
    state = from_params({"period": "custom", "from": "2010-01-01", "to": "2025-03-31"}, AS_AT)
    assert state.period == periods.custom(date(2010, 1, 1), AS_AT) and not state.notices


def test_custom_dates_are_refused_where_figures_are_suppressed():
    params = {"period": "custom", "from": "2024-04-02", "to": "2025-03-31"}
    state = from_params(params, AS_AT, allow_custom=False)
    assert state.preset == "financial_year"
    assert state.period == periods.latest_complete("financial_year", AS_AT)
    assert len(state.notices) == 1
    assert from_params(params, AS_AT).preset == "custom"  # with exact figures


# --- issue 18: any link, however crafted, gives a view and notices, never an error -------------


@pytest.mark.parametrize(
    "params",
    [
        {"period": "financial_year", "fy": "²"},  # str.isdigit takes it, int refuses it
        {"period": "fy_quarter", "fy": "2024", "q": "٣"},
        {"period": "calendar_year", "year": "２０２３"},
        {"period": "month", "month": "²⁰²⁴-0٦"},
        {"period": "custom", "from": "٢٠٢٤-05-03", "to": "2024-07-09"},
        {"period": "financial_year", "fy": "9" * 80_000},
        {"period": "financial_year", "fy": "\x00"},
    ],
)
def test_other_unicode_digits_fall_back_with_a_notice(params):
    state = from_params(params, AS_AT)
    fallback = params["period"] if params["period"] != "custom" else "financial_year"
    assert state.period == periods.latest_complete(fallback, AS_AT)
    assert state.notices == (t("state.bad_period"),)


def test_a_repeated_parameter_counts_its_last_value():
    state = from_params({"period": ["month", "calendar_year"], "year": ["2020", "2023"]}, AS_AT)
    assert state.period == periods.calendar_year(2023) and not state.notices


def test_a_blank_filter_is_no_filter():
    state = from_params({"la": "", "subgroup": "  ", "age": "UNDER16"}, AS_AT)
    assert state.filters == Filters(age_band="under16") and not state.notices


PARAM_NAMES = ("period", "month", "fy", "q", "year", "from", "to", "la", "subgroup", "age", "da")
SAMPLES = [
    *periods.PRESETS,
    "2024-06",
    "2024",
    "3",
    "2024-05-03",
    "W06000022",
    "rape",
    "under16",
    "yes",
    "²",
    "٣",
    "２０２４",
    "<script>alert(1)</script>",
    "[x](https://evil.example)",
    "x" * 80_000,
]
ANY_PARAMS = st.dictionaries(
    st.sampled_from(PARAM_NAMES),
    st.one_of(st.sampled_from(SAMPLES), st.text(), st.lists(st.text(), max_size=2)),
    max_size=len(PARAM_NAMES),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(params=ANY_PARAMS, allow_custom=st.booleans())
def test_any_link_gives_a_valid_view(params, allow_custom):
    state = from_params(params, AS_AT, allow_custom)
    assert state.preset in presets(allow_custom)
    assert date(2010, 1, 1) <= state.period.start <= state.period.end
    assert state.period.start <= AS_AT
    assert state == from_params(to_params(state), AS_AT, allow_custom)  # the link it writes
    for notice in state.notices:
        assert len(notice) < 400
        if "“" in notice:
            echoed = notice.split("“", 1)[1].rsplit("”", 1)[0]
            assert unescaped_markup(echoed) == [], notice
