"""Every query's table is protected by the shape it declares (its header's `-- shape:`),
together with the tiles it shares figures with: the review's defects, each reproduced with the
numbers it quoted, then the bundled sample in several views, audited by an independent solver
(tests/disclosure_helpers.py) over everything a scrutiny user sees at once."""

from __future__ import annotations

from datetime import date
from functools import cache

import pandas as pd
import pytest

from dashboard import disclosure, periods
from dashboard.disclosure import (
    HIDDEN,
    SHOWN,
    SMALL,
    ZERO,
    Known,
    Rounding,
    protect_table,
    protect_tiles,
    protect_trend,
    status_of,
)
from dashboard.disclosure.shapes import parse_shape, shape_of
from dashboard.disclosure.tiles import TileState
from dashboard.figures import metrics, queries
from dashboard.figures.disruption import DISRUPTION_KEYS
from dashboard.figures.engine import Engine
from dashboard.filters import Filters
from dashboard.periods import Period
from dashboard.settings import SAMPLE
from tests.disclosure_helpers import assert_unrecoverable, knowledge
from tests.fixture_store import load_fixture

FEW, HIDE, HELD = "fewer than 10", "not shown", "withheld"
UNITS = {q.name: q.header["unit"] for q in queries.queries_of_kind("kpi")}
JUNE = periods.month(2024, 6)


def tile_state(values: dict, shown: dict) -> TileState:
    return TileState(values, shown, UNITS)


def known(tiles=None, previous=None, tables: dict | None = None) -> Known:
    """What the user sees beside a table: tiles, the previous period's, protected tables."""
    return Known(tiles or tile_state({}, {}), previous, tables or {})


# --------------------------------------------------------------------- every query is declared


TREND = {q.name: shape_of("trend", q.name) for q in queries.queries_of_kind("trend")}
BREAKDOWN = {q.name: shape_of("breakdown", q.name) for q in queries.queries_of_kind("breakdown")}


def test_every_trend_and_breakdown_query_declares_its_shape():
    undeclared = [n for n, shape in {**TREND, **BREAKDOWN}.items() if shape is None]
    assert undeclared == [], "declare the query's shape in its header (`-- shape: ...`)"


def test_a_shape_header_reads_as_a_shape():
    shape = parse_shape(
        'counts = ["numerator", "denominator"], rates = {r = ["numerator", "denominator"]}, '
        'tiles = {numerator = "charged"}, cell_tiles = [{column = "numerator", tile = "t"}]'
    )
    assert shape.counts == ("numerator", "denominator")
    assert shape.rates == {"r": ("numerator", "denominator")}
    assert shape.tiles == {"numerator": "charged"}
    assert shape.cell_tiles == {("numerator", None): "t"}
    for bad in ('counts = ["a"], colour = "red"', "counts = [", "zeros = [{odd = 1}]"):
        with pytest.raises(ValueError):
            parse_shape(bad)


def test_a_query_without_a_shape_or_with_an_undeclared_count_is_withheld():
    frame = pd.DataFrame({"label": ["a", "b"], "n": [3, 40]})
    out = protect_table("no_such_query", frame, Filters(), known())
    assert out.attrs["withheld"] and list(out["n"]) == [HELD, HELD]
    assert list(out["label"]) == ["a", "b"]
    relationship = pd.DataFrame(
        {"relationship_order": [1], "relationship": ["x"], "recorded_count": [30], "new": [2]}
    )
    out = protect_table("relationship_mix", relationship, Filters(), known())
    assert out.attrs["withheld"] and out["new"].tolist() == [HELD]


# ------------------------------------------------------------- the review's defects, by shape


def crimes_tiles(rape: int, other: int) -> TileState:
    figures = {
        "rape_recorded": rape,
        "other_sexual_recorded": other,
        "crimes_recorded": rape + other,
    }
    from dashboard.disclosure.tiles import FAMILIES, protect_family

    shown = protect_family(figures, "crimes_recorded", FAMILIES["crimes_recorded"], set())
    return tile_state(figures, shown)


def test_defect_1_flight_deck_tile_53_and_monthly_other_50():
    # June: 3 rapes, 50 other; the tile showed 53 and the table other = 50. May (the previous
    # month, in the sparklines' twelve months) is large throughout.
    state = crimes_tiles(3, 50)
    assert state.shown == {
        "rape_recorded": FEW,
        "other_sexual_recorded": HIDE,
        "crimes_recorded": 53,
    }
    may = crimes_tiles(20, 40)
    months = [date(2023, m, 1) for m in range(7, 13)] + [date(2024, m, 1) for m in range(1, 7)]
    rows = [(20, 40)] * 11 + [(3, 50)]
    frame = pd.DataFrame(
        {
            "month_start": months,
            "rape_recorded": [r for r, _ in rows],
            "other_sexual_recorded": [o for _, o in rows],
            "crimes_recorded": [r + o for r, o in rows],
        }
    )
    out = protect_trend("crimes_recorded", frame, JUNE, Filters(), known(state, may))
    june = out.iloc[-1]
    assert (june["rape_recorded"], june["other_sexual_recorded"]) == (FEW, HIDE)
    assert june["crimes_recorded"] in ("53", 53)
    # The sparklines are these rows: crimes and other for June are never both numbers.
    window = disclosure.rows_between(out, date(2023, 7, 1), date(2024, 6, 30))
    assert len(window) == 12


def area_frame(rape: list[int], other: list[int]) -> pd.DataFrame:
    n = len(rape)
    crimes = [r + o for r, o in zip(rape, other, strict=True)]
    return pd.DataFrame(
        {
            "local_authority": [f"W0{i}" for i in range(n)],
            "name_en": [f"Area {i}" for i in range(n)],
            "name_cy": [f"Ardal {i}" for i in range(n)],
            "crimes_recorded": crimes,
            "rape_count": rape,
            "other_count": other,
            "domestic_abuse_count": [20] * n,
            "non_recent_count": [15] * n,
            "n100_count": [12] * n,
            "cancelled_count": [11] * n,
            "crimes_recorded_previous_year": [50] * n,
        }
    )


def test_defect_1_problem_profile_45_crimes_minus_42_other():
    frame = area_frame([3, 30, 25], [42, 40, 35])
    tiles = crimes_tiles(58, 117)
    shares = pd.DataFrame(
        [
            {
                "crimes_recorded": 175,
                "domestic_abuse_count": 60,
                "non_recent_count": 45,
                "n100_count": 36,
                "cancelled_count": 33,
                "crimes_recorded_previous_year": 150,
            }
        ]
    )
    tables = {("breakdown", "profile_shares"): shares}
    out = protect_table("profile_by_local_authority", frame, Filters(), known(tiles, None, tables))
    row = out.iloc[0]
    assert row["rape_count"] == FEW
    assert HIDE in (row["other_count"], row["crimes_recorded"])  # 45 - 42 cannot be done


def test_defect_1_training_share_is_of_the_teams_staff():
    frame = pd.DataFrame(
        {"team": ["A", "B", "C", "D"], "staff_in_scope": [30, 9, 40, 50], "trained": [12, 5, 20, 6]}
    )
    frame["trained_share"] = frame["trained"] / frame["staff_in_scope"]
    out = protect_table("training_by_team", frame, Filters(), known())
    assert out["staff_in_scope"].iat[0] == HIDE
    assert out["trained_share"].iat[0] == HIDE  # else 12 / 0.4 gives the 30 back


def outcome_mix(closed: dict[str, int]) -> pd.DataFrame:
    groups = list(closed)
    frame = pd.DataFrame(
        {
            "group_order": range(1, len(groups) + 1),
            "outcome_group": groups,
            "closed_count": list(closed.values()),
            "recorded_count": [50] * len(groups),
        }
    )
    frame["closed_share"] = frame["closed_count"] / frame["closed_count"].sum()
    frame["recorded_share"] = frame["recorded_count"] / frame["recorded_count"].sum()
    return frame


def test_defect_2_not_yet_assigned_protects_nothing():
    closed = {
        "Not yet assigned an outcome": 0,
        "Charged/Summonsed": 3,
        "Out-of-court (formal)": 70,
        "Evidential difficulties (victim does not support action)": 100,
        "Investigation complete – no suspect identified": 66,
    }
    frame = outcome_mix(closed)
    figures = {"outcomes_assigned": 239, "charged": 3, "crimes_recorded": 250}
    figures |= {"rape_recorded": 100, "other_sexual_recorded": 150}
    shown = {
        **figures,
        "charged": FEW,
        "victim_not_supporting_rate": 100 / 239,
        "no_suspect_rate": 66 / 239,
        "charge_rate_recorded_basis": HIDE,
    }
    out = protect_table("outcome_mix_by_group", frame, Filters(), known(tile_state(figures, shown)))
    # The old protection: "not yet assigned" (0 by definition) and Charged hidden, the rest
    # visible: 239 - (70 + 100 + 66) = 3.
    assert out["closed_count"].tolist() == ["–", FEW, HIDE, "100", "66"]
    # 100 and 66 are on view through their rate tiles anyway (rate x 239), so the out-of-court
    # group is the one hidden with Charged.


def test_defect_3_completeness_uses_the_flight_decks_monthly_crimes():
    frame = pd.DataFrame(
        {
            "month_start": [date(2024, 6, 1)] * 2,
            "table_name": ["crimes"] * 2,
            "column_name": ["offence_date", "victim_sex"],
            "filled": [142, 140],
            "missing": [6, 8],
            "total": [148, 148],
            "complete_share": [142 / 148, 140 / 148],
        }
    )
    crimes = pd.DataFrame({"month_start": [date(2024, 6, 1)], "crimes_recorded": [HIDE]})
    crimes.attrs["withheld"] = False
    tables = {("trend", "crimes_recorded"): crimes}
    out = protect_table("completeness_by_month", frame, Filters(), known(None, None, tables))
    assert out["total"].tolist() == [HIDE, HIDE]  # hidden on the flight deck: hidden here
    assert out["missing"].tolist() == [FEW, FEW]
    assert out["complete_share"].tolist() == [HIDE, HIDE]


# ------------------------------------------------------- the sample, audited view by view


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(load_fixture(tmp_path_factory.mktemp("sample"), SAMPLE), "sample") as e:
        yield e


class View:
    """Everything a scrutiny user sees for a period and filters, protected as the pages are."""

    def __init__(self, engine, period: Period, filters: Filters):
        self.engine, self.period, self.filters = engine, period, filters

    @cache  # noqa: B019 - one view per test
    def results(self, p: Period) -> metrics.KpiResults:
        params = metrics.metric_params(p, self.filters)
        return metrics.run_kpis(self.engine, (*metrics.KPI_KEYS, *DISRUPTION_KEYS), params)

    def exact_tiles(self, p: Period) -> dict:
        return self.results(p).values()

    @cache  # noqa: B019
    def tiles(self, p: Period) -> TileState:
        return protect_tiles(self.results(p), self.filters, Rounding(5, bytes(32)))

    def exact(self, name: str, p: Period | None = None) -> pd.DataFrame:
        query = queries.get_query("breakdown", name)
        return queries.run(
            self.engine, query, metrics.metric_params(p or self.period, self.filters)
        )

    @cache  # noqa: B019
    def breakdown(self, name: str) -> pd.DataFrame:
        """As the pages protect it: with the tiles and the protected tables its shape names."""
        tables = {}
        for kind, other in disclosure.needs("breakdown", name):
            tables[(kind, other)] = (
                self.breakdown(other) if kind == "breakdown" else self.trend(other)
            )
        shown = Known(self.tiles(self.period), tables=tables)
        return protect_table(name, self.exact(name), self.filters, shown)

    @cache  # noqa: B019
    def full_trend(self, name: str) -> pd.DataFrame:
        months = disclosure.series_months(self.period)
        frame = metrics.trend(self.engine, name, months, self.filters)
        before = self.tiles(periods.previous_period(self.period))
        return protect_trend(
            name, frame, self.period, self.filters, Known(self.tiles(self.period), before)
        )

    def trend(self, name: str) -> pd.DataFrame:
        return disclosure.rows_between(self.full_trend(name), self.period.start, self.period.end)


VIEWS = [
    (JUNE, Filters(local_authority="W06000018")),  # Caerphilly: 9 rapes, 34 other, 43 crimes
    (JUNE, Filters(local_authority="W06000019")),
    (periods.fy_quarter(2024, 1), Filters()),
    (periods.fy_quarter(2024, 1), Filters(subgroup="rape", age_band="16plus")),
    (periods.financial_year(2023), Filters(local_authority="W06000021")),
    (Period(date(2024, 5, 3), date(2024, 6, 20)), Filters(domestic_abuse="yes")),
    (periods.financial_year(2024), Filters(age_band="under16", local_authority="W06000020")),
]


def status(frame: pd.DataFrame, p: int, column: str) -> str:
    return status_of(frame[column].iat[p], withheld=bool(frame.attrs.get("withheld")))


@pytest.mark.parametrize(("period", "filters"), VIEWS)
def test_no_table_of_the_sample_is_withheld_but_those_declared_so(engine, period, filters):
    """A table is withheld whole only when its shape says so; a part of one (the codes of one
    outcome group, say) may be, when nothing else would protect it."""
    view = View(engine, period, filters)
    for name, shape in BREAKDOWN.items():
        out = view.breakdown(name)
        counts = [v for c in shape.counts for v in out[c]] if not shape.withheld else []
        whole = bool(out.attrs.get("withheld")) and all(v == HELD for v in counts)
        assert whole == bool(shape.withheld), name
    for name, shape in TREND.items():
        out = view.full_trend(name)
        assert not all(v == HELD for c in shape.counts for v in out[c]), name


def tile_knowledge(view: View, period: Period, key_prefix: tuple) -> tuple[dict, dict]:
    state, exact = view.tiles(period), view.exact_tiles(period)
    original, shown = {}, {}
    for name in ("crimes_recorded", "rape_recorded", "other_sexual_recorded"):
        original[(*key_prefix, name)] = exact[name]
        shown[(*key_prefix, name)] = status_of(state.shown[name])
    return original, shown


@pytest.mark.parametrize(("period", "filters"), VIEWS)
def test_the_crimes_tiles_table_and_sparklines_together_give_no_small_count_back(
    engine, period, filters
):
    view = View(engine, period, filters)
    window = disclosure.series_months(period)
    exact = metrics.trend(engine, "crimes_recorded", window, filters)
    shown = view.full_trend("crimes_recorded")
    original, state, relations = {}, {}, []
    columns = ["rape_recorded", "other_sexual_recorded", "crimes_recorded"]
    for p in range(len(exact)):
        for c in columns:
            original[(p, c)] = int(exact[c].iat[p])
            state[(p, c)] = status(shown, p, c)
        relations.append(((p, "crimes_recorded"), [(p, columns[0]), (p, columns[1])]))
    blocks = [(period, "page")]
    previous = periods.previous_period(period)
    if periods.is_whole_months(previous) and set(periods.month_starts(previous)) <= set(
        exact["month_start"]
    ):
        blocks.append((previous, "previous"))
    for block_period, label in blocks:
        o, s = tile_knowledge(view, block_period, (label,))
        original |= o
        state |= s
        months = set(periods.month_starts(block_period))
        rows = [p for p in range(len(exact)) if exact["month_start"].iat[p] in months]
        for c in columns:
            relations.append(((label, c), [(p, c) for p in rows]))
        relations.append(((label, "crimes_recorded"), [(label, columns[0]), (label, columns[1])]))
    assert_unrecoverable(original, knowledge(original, state, 10), relations)


@pytest.mark.parametrize(("period", "filters"), VIEWS)
def test_the_outcome_mix_its_tiles_and_the_codes_table_together(engine, period, filters):
    view = View(engine, period, filters)
    by_group, by_code = view.exact("outcome_mix_by_group"), view.exact("outcome_mix_by_code")
    shown_group, shown_code = (
        view.breakdown("outcome_mix_by_group"),
        view.breakdown("outcome_mix_by_code"),
    )
    tiles, exact_tiles = view.tiles(period), view.exact_tiles(period)
    original, state, relations = {}, {}, []
    for basis, tile in (
        ("closed_count", "outcomes_assigned"),
        ("recorded_count", "crimes_recorded"),
    ):
        original[("tile", basis)] = exact_tiles[tile]
        state[("tile", basis)] = status_of(tiles.shown[tile])
        groups = []
        for p in range(len(by_group)):
            key = ("group", by_group["outcome_group"].iat[p], basis)
            original[key], state[key] = int(by_group[basis].iat[p]), status(shown_group, p, basis)
            groups.append(key)
            codes = [
                ("code", q, basis)
                for q in range(len(by_code))
                if by_code["outcome_group"].iat[q] == key[1]
            ]
            for q in codes:
                original[q] = int(by_code[basis].iat[q[1]])
                state[q] = status(shown_code, q[1], basis)
            relations.append((key, codes))
        relations.append((("tile", basis), groups))
    charged = ("group", "Charged/Summonsed", "closed_count")
    assert state[charged] == status_of(tiles.shown["charged"])  # the tile and the cell agree
    assert_unrecoverable(original, knowledge(original, state, 10), relations)


def test_structural_zero_and_states_are_what_the_pages_print():
    assert status_of("–") == ZERO and status_of(FEW) == SMALL and status_of(HIDE) == HIDDEN
    assert status_of("53") == SHOWN and status_of(53) == SHOWN
    assert disclosure.zero_text() == "–"


@pytest.mark.parametrize(("period", "filters"), VIEWS)
def test_the_area_table_its_totals_and_the_crimes_tiles_together(engine, period, filters):
    view = View(engine, period, filters)
    exact, shown = (
        view.exact("profile_by_local_authority"),
        view.breakdown("profile_by_local_authority"),
    )
    totals, totals_shown = view.exact("profile_shares"), view.breakdown("profile_shares")
    counts = BREAKDOWN["profile_by_local_authority"].counts
    original, state, relations = {}, {}, []
    for p in range(len(exact)):
        for c in counts:
            original[(p, c)], state[(p, c)] = int(exact[c].iat[p]), status(shown, p, c)
        relations.append(((p, "crimes_recorded"), [(p, "rape_count"), (p, "other_count")]))
    o, s = tile_knowledge(view, period, ("tile",))
    original |= o
    state |= s
    for c in counts:
        if c in totals.columns:  # a cell of the profile's figures
            original[("total", c)] = int(totals[c].iat[0])
            state[("total", c)] = status(totals_shown, 0, c)
        else:
            tile = {"rape_count": "rape_recorded", "other_count": "other_sexual_recorded"}[c]
            original[("total", c)], state[("total", c)] = (
                original[("tile", tile)],
                state[("tile", tile)],
            )
        relations.append((("total", c), [(p, c) for p in range(len(exact))]))
    relations.append(
        (("total", "crimes_recorded"), [("total", "rape_count"), ("total", "other_count")])
    )
    assert state[("total", "crimes_recorded")] == state[("tile", "crimes_recorded")]
    assert_unrecoverable(original, knowledge(original, state, 10), relations)


@pytest.mark.parametrize(("period", "filters"), VIEWS[:3])
def test_completeness_and_the_monthly_crimes_together(engine, period, filters):
    view = View(engine, period, filters)
    from dashboard.figures import data_quality

    exact = data_quality.completeness(engine, period, filters)
    shown = view.breakdown("completeness_by_month")
    crimes, crimes_shown = (
        metrics.trend(engine, "crimes_recorded", period, filters),
        view.trend("crimes_recorded"),
    )
    original, state, relations = {}, {}, []
    for p in range(len(exact)):
        month, table = exact["month_start"].iat[p], exact["table_name"].iat[p]
        total = ("total", month, table)
        original[total], state[total] = int(exact["total"].iat[p]), status(shown, p, "total")
        cells = []
        for c in ("filled", "missing"):
            original[(p, c)], state[(p, c)] = int(exact[c].iat[p]), status(shown, p, c)
            cells.append((p, c))
        relations.append((total, cells))
    for p in range(len(crimes)):  # the flight deck's monthly crimes are the crimes' totals
        key = ("total", crimes["month_start"].iat[p], "crimes")
        assert state[key] == status(crimes_shown, p, "crimes_recorded")
    assert_unrecoverable(original, knowledge(original, state, 10), relations)
