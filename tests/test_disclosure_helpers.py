"""The independent disclosure check (tests/disclosure_helpers.py) catches what it must: a hidden
figure worked out from a total, in whichever group of figures it sits."""

from __future__ import annotations

import pytest

from tests.disclosure_helpers import assert_unrecoverable, components, feasible


def test_a_part_worked_out_from_its_total_is_caught():
    # total 30 shown, part a = 12 shown, part b hidden (10 or more): b = 30 - 12 = 18 exactly.
    original = {"t": 30, "a": 12, "b": 18}
    know = {"t": (30, 30), "a": (12, 12), "b": (10, 62)}
    with pytest.raises(AssertionError, match="b = 18 can be worked out"):
        assert_unrecoverable(original, know, [("t", ["a", "b"])])


def test_two_hidden_parts_of_a_shown_total_are_safe():
    # total 30 shown, a = 12 and b = 18 both hidden: a + b = 30 with both >= 10 allows
    # (10, 20) ... (20, 10), so neither is known.
    original = {"t": 30, "a": 12, "b": 18}
    know = {"t": (30, 30), "a": (10, 62), "b": (10, 62)}
    assert_unrecoverable(original, know, [("t", ["a", "b"])])


def test_a_leak_in_a_second_independent_group_is_still_caught():
    # Group 1 is safe (as above); group 2: total 25 shown, c = 9 small (0..9), d = 16 shown:
    # c = 25 - 16 = 9 exactly.
    original = {"t": 30, "a": 12, "b": 18, "u": 25, "c": 9, "d": 16}
    know = {
        "t": (30, 30),
        "a": (10, 62),
        "b": (10, 62),
        "u": (25, 25),
        "c": (0, 9),
        "d": (16, 16),
    }
    relations = [("t", ["a", "b"]), ("u", ["c", "d"])]
    assert [sorted(keys) for keys, _ in components(know, relations)] == [
        ["a", "b", "t"],
        ["c", "d", "u"],
    ]
    with pytest.raises(AssertionError, match="c = 9 can be worked out"):
        assert_unrecoverable(original, know, relations)


def test_a_chain_of_totals_is_one_group():
    # t = a + b and b = c + d share b: one group of five figures.
    relations = [("t", ["a", "b"]), ("b", ["c", "d"])]
    know = {k: (0, 10) for k in "tabcd"}
    assert [sorted(keys) for keys, _ in components(know, relations)] == [["a", "b", "c", "d", "t"]]
    # and an impossible one: t = 5 but a >= 6.
    assert not feasible({"t": (5, 5), "a": (6, 9), "b": (0, 9)}, [("t", ["a", "b"])])
