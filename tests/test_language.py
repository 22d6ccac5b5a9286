"""A new language is one catalogue folder: the sidebar offers it, `?lang=` opens it, and every
string falls back to English where the catalogue has no translation yet (issue 3, item 10).

The Welsh catalogue here is a test's: two messages, to show the mechanism, not a translation.
"""

from __future__ import annotations

import json
import shutil

import pytest

from dashboard import i18n
from dashboard.i18n import t
from tests.app_helpers import app, load_sample, page_path

WELSH = {
    "language.name": "Cymraeg",
    "page.flight_deck": "Dec hedfan",
    "page.outcomes": "Canlyniadau",
}


@pytest.fixture()
def store(tmp_path, monkeypatch):
    store = load_sample(tmp_path / "store")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.delenv("FLIGHTDECK_DEMO_ROLE", raising=False)
    return store


@pytest.fixture()
def with_welsh(tmp_path, monkeypatch):
    """The project's catalogues plus `cy/` holding WELSH, as a translator would add it."""
    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES, locales)
    (locales / "cy").mkdir()
    (locales / "cy" / "app.json").write_text(json.dumps(WELSH), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", locales)
    i18n.catalogue.cache_clear()
    yield
    i18n.catalogue.cache_clear()


def language_box(at):
    return [s for s in at.sidebar.selectbox if s.label == t("sidebar.language")]


def test_english_only_has_no_language_choice(store):
    at = app().run()
    assert not at.exception
    assert not language_box(at)
    assert at.title[0].value == t("page.flight_deck")


def test_a_link_names_a_language_that_does_not_exist(store):
    at = app({"lang": "xx"}).run()
    assert not at.exception
    assert at.title[0].value == t("page.flight_deck")
    assert any("“xx”" in w.value for w in at.warning)


def test_a_catalogue_folder_is_all_a_language_needs(store, with_welsh):
    at = app({"lang": "cy"}).run()
    assert not at.exception
    assert at.title[0].value == "Dec hedfan"
    # Not yet translated: English, never a key.
    assert at.sidebar.header[0].value == i18n.catalogue("en")["sidebar.period"]
    # Local authorities by their Welsh names once the language is Welsh.
    label = i18n.catalogue("en")["filter.local_authority"]
    (la,) = [s for s in at.sidebar.selectbox if s.label == label]
    assert "Caerffili" in la.options and "Caerphilly" not in la.options
    assert at.query_params["lang"] == "cy"


def test_the_sidebar_switches_language_and_keeps_it_in_the_link(store, with_welsh):
    at = app().run()
    (box,) = language_box(at)
    assert box.value == "en"
    assert box.options == ["Cymraeg", "English"]
    box.set_value("cy").run()
    assert not at.exception
    assert at.title[0].value == "Dec hedfan"
    assert at.query_params["lang"] == "cy"
    language_box(at)[0].set_value("en").run()
    assert at.title[0].value == t("page.flight_deck")
    assert "lang" not in at.query_params


def test_the_language_stays_when_moving_to_another_page(store, with_welsh):
    at = app({"lang": "cy"}).run()
    at.switch_page(page_path("outcomes")).run()  # the query string is dropped on the way
    assert not at.exception
    assert at.title[0].value == "Canlyniadau"
