"""Rates and shares a scrutiny user sees are worked out from the rounded counts
(`dashboard.disclosure.rates`): an exact rate beside rounded counts would give them back."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.disclosure import Rounding, not_shown, rounded, zero_text
from dashboard.disclosure.rates import frame_rates, shown_rate

R = Rounding(5, bytes(range(32)))  # a fixed key: each count shows one way, R.count(n)
EXACT = Rounding(1)


def r(n: int) -> int:
    """n as R shows it: one of the two multiples of 5 around it."""
    shown = R.count(n)
    assert shown in (n - n % 5, n - n % 5 + 5)
    return shown


def test_an_exact_rate_beside_rounded_counts_gives_them_back():
    # 101/121 = 0.834710...: of the 25 pairs rounding to (100, 120) only (101, 121) give it.
    pairs = [(a, b) for a in range(98, 103) for b in range(118, 123) if a / b == 101 / 121]
    assert pairs == [(101, 121)]
    # as shown: from the rounded counts (100 or 105) / (120 or 125), which many pairs give
    assert shown_rate(101 / 121, 101, 121, R) == pytest.approx(r(101) / r(121))


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (12, 13, r(12) / r(13)),  # 12 -> 10 or 15, 13 -> 10 or 15
        (82, 1788, r(82) / r(1788)),
        (10, 10, 1.0),  # multiples of 5 show as they are
    ],
)
def test_a_rate_of_two_counts(numerator, denominator, expected):
    assert shown_rate(numerator / denominator, numerator, denominator, R) == pytest.approx(expected)


def test_a_share_of_two_counts_keeps_its_formula():
    # rui_share = rui / (rui + pre-charge bail): 13 / (13 + 27); rounded r13 / (r13 + r27)
    assert shown_rate(13 / 40, 13, 27, R) == pytest.approx(r(13) / (r(13) + r(27)))


def test_without_rounding_the_rate_is_exact():
    assert shown_rate(101 / 121, 101, 121, EXACT) == 101 / 121


def test_a_rate_of_an_unknown_formula_or_hidden_counts_is_not_shown():
    assert shown_rate(0.5, 12, 13, R) == not_shown()  # neither 12/13 nor 12/25
    assert shown_rate(0.5, "fewer than 10", 13, R) == not_shown()
    assert shown_rate(not_shown(), 12, 13, R) == not_shown()  # a text stays as it is
    assert shown_rate(None, 12, 13, R) is None


def test_a_table_rates_and_shares_come_from_its_rounded_counts():
    frame = pd.DataFrame(
        {
            "team": ["a", "b", "c"],
            "trained": [12, 31, "fewer than 10"],
            "staff_in_scope": [13, 40, 14],
            "trained_share": [12 / 13, 31 / 40, not_shown()],
            "recorded_count": [12, 31, 7],  # total 50
            "recorded_share": [12 / 50, 31 / 50, 7 / 50],
        }
    )
    out = frame_rates(
        frame,
        {"trained_share": ("trained", "staff_in_scope")},
        {"recorded_share": "recorded_count"},
        R,
    )
    # trained_share: 12/13 -> r12/r13; 31/40 -> r31/40; hidden stays hidden
    assert out["trained_share"].tolist()[:2] == pytest.approx([r(12) / r(13), r(31) / 40])
    assert out["trained_share"].iat[2] == not_shown()
    # recorded_share of the total 50 (a multiple of 5: 50): 12 -> r12/50, 31 -> r31/50, 7 -> r7/50
    expected = [r(12) / 50, r(31) / 50, r(7) / 50]
    assert out["recorded_share"].tolist() == pytest.approx(expected)


def test_a_zero_by_definition_count_is_zero():
    assert shown_rate(0.0, zero_text(), 13, R) == 0.0


def test_the_last_gate_withholds_a_count_its_shape_does_not_declare(monkeypatch):
    # completeness_by_month was shown unrounded: its shape named no counts. A numeric column
    # that the shape does not name is now withheld at the gate, whatever got it there.
    frame = pd.DataFrame({"offence_subgroup": ["rape"], "recorded_count": [12], "extra": [7]})
    out = rounded("breakdown", "offence_mix", frame, R)
    assert out.attrs.get("withheld") is True
    assert 7 not in out["extra"].tolist() and 12 not in out["recorded_count"].tolist()


def test_completeness_counts_are_rounded():
    frame = pd.DataFrame(
        {
            "month_start": [pd.Timestamp("2024-04-01").date()],
            "table_name": ["crimes"],
            "column_name": ["victim_age"],
            "filled": [101],
            "missing": [20],
            "total": [121],
            "complete_share": [101 / 121],
        }
    )
    out = rounded("breakdown", "completeness_by_month", frame, R)
    assert out[["filled", "missing", "total"]].iloc[0].tolist() == [r(101), 20, r(121)]
    assert out["complete_share"].iat[0] == pytest.approx(r(101) / r(121))


def test_figures_held_as_text_are_worked_out_too():
    # a column with a hidden figure holds text throughout: "0.2282..." is still a share
    frame = pd.DataFrame(
        {
            "recorded_count": ["418", "fewer than 10", "1409"],  # total 418 + 4 + 1409 = 1831
            "recorded_share": [str(418 / 1831), not_shown(), str(1409 / 1831)],
        }
    )
    out = frame_rates(frame, {}, {"recorded_share": "recorded_count"}, R)
    # each from the rounded count and the rounded total 1831 (read back from a row's share)
    assert float(out["recorded_share"].iat[0]) == pytest.approx(r(418) / r(1831))
    assert out["recorded_share"].iat[1] == not_shown()
    assert float(out["recorded_share"].iat[2]) == pytest.approx(r(1409) / r(1831))
