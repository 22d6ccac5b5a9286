"""One-sentence summaries and the direction of a change: hand-written sentences."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.app import summaries
from dashboard.app.markdown_text import literal
from dashboard.app.sections.signals import chart_frame
from dashboard.app.summaries import breakdown_summary, direction
from dashboard.figures import spc_metrics
from dashboard.periods import Period


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


# The XmR chart in words (`spc_summary`): of the whole series, never the first month against
# the last. Charged (a count, better up), from January 2025.
MONTHS = [date(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 15)]


def _spc_words(values: list, hidden: int = 0) -> str:
    frame = pd.DataFrame({"month_start": MONTHS[: len(values)], "charged": values})
    made = spc_metrics.chart_of(frame, "charged")
    window = Period(MONTHS[0], MONTHS[len(values) - 1].replace(day=28))
    df = chart_frame(made)
    return summaries.spc_summary(df, made, label="Charged", window=window, hidden=hidden)


def test_spc_summary_names_the_months_of_a_signal():
    # 10, 12 four times, then 13, 13, 14, 13, 14, 13: mean 168 / 14 = 12. The moving ranges:
    # seven of 2, then 1, 0, 1, 1, 1, 1: 19 / 13 = 1.4615; limits 12 ± 2.66 × 1.4615 = 8.1 to
    # 15.9; the 2-sigma line 12 + 1.773 × 1.4615 = 14.6 (14 is below it). The 12s sit on the
    # mean and break every run, so the only signal is the last six months above it: a shift.
    words = _spc_words([10, 12] * 4 + [13, 13, 14, 13, 14, 13])
    assert words.startswith("Charged, January 2025 to February 2026. Special cause variation, ")
    assert "improving" in words  # a run above the mean of a count whose better is up
    assert "February 2026: 13, against a mean of 12 and process limits of 8 to 16." in words
    assert words.endswith(
        "Months in a signal: September 2025 to February 2026 (a run on one side of the mean)."
    )


def test_spc_summary_of_noise_says_no_month_is_a_signal():
    # 10, 12 seven times: mean 11, every moving range 2, limits 11 ± 5.32; nothing breaks a rule
    words = _spc_words([10, 12] * 7)
    assert words.endswith("None of the 14 months is part of a signal: their movement is noise.")


def test_a_run_chart_gives_its_range_and_names_ties():
    # 12 months, fewer than the 13 limits need: the lowest, 3, in March and July; the highest,
    # 9, in May only
    values = [5, 4, 3, 6, 9, 5, 3, 4, 6, 5, 4, 6]
    assert _spc_words(values) == (
        "Charged, January 2025 to December 2025: 12 months with a figure, fewer than the 13 "
        "that process limits need, so this is a run chart with no signals. The lowest was 3 "
        "(March 2025 and July 2025); the highest 9 (May 2025)."
    )
    assert _spc_words([7] * 12).endswith("run chart with no signals. Every month was 7.")


def test_a_run_chart_with_hidden_months_counts_them():
    words = _spc_words([5, 4, 3], hidden=2)
    assert words.endswith(
        "The lowest was 3 (March 2025); the highest 5 (January 2025). "
        "2 figures are not shown, to protect small numbers."
    )
