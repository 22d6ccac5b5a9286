"""One-sentence summaries and the direction of a change: hand-written sentences."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.app import summaries
from dashboard.app.markdown_text import literal
from dashboard.app.summaries import (
    breakdown_summary,
    direction,
    kpi_summary,
    multi_trend_summary,
    trend_summary,
)

APRIL_TO_SEPTEMBER = [date(2024, m, 1) for m in range(4, 10)]


def _series(values: list) -> pd.DataFrame:
    return pd.DataFrame({"month_start": APRIL_TO_SEPTEMBER[: len(values)], "v": values})


@pytest.mark.parametrize(
    ("values", "unit", "expected"),
    [
        (
            [0.031, 0.035, 0.033, 0.036, 0.038, 0.040],
            "rate",
            "Charge rate rose from 3.1% in April 2024 to 4.0% in September 2024.",
        ),
        (
            [0.040, 0.035, None, 0.031],
            "rate",
            "Charge rate fell from 4.0% in April 2024 to 3.1% in July 2024.",
        ),
        (
            [0.031, 0.0312, 0.0309],
            "rate",
            "Charge rate stayed at 3.1% from April 2024 to June 2024.",
        ),
        (
            [0.031, 0.025, 0.040, 0.031],
            "rate",
            "Charge rate was 3.1% both in April 2024 and in July 2024, having ranged from 2.5% "
            "to 4.0%.",
        ),
        ([0.031], "rate", "Charge rate was 3.1% in April 2024."),
        ([None, 0.031, None], "rate", "Charge rate was 3.1% in May 2024."),
        ([], "rate", "No data for this period."),
        ([None, None], "rate", "No data for this period."),
        (
            [420.5, 381],
            "days",
            "Charge rate fell from 420.5 days in April 2024 to 381 days in May 2024.",
        ),
        ([1204, 1310], "count", "Charge rate rose from 1,204 in April 2024 to 1,310 in May 2024."),
    ],
)
def test_trend_summary(values, unit, expected):
    assert trend_summary(_series(values), y="v", label="Charge rate", unit=unit) == expected


def test_trend_summary_sorts_by_month_and_names_other_dates_in_full():
    df = pd.DataFrame({"day": [date(2024, 4, 15), date(2024, 4, 3)], "n": [9, 4]})
    expected = "Crimes rose from 4 on 3 April 2024 to 9 on 15 April 2024."
    assert trend_summary(df, x="day", y="n", label="Crimes", unit="count") == expected


def test_trend_summary_of_other_labels():
    df = pd.DataFrame({"year": ["2023/24", "2024/25"], "n": [417, 390]})
    expected = "Rapes fell from 417 in 2023/24 to 390 in 2024/25."
    assert trend_summary(df, x="year", y="n", label="Rapes", unit="count") == expected


def test_trend_summary_accepts_timestamps():
    df = pd.DataFrame({"month_start": pd.to_datetime(["2024-04-01", "2024-05-01"]), "v": [1, 2]})
    expected = "Crimes rose from 1 in April 2024 to 2 in May 2024."
    assert trend_summary(df, y="v", label="Crimes", unit="count") == expected


def test_multi_trend_summary_joins_one_sentence_per_series():
    df = pd.DataFrame({"month_start": APRIL_TO_SEPTEMBER[:2], "rape": [30, 35], "other": [50, 41]})
    names = {"rape": "Rape", "other": "Other sexual offences"}
    expected = (
        "Rape rose from 30 in April 2024 to 35 in May 2024. "
        "Other sexual offences fell from 50 in April 2024 to 41 in May 2024."
    )
    assert multi_trend_summary(df, ys=["rape", "other"], names=names, unit="count") == expected


def test_multi_trend_summary_when_nothing_has_data_says_so_once():
    df = pd.DataFrame({"month_start": [], "a": [], "b": []})
    assert multi_trend_summary(df, ys=["a", "b"], names={}, unit="count") == (
        "No data for this period."
    )


def _outcomes() -> pd.DataFrame:
    # 663 + 604 + 500 = 1,767; 663 / 1,767 = 37.52%
    groups = ["Evidential difficulties (victim does not support action)", "Charged", "Other"]
    return pd.DataFrame({"group": groups, "crimes": [663, 604, 500]})


def test_breakdown_summary_names_the_largest_group_and_its_share():
    assert breakdown_summary(_outcomes(), category="group", value="crimes") == (
        r"The largest group was Evidential difficulties \(victim does not support action\): "
        "663 of 1,767 (37.5%)."
    )


def test_breakdown_summary_with_a_label():
    got = breakdown_summary(_outcomes(), category="group", value="crimes", label="outcomes")
    assert got.startswith("The largest group of outcomes was Evidential")


def test_breakdown_summary_of_rates_names_the_highest():
    df = pd.DataFrame({"area": ["Newport", "Torfaen"], "rate": [0.031, 0.05]})
    got = breakdown_summary(df, category="area", value="rate", unit="rate", label="charge rate")
    assert got == "The highest charge rate was Torfaen: 5.0%."


@pytest.mark.parametrize(
    "df",
    [
        pd.DataFrame({"group": [], "crimes": []}),
        pd.DataFrame({"group": ["A", "B"], "crimes": [0, 0]}),
        pd.DataFrame({"group": ["A"], "crimes": [None]}),
    ],
)
def test_breakdown_summary_with_nothing_to_show(df):
    assert breakdown_summary(df, category="group", value="crimes") == "No data for this period."


@pytest.mark.parametrize(
    ("args", "better", "expected"),
    [
        (
            (0.046, "rate", 0.039, 0.041),
            "none",
            "Charge rate was 4.6%, up from 3.9% in the previous period and up from 4.1% a year "
            "earlier.",
        ),
        (
            (0.046, "rate", 0.039, 0.05),
            "up",
            "Charge rate was 4.6%, up from 3.9% in the previous period (better) and down from 5.0% "
            "a year earlier (worse).",
        ),
        (
            (0.046, "rate", None, 0.041),
            "none",
            "Charge rate was 4.6%, up from 4.1% a year earlier.",
        ),
        (
            (0.046, "rate", 0.0459, None),
            "up",
            "Charge rate was 4.6%, the same as in the previous period.",
        ),
        ((0.046, "rate", None, None), "none", "Charge rate was 4.6%."),
        ((None, "rate", 0.039, 0.041), "none", "Charge rate is not available for this period."),
    ],
)
def test_kpi_summary(args, better, expected):
    assert kpi_summary("Charge rate", *args, better=better) == expected


@pytest.mark.parametrize(
    ("current", "previous", "better", "expected"),
    [
        (5, 3, "up", ("up", "good")),
        (5, 3, "down", ("up", "bad")),
        (5, 3, "none", ("up", "neutral")),
        (2, 3, "up", ("down", "bad")),
        (2, 3, "down", ("down", "good")),
        (3, 3, "up", ("same", "neutral")),
        (None, 3, "up", (None, "neutral")),
        (3, None, "down", (None, "neutral")),
    ],
)
def test_direction(current, previous, better, expected):
    assert direction(current, previous, better) == expected


def test_direction_compares_figures_as_displayed_when_given_a_unit():
    assert direction(0.02704, 0.02700, "up") == ("up", "good")
    assert direction(0.02704, 0.02700, "up", unit="rate") == ("same", "neutral")


def test_direction_refuses_an_unknown_better():
    with pytest.raises(ValueError):
        direction(1, 2, "sideways")


# For a scrutiny user some figures are texts ("fewer than 10", "not shown"); "–" is a zero by
# definition and hides nothing.
def test_trend_summary_says_how_many_months_are_hidden():
    from datetime import date

    df = pd.DataFrame(
        {
            "month_start": [date(2024, m, 1) for m in (4, 5, 6, 7)],
            "v": ["fewer than 10", 13, "not shown", 10],
        }
    )
    text = summaries.trend_summary(df, y="v", label="Rape", unit="count")
    assert text == (
        "Rape fell from 13 in May 2024 to 10 in July 2024. "
        "2 figures are not shown, to protect small numbers."
    )
    every = df.assign(v=["fewer than 10"] * 4)
    assert summaries.trend_summary(every, y="v", label="Rape", unit="count") == (
        "Rape: every figure in this chart is hidden, to protect small numbers."
    )


def test_breakdown_summary_of_the_figures_shown():
    df = pd.DataFrame({"c": ["A", "B", "C", "D"], "n": [19, "not shown", "fewer than 10", "–"]})
    assert summaries.breakdown_summary(df, category="c", value="n") == (
        "Of the figures shown, the highest was A: 19. "
        "2 figures are not shown, to protect small numbers."
    )
    hidden = df.assign(n=["fewer than 10", "not shown", "fewer than 10", "–"])
    assert summaries.breakdown_summary(hidden, category="c", value="n") == (
        "Every figure in this chart is hidden, to protect small numbers."
    )
    # "–" alone hides nothing: 19 of 19 is the whole.
    zero = pd.DataFrame({"c": ["A", "B"], "n": [19, "–"]})
    assert summaries.breakdown_summary(zero, category="c", value="n") == (
        "The largest group was A: 19 of 19 (100.0%)."
    )


def test_breakdown_summary_names_a_group_from_the_data_as_text():
    # A team's name is typed in the records system; the sentence is shown as Markdown.
    team = "![t](https://attacker.example/p.png)"
    df = pd.DataFrame({"team": [team, "B"], "share": [0.9, 0.1]})
    got = breakdown_summary(df, category="team", value="share", unit="rate")
    assert literal(team) in got and "![t](" not in got
