"""Disclosure control across what a scrutiny user can ask for: no custom dates (the count of one
day would otherwise come from two periods a day apart, 1 April to 31 March minus 2 April to 31
March, however small), and no empty rate or median that gives a hidden count away as zero."""

from __future__ import annotations

import pytest

from dashboard import periods
from dashboard.figures import queries
from dashboard.i18n import t
from tests.app_helpers import app, load_sample

HEADERS = {q.name: q.header for q in queries.queries_of_kind("kpi")}
CHARGED = HEADERS["charged"]["label"]
MEDIAN_DAYS_TO_CHARGE = HEADERS["median_days_to_charge"]["label"]


@pytest.fixture()
def scrutiny(tmp_path, monkeypatch):
    store = load_sample(tmp_path / "store")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")


def period_type(at):
    (box,) = [s for s in at.sidebar.selectbox if s.label == t("sidebar.period_type")]
    return box


def test_scrutiny_is_not_offered_custom_dates(scrutiny):
    at = app().run()
    assert not at.exception
    assert t("preset.custom") not in period_type(at).options
    assert len(period_type(at).options) == len(periods.PRESETS) - 1


def test_a_custom_link_falls_back_for_scrutiny(scrutiny):
    at = app({"period": "custom", "from": "2024-04-02", "to": "2025-03-31"}).run()
    assert not at.exception
    assert t("state.custom_not_allowed") in [w.value for w in at.warning]
    assert period_type(at).value == "financial_year"
    assert at.query_params["period"] == "financial_year"


def test_leaders_still_have_custom_dates(tmp_path, monkeypatch):
    store = load_sample(tmp_path / "store")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "leader")
    at = app({"period": "custom", "from": "2024-04-02", "to": "2025-03-31"}).run()
    assert t("preset.custom") in period_type(at).options
    assert period_type(at).value == "custom"


def test_data_functions_refuse_scrutiny_a_custom_period(tmp_path):
    """Hiding the choice is not enough: the data functions refuse the period themselves."""
    from streamlit.testing.v1 import AppTest

    store = load_sample(tmp_path / "store")
    at = AppTest.from_function(_custom_period_calls, args=(str(store.root),), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.markdown] == [
        "metrics: refused",
        "breakdown: refused",
        "trend: refused",
        "standard: allowed",
    ]


def _custom_period_calls(store_root: str) -> None:
    from datetime import date

    import streamlit as st

    from dashboard.access import roles
    from dashboard.app import data_access, session
    from dashboard.figures.request import Request
    from dashboard.periods import Period

    st.session_state[session._KEY] = roles.demo_identity("scrutiny")
    version = "v0001"  # load_sample made it
    day_short = Request(store_root, version, Period(date(2024, 4, 2), date(2025, 3, 31)))
    standard = Request(store_root, version, Period(date(2024, 4, 1), date(2025, 3, 31)))
    calls = {
        "metrics": lambda: data_access.metric_values(day_short),
        "breakdown": lambda: data_access.breakdown(day_short, "offence_mix"),
        "trend": lambda: data_access.trend(day_short, "crimes_recorded"),
        "standard": lambda: data_access.metric_values(standard),
    }
    for name, call in calls.items():
        try:
            call()
            st.markdown(f"{name}: allowed")
        except roles.AccessDenied:
            st.markdown(f"{name}: refused")


def test_an_empty_median_does_not_say_its_count_is_zero(scrutiny):
    """Torfaen, rape, victims under 16, 2024/25 on the sample: no charge at all. "–" would say
    so (the page explains "–" as zero by definition): the median is "not shown" like the
    count it rests on."""
    at = app(
        {
            "period": "financial_year",
            "fy": "2024",
            "la": "W06000020",
            "subgroup": "rape",
            "age": "under16",
        }
    ).run()
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles[CHARGED] == t("disclosure.fewer_than", threshold="10")
    assert tiles[MEDIAN_DAYS_TO_CHARGE] == t("disclosure.not_shown")
