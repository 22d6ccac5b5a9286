"""Suspect-level lists read as a person would write them: labelled columns, codes in words,
dates day first (never a bare "00:00:00"), blank for nothing, hours to one decimal place."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboard.app.sections.disruption import list_table
from dashboard.i18n import t


def test_a_breach_worklist_row_for_people():
    rows = pd.DataFrame(
        {
            "breach_id": ["BR-1", "BR-2"],
            "breach_of": ["bail", "order"],
            "breach_at": [datetime(2023, 12, 31, 18, 42), datetime(2024, 1, 2)],
            "reported_at": [None, datetime(2024, 1, 2, 9, 5)],
            "action": [None, "none"],
            "hours_waiting": [41475.16666, 12.04],
        }
    )
    shown = list_table(rows)
    assert list(shown.columns) == [
        t(f"list.column.{c}")
        for c in ("breach_id", "breach_of", "breach_at", "reported_at", "action", "hours_waiting")
    ]
    assert shown.iloc[0].tolist() == [
        "BR-1",
        "Bail",
        "31/12/2023 18:42",
        "",
        "Not yet actioned",
        41475.2,
    ]
    assert shown.iloc[1].tolist() == [
        "BR-2",
        "Order",
        "02/01/2024 00:00",
        "02/01/2024 09:05",
        "No action taken",
        12.0,
    ]


def test_repeat_suspect_dates_are_days():
    rows = pd.DataFrame(
        {
            "suspect_id": ["S-1"],
            "first_recorded_date": pd.to_datetime(["2022-09-13"]),
            "latest_breach_at": [pd.NaT],
        }
    )
    assert list_table(rows).iloc[0].tolist() == ["S-1", "13/09/2022", ""]
