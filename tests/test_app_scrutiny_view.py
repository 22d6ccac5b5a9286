"""The scrutiny view a lay member can use (issue 17, item 3), as a scrutiny user of the real
pages: one sentence on suppression with the full rule one click away, changes that never
exaggerate, quarters where months would be hidden, one sentence for a chart with nothing to
draw, the glossary linked from the terms' first use, and no raw fraction on the heat map.
Each page is drawn once (module fixtures) and its checks are subtests."""

from __future__ import annotations

import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import disclosure, periods
from dashboard.access.viewer import Access
from dashboard.app import components, data_access, glossary
from dashboard.filters import NO_FILTERS
from dashboard.i18n import t
from tests.app_helpers import APP, open_on, open_trends, shared_sample

SMALL = {"period": "month", "month": "2024-06", "la": "W06000019"}  # the smallest area
RAW_FRACTION = re.compile(r"\b0\.\d{5,}")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return shared_sample()


@pytest.fixture(scope="module")
def pages(store):
    """Each page drawn once as scrutiny: name -> AppTest."""
    drawn = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLIGHTDECK_STORE", str(store.root))
        patch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")
        for name, page, view in (
            ("flight_deck", "flight_deck", {}),
            ("small", "flight_deck", SMALL),
            ("data_quality", "data_quality", {}),
            ("glossary", "glossary", {}),
        ):
            at = AppTest.from_file(str(APP), default_timeout=180)
            for key, value in view.items():
                at.query_params[key] = value
            open_on(at, page)
            if page == "flight_deck":  # its trends too, folded until opened
                open_trends(at)
            assert not at.exception, at.exception
            drawn[name] = at
        yield drawn


def test_one_sentence_on_every_page_and_the_full_rule_a_click_away(pages, subtests):
    for name, at in pages.items():
        with subtests.test(page=name):
            assert [i.value for i in at.info if i.value == disclosure.summary()]
            (how,) = [e for e in at.expander if e.label == "How we protect people"]
            assert [m for m in how.markdown if m.value == disclosure.explain()]


def _exact_and_shown(store, key: str) -> tuple:
    """The exact counts of the tile for 2024/25 and a year earlier (a leader's)."""
    version = None
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLIGHTDECK_STORE", str(store.root))
        version = data_access.current_version()
    leader = Access(frozenset({"leader"}), "en")
    original = data_access.access
    data_access.access = lambda: leader
    try:
        year = periods.financial_year(2024)
        request = version.request(year, NO_FILTERS)
        now = data_access.metric_values(request)[key]
        before = data_access.metric_values(request.at(periods.previous_period(year)))[key]
    finally:
        data_access.access = original
    return now, before


def _range(text: str) -> tuple[int, int]:
    """'−13 to +3 (−15% to +4%)' -> (-13, 3)."""
    numbers = re.findall(r"[+−-]?[\d,]+", text.split("(")[0].replace("−", "-"))
    values = [int(n.replace(",", "")) for n in numbers]
    return values[0], values[-1]


def test_a_tiles_change_holds_the_exact_change_and_says_no_more(store, pages):
    """The year's tiles compare with the year before: the change shown is a range from the
    rounded counts, and the exact change lies inside it."""
    at = pages["flight_deck"]
    for key, label in (("charged", "Charged or summonsed"), ("crimes_recorded", "Crimes recorded")):
        tile = next(m for m in at.metric if m.label == label)
        now, before = _exact_and_shown(store, key)
        low, high = _range(tile.proto.delta)
        assert low <= now - before <= high, (label, tile.proto.delta, now, before)
        assert " to " in tile.proto.delta  # a range: rounding leaves the change uncertain


def test_quarters_instead_of_a_chart_of_gaps(pages):
    at = pages["flight_deck"]
    said = [c.value for c in at.caption if "shown by quarter instead" in c.value]
    assert said and all(re.match(r"\d+ of the 12 months would be hidden", s) for s in said)
    assert [m for m in at.markdown if m.value.startswith("Charge/summons rate by")]


def test_a_chart_with_every_figure_hidden_is_one_sentence(pages):
    at = pages["small"]
    sentences = [i.value for i in at.info if "every figure is hidden" in i.value]
    assert sentences
    assert all(s.count(". ") == 0 for s in sentences)  # one sentence each
    assert not components.draws_anything(go.Figure(go.Bar(x=["a", "b"], y=[None, None])))
    assert components.draws_anything(go.Figure(go.Bar(x=["a", "b"], y=[None, 3])))
    heat = go.Figure(go.Heatmap(z=[[None, None]]))
    assert not components.draws_anything(heat)


def test_the_heat_map_prints_percentages_not_raw_fractions(pages):
    at = pages["data_quality"]
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        for trace in json.loads(chart.proto.spec)["data"]:
            texts = trace.get("text") or []
            flat = [x for row in texts for x in (row if isinstance(row, list) else [row])]
            assert not [x for x in flat if RAW_FRACTION.search(str(x))], flat[:5]


def test_the_glossary_has_every_term_and_pages_link_to_it(pages, subtests):
    at = pages["glossary"]
    anchors = {h.proto.anchor for h in at.subheader}
    assert {glossary.anchor(k) for k in glossary.TERMS} <= anchors
    linked = " ".join(c.value for c in pages["flight_deck"].caption)
    linked += " ".join(m.value for m in pages["flight_deck"].markdown)
    for key in ("isva", "n100", "rui", "s63g", "recorded_basis", "repeat_suspect"):
        with subtests.test(term=key):
            assert f"#{glossary.anchor(key)})" in linked
            assert linked.count(f"#{glossary.anchor(key)})") == 1  # the first use only


def test_a_table_with_every_figure_hidden_is_one_sentence_without_a_download(store):
    """The Outcomes page's table of outcome types, for the smallest area in one month: every
    count hidden from scrutiny, so one sentence and no table or download; a leader sees it."""
    title = t("outcomes.by_code_table")
    drawn = {}
    for role in ("scrutiny", "leader"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("FLIGHTDECK_STORE", str(store.root))
            patch.setenv("FLIGHTDECK_DEMO_ROLE", role)
            at = AppTest.from_file(str(APP), default_timeout=180)
            for key, value in SMALL.items():
                at.query_params[key] = value
            open_on(at, "outcomes")
            assert not at.exception, at.exception
            drawn[role] = at
    scrutiny, leader = drawn["scrutiny"], drawn["leader"]
    assert [i.value for i in scrutiny.info].count(t("table.all_hidden", title=title)) == 1
    assert title not in [e.label for e in scrutiny.expander]
    # Every download on the page is a table's, in its expander: none left for the hidden one.
    tables = [e for e in scrutiny.expander if e.label == t("chart.data")]
    assert len(scrutiny.get("download_button")) == len(tables)
    (table,) = [e for e in leader.expander if e.label == title]
    assert len(table.get("download_button")) == 1
    assert t("table.all_hidden", title=title) not in [i.value for i in leader.info]


def test_which_tables_hide_every_figure():
    hidden, shown, zero = disclosure.fewer_than(), disclosure.not_shown(), disclosure.zero_text()
    withheld = disclosure.withheld_text()
    every = pd.DataFrame({"Group": ["A", "B", "C"], "Count": [hidden, shown, withheld]})
    assert components.hides_every_figure(every)
    assert components.hides_every_figure(every.assign(Rate=[shown, None, None]))  # missing
    assert components.hides_every_figure(every.assign(Rate=[shown, zero, None]))  # "–": known
    one_shown = pd.DataFrame({"Group": ["A", "B"], "Count": [hidden, 15]})
    as_written = pd.DataFrame(
        {"Area": ["A", "B"], "Count": [zero, "1,500"], "N100": [hidden, zero]}
    )
    assert not components.hides_every_figure(as_written)  # "1,500": a figure as a page writes it
    shares = pd.DataFrame({"Code": ["1", "1A"], "Share": ["25.0%", "3.0%"], "N": [hidden, hidden]})
    assert not components.hides_every_figure(shares)
    codes = pd.DataFrame(
        {"Code": ["1", "1A"], "Month": ["June 2024", "July 2024"], "N": [hidden, shown]}
    )
    assert components.hides_every_figure(codes)  # codes and months are words
    assert not components.hides_every_figure(one_shown)
    assert not components.hides_every_figure(every.assign(Rate=[0.5, None, None]))
    assert not components.hides_every_figure(pd.DataFrame({"Group": ["A"], "Note": ["words"]}))
    assert not components.hides_every_figure(pd.DataFrame({"Group": ["A"], "Count": [zero]}))
    whole = pd.DataFrame({"Group": [], "Count": []})
    whole.attrs["withheld"] = True
    assert components.hides_every_figure(whole)
    assert not components.hides_every_figure(pd.DataFrame({"Group": [], "Count": []}))
