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
