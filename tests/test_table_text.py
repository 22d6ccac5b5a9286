"""Table cells for people (dashboard/table_text.py): shares as percentages, grouped digits."""

from __future__ import annotations

import pandas as pd

from dashboard.app.table_text import for_people


def test_shares_and_counts_for_people():
    df = pd.DataFrame(
        {
            "team": ["A", "B", "C"],
            "trained_share": [0.2852, "0.08488964346349745", "not shown"],  # a hidden cell
            "staff": ["4168", "fewer than 10", "12"],  # digits held as text
            "crimes": [1204, 10, 11],  # numbers stay numbers
        }
    )
    out = for_people(df)
    assert out["trained_share"].tolist() == ["28.5%", "8.5%", "not shown"]
    assert out["staff"].tolist() == ["4,168", "fewer than 10", "12"]
    assert out["crimes"].tolist() == [1204, 10, 11]
    assert out["team"].tolist() == ["A", "B", "C"]
    assert df["trained_share"].iloc[0] == 0.2852  # the input is left alone


def test_a_heat_map_of_shares_held_as_text_prints_percentages_not_raw_fractions():
    """The data-quality heat map for scrutiny: a month whose shares are all figures, in a column
    that holds text because other months' are hidden, printed 0.8347107438016529."""
    from dashboard.app import charts
    from dashboard.app.table_text import as_figures

    df = pd.DataFrame(
        {
            "month_start": ["2024-04-01", "2024-05-01"],
            "field": ["crimes.victim_age", "crimes.victim_age"],
            "complete_share": ["0.8347107438016529", "not shown"],
        }
    )
    assert as_figures(df["complete_share"]).tolist() == [0.8347107438016529, "not shown"]
    shares = df.assign(complete_share=as_figures(df["complete_share"]))
    fig = charts.heatmap(shares, "month_start", "field", "complete_share", "t", alt="a")
    assert [list(row) for row in fig.data[0].text] == [["83.5%", "not shown"]]
