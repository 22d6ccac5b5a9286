"""Disclosure control for scrutiny: no suppressed count can be worked out from what is shown.

Hand examples for each shape of table, then property tests (hypothesis) that check, against an
independent brute-force solver, that every hidden cell keeps at least two possible values given
everything a scrutiny user sees: the visible cells, the visible totals, and what each hidden
cell's text says about it ("fewer than N": 0 to N-1; "not shown": N or more, unless the whole
table is withheld). CSV downloads of the suppressed frame are checked too.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import disclosure, i18n
from dashboard.app.export import to_csv_bytes
from dashboard.disclosure import (
    DEFAULT_THRESHOLD,
    THRESHOLD_ENV,
    configured_threshold,
    fewer_than,
    not_shown,
    suppress_rate,
    suppress_table,
    suppress_value,
)
from dashboard.disclosure.suppression import Relation, protect
from tests.disclosure_helpers import feasible

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard"
FEW, HIDE, HELD = "fewer than 10", "not shown", "withheld"
PROPERTY = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def column(result, name):
    return result.frame[name].tolist()


# ---------------------------------------------------------------- the rule for one figure


def test_threshold_defaults_to_ten_and_reads_the_environment(monkeypatch):
    monkeypatch.delenv(THRESHOLD_ENV, raising=False)
    assert DEFAULT_THRESHOLD == 10 == configured_threshold()
    monkeypatch.setenv(THRESHOLD_ENV, "5")
    assert configured_threshold() == 5


def test_the_environment_sets_the_default_threshold_of_every_function(monkeypatch):
    monkeypatch.setenv(THRESHOLD_ENV, "5")
    assert suppress_value(4) == "fewer than 5"
    assert suppress_value(5) == 5
    result = suppress_table(pd.DataFrame({"n": [4, 7, 20]}), ["n"])
    assert result.threshold == 5
    assert column(result, "n") == ["fewer than 5", "not shown", 20]


def test_a_bad_threshold_argument_is_refused():
    for bad in (0, -1, 2.5, True, "10"):
        with pytest.raises(ValueError):
            suppress_value(3, bad)


def test_suppress_value_hides_every_count_below_the_threshold_zero_included():
    assert [suppress_value(n) for n in (0, 1, 9, 10, 1204)] == [FEW, FEW, FEW, 10, 1204]
    assert suppress_value(None) is None
    assert math.isnan(suppress_value(float("nan")))
    assert suppress_value(3, 4) == "fewer than 4"
    assert suppress_value(999, 1000) == "fewer than 1,000"


def test_a_rate_is_hidden_when_its_numerator_or_denominator_is_below_the_threshold():
    assert suppress_rate(12, 40) == pytest.approx(0.3)
    assert suppress_rate(12, 40, rate=0.3001) == 0.3001  # the query's own rate is kept
    assert suppress_rate(3, 400) == HIDE  # 0.75% of a visible 400 gives the 3 back
    assert suppress_rate(0, 400) == HIDE
    assert suppress_rate(5, 8) == HIDE  # denominator below the threshold
    assert suppress_rate(12, 0) == HIDE
    assert suppress_rate(None, 40) is None
    assert suppress_rate(12, None, rate=0.5) is None
    assert suppress_rate(3, 5, 2) == pytest.approx(0.6)


def test_the_page_explains_the_rule_with_the_threshold():
    text = disclosure.explain()
    assert '"fewer than 10"' in text and '"not shown"' in text
    assert "Leaders and analysts see the exact figures" in text
    assert "fewer than 5" in disclosure.explain(5)
    assert "fewer than 1,000" in disclosure.explain(1000)
    assert disclosure.withheld_note()


def test_the_top_of_a_page_says_the_rule_in_one_sentence(monkeypatch):
    one = disclosure.summary()
    assert one.count(". ") == 0 and one.endswith(".")  # one sentence
    assert '"fewer than 10"' in one and '"not shown"' in one and "multiple of 5" in one
    assert len(one.split()) < 40  # not the 170-word paragraph (that is `explain`)
    assert "fewer than 5" in disclosure.summary(5)
    monkeypatch.setenv("FLIGHTDECK_ROUNDING_BASE", "1")
    assert "rounded" not in disclosure.summary()


def test_as_text_formats_figures_and_keeps_suppression_texts():
    assert disclosure.as_text(1204, "count") == "1,204"
    assert disclosure.as_text(0.027, "rate") == "2.7%"
    assert disclosure.as_text(FEW, "count") == FEW
    assert disclosure.as_text(suppress_rate(3, 400), "rate") == HIDE


def test_every_disclosure_message_is_in_the_english_catalogue():
    """Every message the disclosure layer says is in the English catalogue (its own file or the
    shared formatting one), and every message of its own file is said somewhere."""
    source = "".join(p.read_text(encoding="utf-8") for p in (DASHBOARD / "disclosure").glob("*.py"))
    used = set(re.findall(r'\bt\(\s*"([a-z_.]+)"', source))
    assert used and used <= set(i18n.catalogue("en"))
    own = json.loads((DASHBOARD / "locales/en/disclosure.json").read_text("utf-8"))
    code = "".join(p.read_text(encoding="utf-8") for p in DASHBOARD.rglob("*.py"))
    assert [k for k in own if f'"{k}"' not in code] == []


# ---------------------------------------------------------------- hand examples, each shape


def test_one_way_breakdown_hides_a_second_cell_so_the_total_cannot_give_the_first_back():
    df = pd.DataFrame({"offence": ["A", "B", "C"], "n": [25, 3, 40]})
    df["share"] = df["n"] / df["n"].sum()
    before = df.copy()
    result = suppress_table(df, ["n"], rates={"share": "n"})
    pd.testing.assert_frame_equal(df, before)  # the input is never changed
    assert column(result, "n") == [HIDE, FEW, 40]
    assert column(result, "share")[:2] == [HIDE, HIDE]
    assert column(result, "share")[2] == pytest.approx(40 / 68)
    assert result.total("n") == 68  # the total on the tile may stay
    assert result.hidden["n"].tolist() == [True, True, False]
    assert not result.withheld


def test_zero_is_a_count_below_the_threshold():
    result = suppress_table(pd.DataFrame({"n": [0, 50, 60]}), ["n"])
    assert column(result, "n") == [FEW, HIDE, 60]


def test_a_total_below_the_threshold_is_hidden_with_its_cells():
    result = suppress_table(pd.DataFrame({"n": [3, 4]}), ["n"])
    assert column(result, "n") == [FEW, FEW]
    assert result.total("n") == FEW


def test_small_cells_that_a_total_would_pin_to_their_maximum_get_company():
    # 9 + 9 + (hidden 30) = 48: without the 30, "fewer than 10" twice and 18 would mean 9 and 9.
    result = suppress_table(pd.DataFrame({"n": [9, 9, 30]}), ["n"])
    assert column(result, "n") == [FEW, FEW, HIDE]
    assert result.total("n") == 48
    # With nothing else in the table, the total itself (on a tile elsewhere) must go.
    result = suppress_table(pd.DataFrame({"n": [9, 9]}), ["n"])
    assert column(result, "n") == [FEW, FEW]
    assert result.total("n") == HIDE


def test_a_table_no_pattern_can_protect_is_withheld_in_full():
    # Threshold 2: "fewer than 2" twice with a total of 2 or more means 1 and 1.
    result = suppress_table(pd.DataFrame({"n": [1, 1]}), ["n"], threshold=2)
    assert result.withheld
    assert column(result, "n") == [HELD, HELD]
    assert result.total("n") == HELD


def test_two_way_table_classic_small_cell_in_a_row_with_a_visible_total():
    df = pd.DataFrame(
        {"rape": [30, 4, 25, 59], "other": [40, 50, 35, 125]}, index=["A", "B", "C", "Total"]
    )
    df["total"] = df["rape"] + df["other"]
    result = suppress_table(df, ["rape", "other", "total"], total_row="Total", total_column="total")
    # B's 4 is small; B's row total shows, so B's other is hidden too; then the rape and other
    # columns (with their totals) each have one hidden cell, so C's two cells go as well.
    assert column(result, "rape") == [30, FEW, HIDE, 59]
    assert column(result, "other") == [40, HIDE, HIDE, 125]
    assert column(result, "total") == [70, 54, 60, 184]


def test_two_way_table_with_totals_shown_elsewhere_and_a_subset_column():
    df = pd.DataFrame(
        {
            "crimes": [70, 54, 60],
            "rape": [30, 4, 25],
            "other": [40, 50, 35],
            "domestic": [12, 30, 2],
        }
    )
    df["domestic_share"] = df["domestic"] / df["crimes"]
    result = suppress_table(
        df,
        ["crimes", "rape", "other", "domestic"],
        total_column="crimes",
        row_parts=["rape", "other"],
        rates={"domestic_share": ("domestic", "crimes")},
    )
    assert column(result, "rape") == [30, FEW, HIDE]
    assert column(result, "other") == [40, HIDE, HIDE]
    assert column(result, "crimes") == [70, 54, 60]
    # domestic is in no row relation: its 2 pairs with the next smallest of its column only.
    assert column(result, "domestic") == [HIDE, 30, FEW]
    assert result.total("crimes") == 184 and result.total("domestic") == 44
    assert column(result, "domestic_share") == [HIDE, 30 / 54, HIDE]


def test_row_rates_are_hidden_with_either_count():
    df = pd.DataFrame({"charged": [12, 3, 40], "outcomes": [100, 90, 8]})
    df["rate"] = df["charged"] / df["outcomes"]
    result = suppress_table(
        df, ["charged", "outcomes"], column_totals=False, rates={"rate": ("charged", "outcomes")}
    )
    assert column(result, "charged") == [12, FEW, 40]
    assert column(result, "outcomes") == [100, 90, FEW]
    assert column(result, "rate") == [0.12, HIDE, HIDE]


def test_long_form_series_each_month_a_group_with_its_total():
    df = pd.DataFrame(
        {
            "month": ["2024-04"] * 3 + ["2024-05"] * 3,
            "group": ["a", "b", "c"] * 2,
            "n": [12, 5, 30, 20, 15, 25],
        }
    )
    result = suppress_table(df, ["n"], group_by="month", category="group")
    assert column(result, "n") == [HIDE, FEW, 30, 20, 15, 25]
    assert result.total("n", group="2024-04") == 47
    assert result.total("n") == 107
    # With each group's total over the period shown too, May's a and b must go as well.
    result = suppress_table(df, ["n"], group_by="month", category="group", category_totals=True)
    assert column(result, "n") == [HIDE, FEW, 30, HIDE, HIDE, 25]
    assert result.total("n", category="a") == 32


def test_long_form_with_a_total_row_in_each_group():
    df = pd.DataFrame(
        {
            "month": ["Apr"] * 3 + ["May"] * 3,
            "group": ["a", "b", "Total"] * 2,
            "n": [12, 5, 17, 20, 15, 35],
        }
    )
    df["share"] = df["n"] / df.groupby("month")["n"].transform("max")
    result = suppress_table(
        df, ["n"], group_by="month", category="group", total_row="Total", rates={"share": "n"}
    )
    assert column(result, "n") == [HIDE, FEW, 17, 20, 15, 35]
    assert column(result, "share")[:3] == [HIDE, HIDE, 1.0]


def test_a_share_column_makes_its_total_count_as_shown():
    # Without shares and with column totals off, nothing relates the cells...
    df = pd.DataFrame({"n": [3, 40, 50]})
    assert column(suppress_table(df, ["n"], column_totals=False), "n") == [FEW, 40, 50]
    # ...but 40 and its share give the total away, so the total's relation is protected.
    df["share"] = df["n"] / 93
    result = suppress_table(df, ["n"], column_totals=False, rates={"share": "n"})
    assert column(result, "n") == [FEW, HIDE, 50]


def test_csv_download_holds_the_texts_not_the_numbers():
    df = pd.DataFrame({"offence": ["A", "B", "C"], "n": [25, 3, 40]})
    rows = list(
        csv.reader(io.StringIO(to_csv_bytes(suppress_table(df, ["n"]).frame).decode("utf-8-sig")))
    )
    assert rows == [["offence", "n"], ["A", HIDE], ["B", FEW], ["C", "40"]]


def test_tables_that_do_not_add_up_or_are_not_counts_are_refused():
    df = pd.DataFrame({"a": [1, 2], "b": [3, 4], "total": [4, 7]})
    with pytest.raises(ValueError, match="not the sum"):
        suppress_table(df, ["a", "b", "total"], total_column="total")
    for bad in ([1.5, 2], [None, 2], [-1, 2]):
        with pytest.raises(ValueError, match="not a count"):
            suppress_table(pd.DataFrame({"n": bad}), ["n"])
    with pytest.raises(ValueError, match="no such column"):
        suppress_table(df, ["nope"])
    with pytest.raises(ValueError, match="count_columns"):
        suppress_table(df, ["a"], rates={"b": ("a", "total")})


def test_the_engine_refuses_relations_that_are_not_rows_and_columns():
    values = {"a": 1, "b": 1, "c": 1, "ab": 2, "bc": 2, "ac": 2}
    relations = [Relation("ab", ("a", "b")), Relation("bc", ("b", "c")), Relation("ac", ("a", "c"))]
    with pytest.raises(ValueError, match="rows and columns"):
        protect(values, relations, 10)
    with pytest.raises(ValueError, match="at most two"):
        protect(
            {"a": 1, "t1": 1, "t2": 1, "t3": 1},
            [Relation(t, ("a",)) for t in ("t1", "t2", "t3")],
            10,
        )


# ------------------------------------------------ brute force: what a user can work out


# The solver is shared with the property tests of the shapes (tests/disclosure_helpers.py).
_feasible = feasible


def assert_protected(original: dict, shown: dict, relations: list, threshold: int) -> None:
    """Everything a scrutiny user sees (`shown`: key -> figure or text) gives no hidden count
    back exactly, visible figures are the true ones, and no visible figure is small."""
    small, hidden, held = fewer_than(threshold), not_shown(), disclosure.withheld_text()
    cap = sum(original.values()) + 2 * threshold + 2
    know = {}
    for key, seen in shown.items():
        if seen == small:
            assert original[key] < threshold
            know[key] = (0, threshold - 1)
        elif seen == held:  # a part that could not be protected otherwise: any size
            know[key] = (0, cap)
        elif seen == hidden:
            assert original[key] >= threshold
            know[key] = (threshold, cap)
        else:
            assert seen == original[key] and seen >= threshold, (key, seen)
            know[key] = (seen, seen)
    assert _feasible(know, relations)  # the truth is one completion
    for total, parts in relations:
        n_hidden = sum(shown[k] in (small, hidden, held) for k in [total, *parts])
        assert n_hidden != 1 or held in shown.values(), (total, parts, shown)
    for key, (lo, hi) in know.items():
        if lo == hi:
            continue
        value = original[key]
        others = [(lo, value - 1), (value + 1, hi)]
        assert any(a <= b and _feasible({**know, key: (a, b)}, relations) for a, b in others), (
            f"{key} = {value} can be worked out from {shown}"
        )


def assert_csv_safe(result, count_columns: list[str], threshold: int) -> None:
    text = to_csv_bytes(result.frame).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    allowed = {
        fewer_than(threshold),
        not_shown(),
        disclosure.zero_text(),
        disclosure.withheld_text(),
    }
    for row in rows:
        for c in count_columns:
            assert row[c] in allowed or int(row[c]) >= threshold, (c, row[c])


def frame_view(result, df: pd.DataFrame, counts: list[str]) -> tuple[dict, dict]:
    original, shown = {}, {}
    for p in range(len(df)):
        for c in counts:
            original[("cell", p, c)] = int(df[c].iat[p])
            shown[("cell", p, c)] = result.frame[c].iat[p]
    return original, shown


@st.composite
def thresholds_and_counts(draw, size):
    threshold = draw(st.sampled_from([2, 3, 5, 10]))
    count = st.one_of(
        st.integers(0, threshold - 1), st.integers(threshold, 3 * threshold), st.just(0)
    )
    return threshold, draw(st.lists(count, min_size=size, max_size=size))


@st.composite
def one_way(draw):
    n = draw(st.integers(1, 8))
    return draw(thresholds_and_counts(n))


@st.composite
def two_way(draw, max_side=4):
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    threshold, flat = draw(thresholds_and_counts(rows * cols))
    return threshold, [flat[r * cols : (r + 1) * cols] for r in range(rows)]


@PROPERTY
@given(one_way())
def test_property_one_way_breakdown_with_its_total_and_shares(case):
    threshold, counts = case
    df = pd.DataFrame({"category": [f"c{i}" for i in range(len(counts))], "n": counts})
    df["share"] = df["n"] / max(sum(counts), 1)
    before = df.copy()
    result = suppress_table(df, ["n"], threshold=threshold, rates={"share": "n"})
    pd.testing.assert_frame_equal(df, before)
    original, shown = frame_view(result, df, ["n"])
    original[("total",)], shown[("total",)] = sum(counts), result.total("n")
    relations = [(("total",), [("cell", p, "n") for p in range(len(df))])]
    assert_protected(original, shown, relations, threshold)
    for p in range(len(df)):  # a share shows only beside its visible count, of a visible total
        texts = (fewer_than(threshold), not_shown())
        visible = shown[("cell", p, "n")] not in texts and shown[("total",)] not in texts
        assert result.frame["share"].iat[p] == (df["share"].iat[p] if visible else not_shown())
    assert_csv_safe(result, ["n"], threshold)


@PROPERTY
@given(two_way())
def test_property_two_way_table_with_total_row_and_total_column(case):
    threshold, matrix = case
    cols = [f"c{j}" for j in range(len(matrix[0]))]
    df = pd.DataFrame(matrix, columns=cols, index=[f"r{i}" for i in range(len(matrix))])
    df.loc["Total"] = df.sum()
    df["total"] = df[cols].sum(axis=1)
    before = df.copy()
    result = suppress_table(
        df, [*cols, "total"], threshold=threshold, total_row="Total", total_column="total"
    )
    pd.testing.assert_frame_equal(df, before)
    original, shown = frame_view(result, df, [*cols, "total"])
    last = len(df) - 1
    relations = [(("cell", p, "total"), [("cell", p, c) for c in cols]) for p in range(len(df))] + [
        (("cell", last, c), [("cell", p, c) for p in range(last)]) for c in [*cols, "total"]
    ]
    assert_protected(original, shown, relations, threshold)
    assert_csv_safe(result, [*cols, "total"], threshold)


@PROPERTY
@given(two_way())
def test_property_two_way_table_with_totals_shown_elsewhere(case):
    threshold, matrix = case
    cols = [f"c{j}" for j in range(len(matrix[0]))]
    df = pd.DataFrame(matrix, columns=cols)
    result = suppress_table(df, cols, threshold=threshold, row_totals=True)
    original, shown = frame_view(result, df, cols)
    relations = []
    for p in range(len(df)):
        original[("row", p)], shown[("row", p)] = int(df.loc[p, cols].sum()), result.row_total(p)
        relations.append((("row", p), [("cell", p, c) for c in cols]))
    for c in cols:
        original[("column", c)], shown[("column", c)] = int(df[c].sum()), result.total(c)
        relations.append((("column", c), [("cell", p, c) for p in range(len(df))]))
    assert_protected(original, shown, relations, threshold)
    assert_csv_safe(result, cols, threshold)


@PROPERTY
@given(two_way(max_side=3))
def test_property_row_total_column_with_a_subset_column_and_tiles(case):
    """The local-authority shape: total = rape + other in each row; a subset column beside it;
    each column's total on a tile."""
    threshold, matrix = case
    df = pd.DataFrame({"rape": [r[0] for r in matrix], "other": [r[-1] for r in matrix]})
    df["crimes"] = df["rape"] + df["other"]
    df["subset"] = [min(r) for r in matrix]
    counts = ["crimes", "rape", "other", "subset"]
    result = suppress_table(
        df, counts, threshold=threshold, total_column="crimes", row_parts=["rape", "other"]
    )
    original, shown = frame_view(result, df, counts)
    relations = [
        (("cell", p, "crimes"), [("cell", p, "rape"), ("cell", p, "other")]) for p in range(len(df))
    ]
    for c in counts:
        original[("column", c)], shown[("column", c)] = int(df[c].sum()), result.total(c)
        relations.append((("column", c), [("cell", p, c) for p in range(len(df))]))
    relations.append((("column", "crimes"), [("column", "rape"), ("column", "other")]))
    assert_protected(original, shown, relations, threshold)
    assert_csv_safe(result, counts, threshold)


@PROPERTY
@given(two_way(), st.booleans())
def test_property_long_form_groups_with_totals(case, category_totals):
    threshold, matrix = case
    months, groups = len(matrix), len(matrix[0])
    df = pd.DataFrame(
        [
            {"month": f"m{i}", "group": f"g{j}", "n": matrix[i][j]}
            for i in range(months)
            for j in range(groups)
        ]
    )
    result = suppress_table(
        df,
        ["n"],
        threshold=threshold,
        group_by="month",
        category="group",
        category_totals=category_totals,
    )
    original, shown = frame_view(result, df, ["n"])
    relations = []
    margins = [("group", f"m{i}", "n") for i in range(months)]
    for i, key in enumerate(margins):
        original[key], shown[key] = sum(matrix[i]), result.total("n", group=f"m{i}")
        cells = [("cell", i * groups + j, "n") for j in range(groups)]
        relations.append((key, cells))
    grand = ("column", "n")
    original[grand], shown[grand] = sum(map(sum, matrix)), result.total("n")
    relations.append((grand, margins))
    if category_totals:
        by_group = [("category", f"g{j}", "n") for j in range(groups)]
        for j, key in enumerate(by_group):
            original[key] = sum(row[j] for row in matrix)
            shown[key] = result.total("n", category=f"g{j}")
            relations.append((key, [("cell", i * groups + j, "n") for i in range(months)]))
        relations.append((grand, by_group))
    assert_protected(original, shown, relations, threshold)
    assert_csv_safe(result, ["n"], threshold)


# ------------------------------------------- relations within a row, tiles, known zeros


from dashboard.disclosure import HIDDEN, SHOWN, SMALL, ZERO  # noqa: E402
from dashboard.disclosure.completeness import star_status  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from tests.disclosure_helpers import assert_unrecoverable, knowledge  # noqa: E402

CRIMES = ["rape", "other", "crimes"]


def crimes_family(rape: int, other: int, threshold: int = 10, zero: str | None = None) -> dict:
    """The three crimes tiles of a period as the tiles protect them: {name: status}."""
    frame = pd.DataFrame([{"rape": rape, "other": other, "crimes": rape + other}])
    zeros = {zero: [True]} if zero else None
    table = suppress_table(
        frame,
        CRIMES,
        threshold=threshold,
        column_totals=False,
        total_column="crimes",
        row_parts=["rape", "other"],
        zeros=zeros,
    )
    return {c: table.status[("cell", 0, c)] for c in CRIMES}


def test_a_row_total_and_its_tiles_cannot_give_a_small_part_back():
    """Review defect 1: the crimes tile showed 53 and the monthly table other = 50, so rape = 3.
    The table now knows crimes = rape + other in each row and that each column's total is a
    tile, whose status it keeps."""
    df = pd.DataFrame({"rape": [3], "other": [50], "crimes": [53]})
    # The old protection: each column on its own, a total for each.
    old = suppress_table(df, CRIMES)
    assert column(old, "other") == [50] and column(old, "crimes") == [53]  # 53 - 50 = 3
    tiles = crimes_family(3, 50)
    assert tiles == {"rape": SMALL, "other": HIDDEN, "crimes": SHOWN}
    new = suppress_table(
        df,
        CRIMES,
        total_column="crimes",
        row_parts=["rape", "other"],
        fixed={("column", c): s for c, s in tiles.items()},
        extra={("column", "rape"): 3, ("column", "other"): 50, ("column", "crimes"): 53},
    )
    assert column(new, "rape") == [FEW] and column(new, "other") == [HIDE]
    assert column(new, "crimes") == [53]
    assert new.total("other") == HIDE and new.total("crimes") == 53  # as the tiles show them


def test_a_tile_kept_visible_is_never_hidden_by_a_table_that_withholds_instead():
    # 9 + 9 under a tile of 18 that shows: the table cannot hide the tile, so it is withheld.
    df = pd.DataFrame({"n": [9, 9]})
    result = suppress_table(df, ["n"], fixed={("column", "n"): SHOWN})
    assert result.withheld and column(result, "n") == [HELD, HELD]
    assert result.total("n") == 18


def test_cells_zero_by_definition_are_shown_as_such_and_protect_nothing():
    """Review defect 2: "not yet assigned" (outcome 0) can have no closed outcome; counted as a
    hidden cell it seemed to protect Charged = 3 (visible cells 236, outcomes tile 239)."""
    df = pd.DataFrame(
        {"group": ["Not yet assigned", "Charged", "Other A", "Other B"], "n": [0, 3, 100, 136]}
    )
    df["share"] = df["n"] / 239
    old = suppress_table(df, ["n"], rates={"share": "n"})
    assert column(old, "n") == [FEW, FEW, 100, 136]  # 239 - 236 = 3
    new = suppress_table(df, ["n"], rates={"share": "n"}, zeros={"n": [True, False, False, False]})
    assert column(new, "n") == ["–", FEW, HIDE, 136]
    assert column(new, "share")[:3] == ["–", HIDE, HIDE]
    assert new.total("n") == 239
    with pytest.raises(ValueError, match="declared zero"):
        suppress_table(df, ["n"], zeros={"n": [False, True, False, False]})


def test_rows_that_exist_only_when_not_zero_narrow_a_small_count():
    # Teams with staff in scope are listed only when they have some: "fewer than 10" is 1 to 9.
    # 1 + 10 = 11: with 0 possible the pair would pass; knowing 1 to 9 it gives 1 and 10 back.
    df = pd.DataFrame({"staff": [1, 10]})
    assert suppress_table(df, ["staff"]).total("staff") == 11
    result = suppress_table(df, ["staff"], floors={"staff": 1})
    assert column(result, "staff") == [FEW, HIDE] and result.total("staff") == HIDE


def test_a_rate_within_the_row_is_of_the_row_not_of_the_column():
    """Review defect 1 (training): trained_share is trained / staff of the same team, so with
    the staff count hidden and trained and its share visible, staff = trained / share."""
    df = pd.DataFrame({"staff": [30, 9, 40, 50], "trained": [12, 5, 20, 6]})
    df["share"] = df["trained"] / df["staff"]
    old = suppress_table(df, ["staff", "trained"], rates={"share": "trained"})
    assert column(old, "staff")[0] == HIDE and column(old, "share")[0] == 0.4  # 12 / 0.4 = 30
    new = suppress_table(df, ["staff", "trained"], rates={"share": ("trained", "staff")})
    assert column(new, "staff")[0] == HIDE and column(new, "share")[0] == HIDE


def test_completeness_hides_a_filled_count_and_its_total_together():
    """Review defect 3: 148 crimes, 142 with a value: the blanks came back as 148 - 142 = 6."""
    block = pd.DataFrame(
        {
            "table_name": ["crimes", "crimes"],
            "column_name": ["offence_date", "victim_sex"],
            "filled": [142, 148],
            "missing": [6, 0],
            "total": [148, 148],
        }
    )
    status, withheld = star_status(block, None, Filters(), 10)
    assert not withheld and status["total"] == SHOWN
    assert status[("missing", 0)] == SMALL and status[("filled", 0)] == HIDDEN
    assert status[("missing", 1)] == SMALL and status[("filled", 1)] == HIDDEN
    # One authority in view: every crime has a local authority, so its blanks are 0 by
    # definition: shown as such, and 148 with a value is no secret.
    block["column_name"] = ["local_authority", "victim_sex"]
    status, _ = star_status(
        block.assign(filled=[148, 148], missing=[0, 0]),
        None,
        Filters(local_authority="W06000019"),
        10,
    )
    assert status[("missing", 0)] == ZERO and status[("filled", 0)] == SHOWN
    assert status[("missing", 1)] == SMALL and status[("filled", 1)] == HIDDEN


# ------------------------------------------------ property tests with row relations


@st.composite
def row_tables(draw):
    """Rows of parts and their total, split into a period and the one before it (blocks), each
    closed by the tiles of its period; a part column, or whole rows, may be zero by definition
    (a filter), and a rate of the first part over the total."""
    threshold = draw(st.sampled_from([2, 3, 5, 10]))
    rows, parts = draw(st.integers(1, 4)), draw(st.integers(2, 3))
    count = st.one_of(
        st.integers(0, threshold - 1), st.integers(threshold, 3 * threshold), st.just(0)
    )
    matrix = [[draw(count) for _ in range(parts)] for _ in range(rows)]
    zero_column = draw(st.one_of(st.none(), st.integers(0, parts - 1)))
    zero_rows = draw(st.sets(st.integers(0, rows - 1), max_size=rows - 1))
    for r in range(rows):
        for c in range(parts):
            if c == zero_column or r in zero_rows:
                matrix[r][c] = 0
    split = draw(st.integers(1, rows))  # rows[:split]: the period; the rest: the one before
    return threshold, matrix, zero_column, zero_rows, split


@PROPERTY
@given(row_tables())
def test_property_row_totals_tiles_rates_and_known_zeros(case):
    threshold, matrix, zero_column, zero_rows, split = case
    parts = [f"p{j}" for j in range(len(matrix[0]))]
    df = pd.DataFrame(matrix, columns=parts)
    df["total"] = df[parts].sum(axis=1)
    df["rate"] = df["p0"] / df["total"].where(df["total"] > 0)
    counts = [*parts, "total"]
    blocks = [list(range(split)), list(range(split, len(df)))]
    blocks = [b for b in blocks if b]
    zeros = {c: [c == f"p{zero_column}" or r in zero_rows for r in range(len(df))] for c in parts}
    zeros["total"] = [r in zero_rows for r in range(len(df))]
    original, fixed, extra, relations, tile_status = {}, {}, {}, [], {}
    for b, rows in enumerate(blocks):
        sums = {c: int(df.loc[rows, c].sum()) for c in counts}
        family = pd.DataFrame([sums])
        family_zeros = {c: [all(zeros[c][r] for r in rows)] for c in counts}
        tiles = suppress_table(
            family,
            counts,
            threshold=threshold,
            column_totals=False,
            total_column="total",
            row_parts=parts,
            zeros=family_zeros,
        )
        for c in counts:
            key = ("block", b, c)
            original[key], tile_status[key] = sums[c], tiles.status[("cell", 0, c)]
            if tile_status[key] != ZERO:
                fixed[key], extra[key] = tile_status[key], sums[c]
            relations.append((key, [("cell", r, c) for r in rows]))
        relations.append((("block", b, "total"), [("block", b, c) for c in parts]))
    result = suppress_table(
        df,
        counts,
        threshold=threshold,
        total_column="total",
        row_parts=parts,
        blocks=blocks,
        column_totals=counts,
        zeros=zeros,
        fixed=fixed,
        extra=extra,
        rates={"rate": ("p0", "total")},
    )
    for key, state in tile_status.items():  # the tiles keep their own status
        assert result.status[key] == state
    for r in range(len(df)):
        relations.append((("cell", r, "total"), [("cell", r, c) for c in parts]))
        for c in counts:
            original[("cell", r, c)] = int(df[c].iat[r])
        shown_rate = result.frame["rate"].iat[r]
        if not isinstance(shown_rate, str) and not pd.isna(shown_rate):  # adds nothing
            assert {result.status[("cell", r, c)] for c in ("p0", "total")} == {SHOWN}
    know = knowledge(original, result.status, threshold)
    assert_unrecoverable(original, know, relations)
    assert_csv_safe(result, counts, threshold)


@st.composite
def stars(draw):
    """One month of one table: a total and, per optional column, filled + missing = total."""
    threshold = draw(st.sampled_from([2, 3, 5, 10]))
    total = draw(st.one_of(st.integers(0, 2 * threshold), st.integers(0, 40)))
    filled = draw(st.lists(st.integers(0, total), min_size=1, max_size=4))
    fixed = draw(st.sampled_from([None, "shown-or-hidden"]))
    return threshold, total, filled, fixed


@PROPERTY
@given(stars())
def test_property_completeness_blanks_cannot_be_worked_out(case):
    threshold, total, filled, fixed = case
    block = pd.DataFrame(
        {
            "table_name": "suspects",
            "column_name": [f"c{i}" for i in range(len(filled))],
            "filled": filled,
            "missing": [total - f for f in filled],
            "total": total,
        }
    )
    given_status = None
    if fixed:  # the total is a tile elsewhere: shown, or hidden there to protect another cell
        given_status = SMALL if total < threshold else (SHOWN if total % 2 else HIDDEN)
    status, _ = star_status(block, given_status, Filters(), threshold)
    if given_status:
        assert status["total"] == given_status
    original = {"total": total}
    relations = []
    for i, f in enumerate(filled):
        original[("filled", i)], original[("missing", i)] = f, total - f
        relations.append(("total", [("filled", i), ("missing", i)]))
    assert_unrecoverable(original, knowledge(original, status, threshold), relations)


@st.composite
def nested(draw):
    """Codes within groups: each group's total is a cell of another table (protected first,
    one-way under a tile); the codes of a group add up to it."""
    threshold = draw(st.sampled_from([2, 3, 5, 10]))
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    count = st.one_of(st.integers(0, threshold - 1), st.integers(threshold, 3 * threshold))
    return threshold, [[draw(count) for _ in range(n)] for n in sizes]


@PROPERTY
@given(nested())
def test_property_codes_within_groups_agree_with_the_groups_table(case):
    threshold, groups = case
    by_group = pd.DataFrame(
        {"group": [f"g{i}" for i in range(len(groups))], "n": [sum(g) for g in groups]}
    )
    first = suppress_table(by_group, ["n"], threshold=threshold)
    rows = [(f"g{i}", f"c{i}{j}", v) for i, g in enumerate(groups) for j, v in enumerate(g)]
    by_code = pd.DataFrame(rows, columns=["group", "code", "n"])
    fixed = {
        ("group", g, "n"): first.status[("cell", i, "n")] for i, g in enumerate(by_group["group"])
    }
    fixed[("column", "n")] = first.status[("column", "n")]
    result = suppress_table(
        by_code, ["n"], threshold=threshold, group_by="group", category="code", fixed=fixed
    )
    original, relations = {}, []
    for i, g in enumerate(by_group["group"]):
        original[("group", g, "n")] = int(by_group["n"].iat[i])
        cells = [("cell", p, "n") for p in range(len(by_code)) if by_code["group"].iat[p] == g]
        relations.append((("group", g, "n"), cells))
    original[("column", "n")] = int(by_group["n"].sum())
    relations.append((("column", "n"), [("group", g, "n") for g in by_group["group"]]))
    for p in range(len(by_code)):
        original[("cell", p, "n")] = int(by_code["n"].iat[p])
    status = {**result.status}
    for key, state in fixed.items():
        assert status[key] == state  # the groups table and the codes table agree
    assert_unrecoverable(original, knowledge(original, status, threshold), relations)
    assert_csv_safe(result, ["n"], threshold)
