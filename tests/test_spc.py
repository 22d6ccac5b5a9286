"""Statistical process control (`dashboard.figures.spc`) against hand-worked series: each rule
firing and not firing at its edge, ties on the mean, 2 of 3 with a point beyond the limit, fewer
than 13 points, a recalculation, moving-range screening, the verdicts."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.figures import spc
from dashboard.figures.spc import Point, Settings


def months(n: int, start: date = date(2023, 4, 1)) -> list[date]:
    return [
        date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(n)
    ]


def points(values, mean=10.0, lower=4.0, upper=16.0, lower_2s=6.0, upper_2s=14.0) -> list[Point]:
    """Points around fixed lines (mean 10, limits 4 and 16, 2-sigma lines 6 and 14)."""
    return [
        Point(m, float(v), mean, lower, upper, lower_2s, upper_2s)
        for m, v in zip(months(len(values)), values, strict=True)
    ]


def flagged(flags) -> list[int]:
    return [i for i, f in enumerate(flags) if f]


# ---------------------------------------------------------------- the rules at their edges


def test_shift_of_six_on_one_side_fires_and_five_does_not():
    assert flagged(spc._shifts(points([11] * 6), 6)) == [0, 1, 2, 3, 4, 5]
    assert flagged(spc._shifts(points([11] * 5 + [9]), 6)) == []
    low = spc._shifts(points([9] * 6), 6)
    assert all(f == {("shift", "low")} for f in low)


def test_a_point_on_the_mean_breaks_a_shift():
    # 3 above, one on the mean (10), 3 above: two runs of 3, no shift
    assert flagged(spc._shifts(points([11, 12, 11, 10, 11, 12, 11]), 6)) == []
    # 6 above after the point on the mean: that run alone is flagged
    assert flagged(spc._shifts(points([10, 11, 12, 11, 12, 11, 12]), 6)) == [1, 2, 3, 4, 5, 6]


def test_trend_of_six_points_five_rises_fires_and_five_points_do_not():
    assert flagged(spc._trends(points([1, 2, 3, 4, 5, 6]), 6)) == [0, 1, 2, 3, 4, 5]
    assert flagged(spc._trends(points([1, 2, 3, 4, 5, 5]), 6)) == []  # 4 rises, then a tie
    falling = spc._trends(points([9, 8, 7, 6, 5, 4]), 6)
    assert all(f == {("trend", "low")} for f in falling)


def test_an_equal_value_breaks_a_trend():
    assert flagged(spc._trends(points([1, 2, 3, 3, 4, 5, 6]), 6)) == []  # runs of 3 and 4


def test_two_of_three_beyond_the_same_two_sigma_line():
    # 15 and 15 beyond 14, 11 above the mean: all three flagged
    assert flagged(spc._two_of_three(points([15, 11, 15]))) == [0, 1, 2]
    # the third below the mean: not a signal
    assert flagged(spc._two_of_three(points([15, 9, 15]))) == []
    # one beyond the process limit (17 > 16) counts as beyond the 2-sigma line
    assert flagged(spc._two_of_three(points([17, 11, 15]))) == [0, 1, 2]
    # only one beyond: nothing; on the line (14) is not beyond it
    assert flagged(spc._two_of_three(points([15, 11, 14]))) == []
    low = spc._two_of_three(points([5, 9, 3]))  # 5 < 6 and 3 < 6 (and below the limit 4)
    assert all(f == {("two_of_three", "low")} for f in low)


# ---------------------------------------------------------------- whole charts

ALTERNATING = [10, 12] * 6 + [10]  # 13 points


def test_limits_of_a_stable_series_by_hand():
    chart = spc.xmr(months(13), ALTERNATING)
    # mean = (7 x 10 + 6 x 12) / 13 = 142 / 13 = 10.923; every moving range is 2, so MR-bar = 2
    # limits 10.923 -/+ 2.66 x 2 = 5.603 / 16.243; 2-sigma lines -/+ 1.773 x 2 = 7.377 / 14.469
    first = chart.points[0]
    assert first.mean == pytest.approx(142 / 13)
    assert (first.lower, first.upper) == (
        pytest.approx(142 / 13 - 5.32),
        pytest.approx(142 / 13 + 5.32),
    )
    assert (first.lower_2s, first.upper_2s) == (
        pytest.approx(142 / 13 - 3.546),
        pytest.approx(142 / 13 + 3.546),
    )
    assert all(not p.signals for p in chart.points)
    assert spc.variation(chart, "up") == "common_cause"


def test_a_point_beyond_the_limit_is_a_signal_improving_or_concerning_by_direction():
    chart = spc.xmr(months(13), ALTERNATING[:-1] + [20])
    # mean = (6 x 10 + 6 x 12 + 20) / 13 = 152 / 13 = 11.692; moving ranges 11 x 2 and 8:
    # MR-bar = 30 / 12 = 2.5; upper limit 11.692 + 6.65 = 18.342 < 20
    assert chart.points[-1].upper == pytest.approx(152 / 13 + 2.66 * 2.5)
    assert chart.points[-1].rules == ["beyond"]
    assert spc.variation(chart, "up") == "special_cause_improving"
    assert spc.variation(chart, "down") == "special_cause_concerning"
    assert spc.variation(chart, None) == "special_cause_neither"
    off = spc.xmr(months(13), ALTERNATING[:-1] + [20], Settings(beyond=False))
    assert not off.points[-1].signals


def test_fewer_than_13_points_is_a_run_chart_with_no_limits_and_no_signals():
    chart = spc.xmr(months(12), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    assert not chart.has_limits and all(p.upper is None and not p.signals for p in chart.points)
    assert chart.points[0].mean == pytest.approx(6.5)
    assert spc.variation(chart, "up") is None and spc.assurance(chart, 5, "up") is None


def test_a_recalculation_gives_each_segment_its_own_limits():
    before, after = [9, 11] * 6 + [9], [19, 21] * 6 + [19]  # 13 points each
    one = spc.xmr(months(26), before + after)
    assert one.points[0].mean == one.points[-1].mean  # one segment: 13 lows, 13 highs
    assert ("shift", "high") in one.points[-1].signals
    change = months(26)[13]
    two = spc.xmr(months(26), before + after, recalculate=[change])
    assert two.recalculated == (change,)
    # each segment: mean (7 x 9 + 6 x 11) / 13 = 129 / 13 and (7 x 19 + 6 x 21) / 13 = 259 / 13
    assert two.points[0].mean == pytest.approx(129 / 13)
    assert two.points[-1].mean == pytest.approx(259 / 13)
    assert all(not p.signals for p in two.points)  # runs do not cross the change


def test_moving_range_screening_leaves_out_a_wild_range():
    values = [10, 12] * 6 + [40]
    # moving ranges: eleven of 2 and one of 28: mean 50 / 12 = 4.167; 3.267 x 4.167 = 13.6 < 28
    assert spc.mean_moving_range(values) == pytest.approx(50 / 12)
    assert spc.mean_moving_range(values, screen=True) == pytest.approx(2.0)  # 22 / 11
    assert spc.mean_moving_range([5]) == 0.0


def test_months_without_a_value_are_not_points():
    values = [*ALTERNATING[:6], None, *ALTERNATING[6:]]
    chart = spc.xmr(months(14), values)
    assert len(chart.points) == 13 and months(14)[6] not in [p.month for p in chart.points]
    assert chart.points[0].mean == pytest.approx(142 / 13)


def test_a_latest_point_signalling_both_ways_is_concerning():
    chart = spc.Chart(
        (Point(date(2024, 4, 1), 1, 2, 0, 4, 1, 3, (("shift", "low"), ("trend", "high"))),)
    )
    assert spc.variation(chart, "up") == "special_cause_concerning"


@pytest.mark.parametrize(
    "target, better, expected",
    [
        (5.0, "up", "consistently_passing"),  # below the lower limit 5.603: always above it
        (17.0, "up", "consistently_failing"),  # above the upper limit 16.243: never reached
        (10.0, "up", "hit_and_miss"),
        (17.0, "down", "consistently_passing"),
        (5.0, "down", "consistently_failing"),
        (10.0, None, None),
        (None, "up", None),
    ],
)
def test_assurance_against_a_target(target, better, expected):
    assert spc.assurance(spc.xmr(months(13), ALTERNATING), target, better) == expected


def test_lines_stay_within_what_the_measure_can_be():
    rates = [0.0, 0.1] * 6 + [0.0]  # mean 0.046, MR-bar 0.1: the lower limit would be -0.22
    chart = spc.xmr(months(13), rates, bounds=(0.0, 1.0))
    assert chart.points[0].lower == 0.0 and chart.points[0].lower_2s == 0.0
    assert chart.points[0].upper == pytest.approx(0.6 / 13 + 0.266)
    assert spc.xmr(months(13), rates).points[0].lower < 0  # unbounded by default
