"""The Signal or noise page (AppTest): each measure's XmR chart in words and numbers, the same as
`flightdeck spc` for leaders and analysts; for scrutiny only the protected, rounded months."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import formatting
from dashboard.figures import spc, spc_metrics
from dashboard.figures.disruption import RepeatRule
from dashboard.figures.request import Request
from dashboard.filters import Filters
from dashboard.i18n import set_language, t
from dashboard.periods import financial_year
from tests.app_helpers import APP, TIMEOUT, open_on, shared_sample


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return shared_sample()


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


SAMPLE_AS_AT = date(2025, 3, 31)


def tile_verdict(request: Request, key: str) -> str:
    """What a leader's tile says of `key`: the verdict on its 24 months, or that it is not
    judged because its latest months have not matured (figures.maturity)."""
    from dashboard.figures import maturity

    immature = maturity.immature_from(key, SAMPLE_AS_AT)
    if immature is not None and request.period.end >= immature:
        return "not_mature"
    made = spc_metrics.chart_for(request, key)
    return spc.variation(made.chart, made.better)


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
            expected[t(f"tile.spc.{tile_verdict(request, key)}")] += 1
    shown = Counter(c.value for c in at.caption if c.value.startswith(("◇", "◆", "○")))
    assert shown == expected and sum(shown.values()) >= 15
    assert expected[t("tile.spc.not_mature")] >= 1  # the recorded-basis charge rate
    assert not [c.value for c in at.caption if "(better)" in c.value or "(worse)" in c.value]


def test_scrutiny_tiles_say_a_verdict_only_where_no_month_is_small(served, monkeypatch):
    """Scrutiny: a tile's verdict is the leaders' (worked out on the exact 24 months), given
    only where every count of its series is at or above the threshold in each of those
    months; a tile with a small month says none."""
    from collections import Counter

    from dashboard import disclosure
    from dashboard.app import tiles
    from dashboard.figures import catalogue
    from dashboard.figures import request as figures

    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")
    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "flight_deck")
    assert not at.exception
    request = default_request(served)
    expected, withheld = Counter(), []
    for key in [k for group in tiles.TILE_GROUPS.values() for k in group]:
        if key not in spc_metrics.charted():
            continue
        frame = figures.trend(request, catalogue.trend_of(key))
        if tile_verdict(request, key) == "not_mature":
            expected[t("tile.spc.not_mature")] += 1  # whatever its counts: not judged
        elif disclosure.may_judge(catalogue.trend_of(key), frame):
            expected[t(f"tile.spc.{tile_verdict(request, key)}")] += 1
        else:
            withheld.append(key)
    shown = Counter(c.value for c in at.caption if c.value.startswith(("◇", "◆", "○")))
    assert shown == expected
    assert sum(expected.values()) >= 10 and withheld  # both cases occur in the sample


def test_a_verdict_is_never_given_on_a_series_with_a_small_month():
    import pandas as pd

    from dashboard import disclosure

    # charged: one count a month; 10 is the threshold
    frame = pd.DataFrame({"month_start": [1, 2, 3], "charged": [12, 10, 30]})
    assert disclosure.may_judge("charged", frame)
    assert not disclosure.may_judge("charged", frame.assign(charged=[12, 9, 30]))
    assert not disclosure.may_judge("charged", frame.assign(charged=[12, 0, 30]))  # zero: small
    # a rate: its numerator and denominator both counted, every month
    rates = pd.DataFrame(
        {"charge_rate": [0.5, 0.4], "numerator": [10, 12], "denominator": [20, 30]}
    )
    assert disclosure.may_judge("charge_rate", rates)
    assert not disclosure.may_judge("charge_rate", rates.assign(numerator=[10, 3]))
    assert not disclosure.may_judge("charge_rate", rates.drop(columns="denominator"))


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
            verdicts[key] = tile_verdict(request, key)
    box = next(m.value for m in at.markdown if m.value.startswith("- ") or "noise" in m.value)
    named = set()  # "- Concerning: A; B." -> {A, B}; measures are kept apart by "; "
    targets = {}  # the lines on targets: "- Consistently failing its target (...): A."
    for verdict in ("consistently_failing", "consistently_passing"):
        targets[verdict] = t(f"flight_deck.attention.{verdict}", measures="").removesuffix(".")
    assured = {}
    for line in box.splitlines():
        found = [v for v, prefix in targets.items() if line.startswith(f"- {prefix}")]
        if found:
            measures = line.removeprefix(f"- {targets[found[0]]}").removesuffix(".")
            assured[found[0]] = set(measures.split("; "))
        elif line.startswith("- "):
            named |= set(line.split(": ", 1)[1].removesuffix(".").split("; "))
    for verdict in targets:  # every measure whose target is consistently met or missed
        expected = {
            catalogue.label(k)
            for k in verdicts
            if spc_metrics.chart_for(request, k).assurance == verdict
        }
        assert assured.get(verdict, set()) == expected, (verdict, box)
    assert assured  # the sample's targets give both (tests/test_cli_spc.py)
    for key, verdict in verdicts.items():
        shown = catalogue.label(key) in named
        assert shown is (verdict not in ("common_cause", "not_mature")), (key, verdict, box)
    concerning = t("flight_deck.attention.special_cause_concerning", measures="")[:10]
    if concerning in box:
        assert box.index(concerning) == 2  # the first line


def test_scrutiny_gets_the_signal_box_but_not_the_matrix_of_figures(served, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")
    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "flight_deck")
    said = " ".join(m.value for m in at.markdown)
    assert t("flight_deck.attention.title") in said
    # exact means and limits: no
    assert t("matrix.title", months="")[:20] not in said and not at.table


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


def test_the_matrix_gives_each_headline_measure_as_flightdeck_spc_does(served):
    """Leaders: the matrix at the top of the flight deck, one row per headline measure, its
    latest month's value, mean and limits as the XmR chart has them, and its verdict."""
    from dashboard.app import tiles
    from dashboard.figures import catalogue

    at = open_on(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "flight_deck")
    (table,) = at.table
    frame = table.value
    said = " ".join(m.value for m in at.markdown)
    assert f"**{t('matrix.title', months='March 2025')}**" in said
    request = default_request(served)
    assert list(frame.index) == [catalogue.label(k) for k in tiles.HEADLINE]
    for key in tiles.HEADLINE:
        made = spc_metrics.chart_for(request, key)
        last = made.chart.points[-1]
        row = frame.loc[catalogue.label(key)]
        assert row[t("matrix.column.value")] == formatting.value(last.value, made.unit)
        assert row[t("matrix.column.mean")] == formatting.value(last.mean, made.unit)
        lower, upper = (formatting.value(v, made.unit) for v in (last.lower, last.upper))
        assert row[t("matrix.column.limits")] == f"{lower} to {upper}"
        verdict = spc.variation(made.chart, made.better)
        assert row[t("matrix.column.variation")] == t(f"matrix.variation.{verdict}")


def test_the_measure_is_in_the_link_both_ways(served):
    """?metric= opens the page on that measure; a choice puts it in the link; a link naming no
    chartable measure says so and shows the first."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["metric"] = "Median_Days_To_Charge"  # any case, as other codes in links
    at = open_on(at, "signals")
    assert at.selectbox(key="spc_metric").value == "median_days_to_charge"
    assert at.query_params["metric"] == "median_days_to_charge"
    at.selectbox(key="spc_metric").set_value("charged").run()
    assert at.query_params["metric"] == "charged" and not at.warning
    bad = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    bad.query_params["metric"] = "<script>"
    bad = open_on(bad, "signals")
    assert [w.value for w in bad.warning] == [t("spc.bad_link")]
    assert bad.selectbox(key="spc_metric").value == spc_metrics.charted()[0]


@pytest.mark.parametrize(
    ("start", "end", "first"),
    [
        # a year: the 24 months to its end
        ((2024, 4, 1), (2025, 3, 31), (2023, 4, 1)),
        # 30 months: from its first month
        ((2022, 10, 1), (2025, 3, 31), (2022, 10, 1)),
        # five years: the 36 months to its end
        ((2020, 4, 1), (2025, 3, 31), (2022, 4, 1)),
        # a custom period starting mid-month: from the first of that month
        ((2022, 10, 15), (2025, 3, 31), (2022, 10, 1)),
    ],
)
def test_a_chart_shows_24_to_36_months_whatever_the_period(start, end, first):
    from datetime import date

    from dashboard.app.sections.signals import chart_window
    from dashboard.periods import Period

    window = chart_window(Period(date(*start), date(*end)))
    assert (window.start, window.end) == (date(*first), date(*end))
