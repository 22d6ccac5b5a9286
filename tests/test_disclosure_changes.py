"""A tile's change for scrutiny (dashboard/disclosure/changes.py): never exaggerated (the exact
change always lies in what is shown) and never a give-away (what is shown is the same for every
pair of exact figures the rounded figures could stand for)."""

from __future__ import annotations

import math
from collections import defaultdict

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import disclosure
from dashboard.disclosure import changes
from dashboard.disclosure.rounding import Rounding
from dashboard.figures.metrics import KpiResults

KEY = bytes(range(32))
ROUNDING = Rounding(5, KEY)
BASE, THRESHOLD = 5, 10


def test_the_issue_example_charged_84_against_85():
    # Exact 84 and 85 (a change of -1, -1.2%) shown 80 and 85: from the rounded counts the
    # tile said -5 (-5.9%). Now: 80 is 76 to 84, 85 is 81 to 89, so the change is -13 to +3;
    # 76/89 - 1 = -14.6% (-15% outwards), 84/81 - 1 = +3.7% (+4%).
    change = changes.count_change(80, 85, BASE, THRESHOLD)
    assert (change.low, change.high) == (-13, 3)
    assert change.direction is None  # too close to call: no arrow
    assert changes.words(change) == "−13 to +3 (−15% to +4%)"


def test_one_value_when_rounding_is_off_and_a_clear_direction_when_certain():
    assert changes.words(changes.count_change(84, 85, 1, THRESHOLD)) == "−1 (−1%)"
    far = changes.count_change(1830, 1700, BASE, THRESHOLD)  # 1826-1834 against 1696-1704
    assert (far.low, far.high, far.direction) == (122, 138, "up")
    assert changes.words(far) == "+122 to +138 (+7% to +9%)"


def _box(shown: int) -> range:
    low, high = changes.possible(shown, BASE, THRESHOLD)
    return range(low, high + 1)


@settings(max_examples=300, deadline=None)
@given(st.integers(10, 3000), st.integers(10, 3000))
def test_the_exact_change_is_always_inside_what_is_shown(a, b):
    shown_a, shown_b = ROUNDING.count(a), ROUNDING.count(b)
    assert a in _box(shown_a) and b in _box(shown_b)  # the boxes are right
    change = changes.count_change(shown_a, shown_b, BASE, THRESHOLD)
    assert change.low <= a - b <= change.high
    percent = (a / b - 1) * 100
    assert math.floor(change.low_share * 100) <= round(percent, 6)
    assert round(percent, 6) <= math.ceil(change.high_share * 100)
    if change.direction is not None:  # an arrow is never wrong
        assert change.direction == ("up" if a > b else "down" if a < b else "same")


def test_what_is_shown_is_the_same_for_every_pair_the_rounded_counts_allow():
    """So it tells nothing the two rounded counts do not: no exact count can be recovered."""
    for shown_a in (10, 15, 80, 85, 90, 1830):
        for shown_b in (10, 20, 80, 85, 1700):
            said = {
                changes.words(
                    changes.count_change(ROUNDING.count(a), ROUNDING.count(b), BASE, THRESHOLD)
                )
                for a in _box(shown_a)
                for b in _box(shown_b)
                if ROUNDING.count(a) == shown_a and ROUNDING.count(b) == shown_b
            }
            assert len(said) <= 1, (shown_a, shown_b, said)


def test_a_change_shown_exactly_or_as_a_rounded_percentage_would_give_counts_away():
    """Why a range: beside 90 and 80, an exact change of +2 leaves only 86 and 84, and so does
    a whole-number percentage of the exact counts (+2%)."""
    exact, percent = defaultdict(set), defaultdict(set)
    for a in _box(90):
        for b in _box(80):
            exact[a - b].add((a, b))
            percent[round((a / b - 1) * 100)].add((a, b))
    assert exact[2] == {(86, 84)} and percent[2] == {(86, 84)}


def _tiles(
    counts: dict[str, int], rate: tuple[int, int]
) -> tuple[disclosure.TileState, KpiResults]:
    values = {**counts, "charge_rate": rate[0] / rate[1]}
    units = {**dict.fromkeys(counts, "count"), "charge_rate": "rate"}
    frame = pd.DataFrame(
        [{"charge_rate": rate[0] / rate[1], "numerator": rate[0], "denominator": rate[1]}]
    )
    return disclosure.TileState(values, values, units), KpiResults({"charge_rate": frame})


def test_tile_changes_read_the_exact_figures_only_to_round_them():
    """Two sets of exact figures that round alike give the same changes, and a rate's range
    holds its exact change (12/120 against 15/118)."""
    now, now_results = _tiles({"charged": 84}, (12, 120))
    before, before_results = _tiles({"charged": 85}, (15, 118))
    found = disclosure.tile_changes(now, before, now_results, before_results, ROUNDING)
    low, high = found["charge_rate"].low, found["charge_rate"].high
    assert low <= 12 / 120 - 15 / 118 <= high
    assert "percentage points" in disclosure.change_words(found["charge_rate"])
    alike = [
        (x, y)
        for x in _box(ROUNDING.count(84))
        for y in _box(ROUNDING.count(85))
        if (ROUNDING.count(x), ROUNDING.count(y)) == (ROUNDING.count(84), ROUNDING.count(85))
    ]
    assert len(alike) > 1
    for x, y in alike:
        other_now, _ = _tiles({"charged": x}, (12, 120))
        other_before, _ = _tiles({"charged": y}, (15, 118))
        again = disclosure.tile_changes(
            other_now, other_before, now_results, before_results, ROUNDING
        )
        assert again["charged"] == found["charged"]


def test_hidden_tiles_have_no_change():
    now, now_results = _tiles({"charged": 84}, (12, 120))
    hidden = disclosure.TileState(
        {"charged": 8}, {"charged": "fewer than 10"}, {"charged": "count"}
    )
    assert "charged" not in disclosure.tile_changes(
        now, hidden, now_results, KpiResults({}), ROUNDING
    )
