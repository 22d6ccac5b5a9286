"""English and Welsh: the sidebar offers both, `?lang=` opens a page in one and keeps it in the
link, and the choice stays while moving between pages (issues 3 and 13)."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.i18n import t
from tests.app_helpers import app, load_sample, page_path, serve_without_sign_in

WELSH = i18n.catalogue("cy")


@pytest.fixture()
def store(tmp_path, monkeypatch):
    store = load_sample(tmp_path / "store")
    serve_without_sign_in(monkeypatch, store)
    return store


def language_box(at):
    labels = {i18n.catalogue(code)["sidebar.language"] for code in ("en", "cy")}
    return [s for s in at.sidebar.selectbox if s.label in labels]


def test_english_is_the_default_and_welsh_is_offered(store):
    at = app().run()
    assert not at.exception
    (box,) = language_box(at)
    assert box.value == "en"
    assert at.title[0].value == t("page.flight_deck")


def test_a_link_names_a_language_that_does_not_exist(store):
    at = app({"lang": "xx"}).run()
    assert not at.exception
    assert at.title[0].value == t("page.flight_deck")
    assert any("“xx”" in w.value for w in at.warning)


def test_a_link_opens_the_page_in_welsh(store):
    at = app({"lang": "cy"}).run()
    assert not at.exception
    assert at.title[0].value == WELSH["page.flight_deck"]
    assert at.sidebar.header[0].value == WELSH["sidebar.period"]
    # Local authorities by their Welsh names once the language is Welsh.
    label = WELSH["filter.local_authority"]
    (la,) = [s for s in at.sidebar.selectbox if s.label == label]
    assert "Caerffili" in la.options and "Caerphilly" not in la.options
    assert at.query_params["lang"] == "cy"


def test_the_sidebar_switches_language_and_keeps_it_in_the_link(store):
    at = app().run()
    (box,) = language_box(at)
    assert box.value == "en"
    assert box.options == ["Cymraeg", "English"]
    box.set_value("cy").run()
    assert not at.exception
    assert at.title[0].value == WELSH["page.flight_deck"]
    assert at.query_params["lang"] == "cy"
    language_box(at)[0].set_value("en").run()
    assert at.title[0].value == t("page.flight_deck")
    assert "lang" not in at.query_params


def test_the_language_stays_when_moving_to_another_page(store):
    at = app({"lang": "cy"}).run()
    at.switch_page(page_path("outcomes")).run()  # the query string is dropped on the way
    assert not at.exception
    assert at.title[0].value == WELSH["page.outcomes"]


def test_a_leader_reads_their_role_and_the_comparison_hint_in_welsh(monkeypatch):
    """What a leader's pages say that an analyst's and scrutiny's do not: the role's name in
    the sidebar and, on the comparison page, whom to ask for national figures (an analyst is
    told how to load them). The Chromium walk in Welsh (tests/e2e/test_browser_welsh.py) opens
    every page as an analyst and as scrutiny; these two differences are read here."""
    from tests.app_helpers import shared_sample

    monkeypatch.setenv("FLIGHTDECK_STORE", str(shared_sample().root))
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "leader")
    at = app({"lang": "cy"}).run()
    assert not at.exception
    roles_line = WELSH["access.your_roles"].format(roles=WELSH["role.leader"])
    assert roles_line in [c.value for c in at.sidebar.caption]
    at.switch_page(page_path("comparison")).run()
    assert not at.exception
    assert at.title[0].value == WELSH["page.comparison"]
    (hint,) = [i.value for i in at.info if WELSH["comparison.no_data"] in i.value]
    assert hint == f"{WELSH['comparison.no_data']}\n\n{WELSH['comparison.no_data_ask']}"
