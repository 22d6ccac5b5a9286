"""The Signal or noise page (AppTest): each measure's XmR chart in words and numbers, the same as
`flightdeck spc` for leaders and analysts; for scrutiny only the protected, rounded months."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import formatting
from dashboard.figures import spc, spc_metrics
from dashboard.figures.disruption import RepeatRule
from dashboard.figures.request import Request
from dashboard.filters import Filters
from dashboard.i18n import set_language, t
from dashboard.periods import financial_year
from tests.app_helpers import APP, TIMEOUT, load_sample, open_on


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return load_sample(tmp_path_factory.mktemp("signals") / "store")


@pytest.fixture
def served(store, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    return store


def page(key: str | None = None) -> AppTest:
    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "signals")
    if key is not None:
        at.selectbox(key="spc_metric").set_value(key).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("key", ["charge_rate", "median_days_to_charge"])
def test_the_page_shows_the_command_lines_chart(served, key):
    at = page(key)
    # the default period is 2024/25: the chart is the 24 months to March 2025
    request = default_request(served)
    made = spc_metrics.chart_for(request, key)
    table = at.dataframe[0].value
    assert len(table) == len(made.chart.points) == 24
    unit = made.unit
    assert list(table[t("spc.line.mean")]) == [
        formatting.value(p.mean, unit) for p in made.chart.points
    ]
    assert list(table[t("spc.line.upper")]) == [
        formatting.value(p.upper, unit) for p in made.chart.points
    ]
    summary = next(m.value for m in at.markdown if m.value.startswith(made_label(key)))
    verdict = spc.variation(made.chart, made.better)
    assert t(f"spc.variation.{verdict}") in summary
    assert formatting.value(made.chart.points[-1].upper, unit) in summary


def default_request(store) -> Request:
    """The view the page opens on: 2024/25, no filters; its chart the 24 months to March 2025."""
    window = spc_metrics.window_to(financial_year(2024).end)
    return Request(str(store.root), "v0001", window, Filters(), RepeatRule())


def made_label(key: str) -> str:
    from dashboard.figures import catalogue

    return catalogue.label(key)


def test_every_measure_draws_without_error(served):
    at = page()
    for key in spc_metrics.charted():
        at.selectbox(key="spc_metric").set_value(key).run()
        assert not at.exception, (key, [e.value for e in at.exception])
        assert not at.error, (key, [e.value for e in at.error])


def test_scrutiny_sees_only_rounded_protected_months_as_a_run_chart(served, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")
    at = page("crimes_recorded")
    assert t("spc.scrutiny_months") in [c.value for c in at.caption]
    table = at.dataframe[0].value
    assert len(table) == 12
    counts = [v for v in table[made_label("crimes_recorded")] if v]
    assert counts and all(int(str(v).replace(",", "")) % 5 == 0 for v in counts), counts
    assert set(table[t("spc.line.upper")]) == {""}  # a run chart: no limits
    assert any("run chart" in m.value for m in at.markdown)


def test_in_welsh(served):
    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "signals")
    at.query_params["lang"] = "cy"
    at.run()
    try:
        set_language("cy")
        assert t("page.signals") in [title.value for title in at.title]
        assert any(t("spc.how_to_read.title") == e.label for e in at.expander)
        assert any("Amrywiad achos" in m.value for m in at.markdown)
    finally:
        set_language("en")


def test_each_tile_says_its_spc_verdict_in_words(served):
    """The flight deck's tiles: for every tile with a monthly series, the verdict on its 24
    months (the same as flightdeck spc's); better or worse said of nothing else."""
    from collections import Counter

    from dashboard.app import tiles

    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "flight_deck")
    assert not at.exception
    request = default_request(served)
    keys = [k for group in tiles.TILE_GROUPS.values() for k in group]
    expected = Counter()
    for key in keys:
        if key in spc_metrics.charted():
            made = spc_metrics.chart_for(request, key)
            expected[t(f"tile.spc.{spc.variation(made.chart, made.better)}")] += 1
    shown = Counter(c.value for c in at.caption if c.value.startswith(("◇", "◆")))
    assert shown == expected and sum(shown.values()) >= 15
    assert not [c.value for c in at.caption if "(better)" in c.value or "(worse)" in c.value]


def test_scrutiny_tiles_have_no_verdict_from_twelve_rounded_months(served, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")
    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "flight_deck")
    assert not at.exception
    assert not [c.value for c in at.caption if c.value.startswith(("◇", "◆"))]


def test_the_flight_deck_opens_with_the_signals_and_only_them(served):
    """The box at the top names every measure whose tile shows a signal, concerning first, and
    no measure whose tile shows noise."""
    from dashboard.app import tiles
    from dashboard.figures import catalogue

    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "flight_deck")
    request = default_request(served)
    verdicts = {}
    for key in [k for group in tiles.TILE_GROUPS.values() for k in group]:
        if key in spc_metrics.charted():
            made = spc_metrics.chart_for(request, key)
            verdicts[key] = spc.variation(made.chart, made.better)
    box = next(m.value for m in at.markdown if m.value.startswith("- ") or "noise" in m.value)
    named = set()  # "- Concerning: A; B." -> {A, B}; measures are kept apart by "; "
    for line in box.splitlines():
        if line.startswith("- "):
            named |= set(line.split(": ", 1)[1].removesuffix(".").split("; "))
    for key, verdict in verdicts.items():
        shown = catalogue.label(key) in named
        assert shown is (verdict != "common_cause"), (key, verdict, box)
    concerning = t("flight_deck.attention.special_cause_concerning", measures="")[:10]
    if concerning in box:
        assert box.index(concerning) == 2  # the first line


def test_scrutiny_gets_no_signal_box(served, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")
    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "flight_deck")
    assert t("flight_deck.attention.title") not in " ".join(m.value for m in at.markdown)


def test_signals_by_kind_in_tile_order():
    from dashboard.app import tiles
    from dashboard.app.components import TileFigures

    def tile(verdict):
        return TileFigures(1, 1, 1, variation=verdict)

    assert tiles.signals({"a": tile(None)}) is None  # no verdict at all (scrutiny)
    found = tiles.signals(
        {
            "a": tile("special_cause_improving"),
            "b": tile("common_cause"),
            "c": tile("special_cause_concerning"),
            "d": tile("special_cause_improving"),
        }
    )
    assert list(found) == list(tiles.SIGNAL_ORDER)  # concerning first
    assert found["special_cause_improving"] == ("a", "d")
    assert found["special_cause_concerning"] == ("c",)
    assert not any("b" in keys for keys in found.values())
    quiet = tiles.signals({"b": tile("common_cause")})
    assert quiet is not None and not any(quiet.values())  # "no measure shows a signal"
