"""Rounding for the scrutiny role (dashboard/disclosure/rules.py).

Suppression protects each table on its own; subtracting figures of different views (a year's
tile less the months a year's table shows, less one month's own tile) gave a hidden count back
exactly. With every shown count rounded to the nearest 5, each figure in such a sum is only
known to within 2 either way, so the hidden one is never pinned down.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.disclosure import rules
from tests.app_helpers import load_sample


@pytest.mark.parametrize(
    "value, shown",
    [
        (10, 10),
        (11, 10),
        (12, 10),
        (13, 15),
        (1831, 1830),
        (1833, 1835),
        (np.int64(588), 590),
        ("1234", "1235"),  # digits held as text stay text
        ("fewer than 10", "fewer than 10"),
        ("–", "–"),
        (None, None),
    ],
)
def test_round_count(value, shown):
    assert rules.round_count(value, 5) == shown


def test_rounding_is_configured_and_can_be_turned_off(monkeypatch):
    assert rules.configured_base() == 5
    monkeypatch.setenv("FLIGHTDECK_ROUNDING_BASE", "3")
    assert rules.configured_base() == 3
    monkeypatch.setenv("FLIGHTDECK_ROUNDING_BASE", "1")
    assert rules.round_count(1831) == 1831
    frame = pd.DataFrame({"n": [11, 12]})
    assert rules.round_frame(frame, ["n"]) is frame


def test_a_hidden_month_cannot_be_worked_out_from_other_views():
    # Orders applied in 2024/25 (helper's finding on the sample): the year's tile, ten months
    # shown in the year's table, and November's own tile. Exactly: 165 - 147 - 11 = 7 for April.
    # Rounded, each of the twelve known figures is within 2 of what is shown: April could be
    # anything from 7 - 24 to 7 + 24, so nothing is learnt beyond "fewer than 10".
    year, months, november = 165, [14, 15, 13, 17, 12, 16, 14, 15, 16, 15], 11
    assert year - sum(months) - november == 7
    shown = [rules.round_count(v, 5) for v in (year, *months, november)]
    estimate = shown[0] - sum(shown[1:])
    uncertainty = 2 * len(shown)
    candidates = [a for a in range(estimate - uncertainty, estimate + uncertainty + 1) if a >= 0]
    assert len(candidates) >= 10 and 7 in candidates


def test_every_count_scrutiny_sees_is_rounded(tmp_path):
    store = load_sample(tmp_path / "store")
    at = AppTest.from_function(_every_count, args=(str(store.root),), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    checked = [m.value for m in at.markdown]
    assert checked and all(line.endswith(": rounded") for line in checked), checked


def _every_count(store_root: str) -> None:
    from datetime import date

    import streamlit as st

    from dashboard import formatting
    from dashboard.access import roles
    from dashboard.app import data_access, session
    from dashboard.disclosure.shapes import shape_of
    from dashboard.figures import queries
    from dashboard.figures.request import Request
    from dashboard.periods import Period

    st.session_state[session._KEY] = roles.demo_identity("scrutiny")
    request = Request(store_root, "v0001", Period(date(2024, 4, 1), date(2025, 3, 31)))

    def rounded(value) -> bool:
        if isinstance(value, str) or formatting.is_missing(value):
            return not (isinstance(value, str) and value.strip().isdigit() and int(value) % 5)
        return float(value) % 5 == 0

    figures = data_access.metric_values(request)
    units = {q.name: q.header["unit"] for q in queries.queries_of_kind("kpi")}
    tiles = [v for k, v in figures.items() if units[k] == "count"]
    tiles += list(figures["outcomes_by_group"].values())
    st.markdown("tiles: " + ("rounded" if all(map(rounded, tiles)) else f"not {tiles}"))
    for kind in ("trend", "breakdown"):
        for query in queries.queries_of_kind(kind):
            shape = shape_of(kind, query.name)
            if shape is None or query.header.get("access"):
                continue
            call = data_access.trend if kind == "trend" else data_access.breakdown
            frame = call(request, query.name)
            cells = [v for c in shape.counts if c in frame.columns for v in frame[c]]
            verdict = "rounded" if all(map(rounded, cells)) else f"not: {cells[:20]}"
            st.markdown(f"{kind} {query.name}: {verdict}")
