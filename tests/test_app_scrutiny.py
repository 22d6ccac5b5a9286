"""A scrutiny-panel user finds no count below the threshold on any page, tile or table, and
the CSV downloads are built from the same protected tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data_access, disclosure, ingest
from dashboard.paths import SAMPLE
from dashboard.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "streamlit_app.py")
PAGES = [
    "flight_deck",
    "outcomes",
    "problem_profile",
    "comparison",
    "suspects",
    "bail_breaches",
    "orders",
    "s63g",
    "training",
    "data",
    "data_quality",
    "definitions",
]
# Small numbers on purpose: one month in the smallest area.
VIEW = {"period": "month", "month": "2024-06", "la": "W06000019"}
NOT_COUNTS = ("order", "year", "month", "code", "line")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("scrutiny") / "store")
    ingest.ingest(s, [SAMPLE])
    return s


@pytest.fixture
def scrutiny(store, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")


def run(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in VIEW.items():
        at.query_params[key] = value
    at.run()
    if page != "flight_deck":
        at.switch_page(str(ROOT / "dashboard" / "app_pages" / f"{page}.py")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def small_numbers(frame: pd.DataFrame) -> list:
    found = []
    for column in frame.columns:
        if any(word in str(column).lower() for word in NOT_COUNTS):
            continue
        if pd.api.types.is_integer_dtype(frame[column]):
            found += [(column, v) for v in frame[column] if v < disclosure.DEFAULT_THRESHOLD]
    return found


@pytest.mark.parametrize("page", PAGES)
def test_no_small_count_anywhere(scrutiny, page):
    at = run(page)
    units = {h["label"]: h["unit"] for h in data_access.headers("kpi").values()}
    for tile in at.metric:
        if units.get(tile.label) == "count" and tile.value.replace(",", "").isdigit():
            assert int(tile.value.replace(",", "")) >= disclosure.DEFAULT_THRESHOLD, tile.label
    for table in at.dataframe:
        assert small_numbers(table.value) == [], (page, table.value.columns.tolist())


def test_the_rule_is_explained_and_lists_are_refused(scrutiny):
    at = run("suspects")
    assert any(disclosure.explain() in i.value for i in at.info)
    assert not at.text_input  # no purpose prompt: the repeat-suspect list is not offered
    assert not any(e.label.startswith("Upload") for e in at.expander)


def test_leaders_see_exact_figures(store, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "leader")
    at = run("flight_deck")
    assert not any(disclosure.fewer_than() in m.value for m in at.metric)
    assert any(
        t.value.replace(",", "").isdigit() and int(t.value.replace(",", "")) < 10 for t in at.metric
    )  # the same view has small exact counts for a leader
