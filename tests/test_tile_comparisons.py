"""A tile says each comparison once: for a whole year the previous period is the year before,
so the tile's change is "on a year earlier" and no second line repeats it; for a quarter both
comparisons show, the year-earlier one in words under the tile."""

from __future__ import annotations

import pytest

from dashboard.i18n import t
from tests.app_helpers import app, shared_sample

ARROWS = ("▲", "▼", "▶")
SPC = (
    "common_cause",
    "special_cause_improving",
    "special_cause_concerning",
    "special_cause_neither",
)
VERDICTS = {t(f"tile.spc.{v}") for v in SPC}


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    return shared_sample()


@pytest.fixture()
def served(sample_store, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_STORE", str(sample_store.root))
    monkeypatch.delenv("FLIGHTDECK_DEMO_ROLE", raising=False)


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_a_financial_year_compares_once(served):
    at = app({"period": "financial_year", "fy": "2024"}).run()
    assert not at.exception
    assert at.metric
    assert not [c for c in captions(at) if c.startswith(ARROWS)], "no repeated comparison"
    assert VERDICTS & set(captions(at)), "the SPC verdict in words, not colour alone"
    assert not [c for c in captions(at) if "(better)" in c or "(worse)" in c]


def test_a_quarter_shows_both_comparisons(served):
    at = app({"period": "fy_quarter", "fy": "2024", "q": "3"}).run()
    assert not at.exception
    assert [c for c in captions(at) if c.startswith(ARROWS)]
    assert VERDICTS & set(captions(at))  # the verdict is on the months, whatever the period
