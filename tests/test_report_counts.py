"""Counts in the report's and the refusal's sentences read naturally for 1 and with separators."""

from __future__ import annotations

import pytest

from dashboard.ingest import pipeline
from dashboard.ingest.report import Report
from dashboard.store.versions import Store
from tests.contract_helpers import crimes, prepare


def report_with(errors: int, warnings: int = 0) -> Report:
    r = Report()
    for i in range(errors):
        r.error("crimes.csv", i + 2, "reported_date", "x", "bad")
    for i in range(warnings):
        r.warning("crimes.csv", i + 2, "local_authority", "x", "odd")
    return r


def test_one_error_and_one_warning():
    text = report_with(1, 1).as_text()
    assert "1 of 1 error listed." in text and "1 of 1 warning listed." in text


def test_many_with_thousands_separators():
    r = report_with(2)
    r.count_only("error", 1_200)  # 2 listed + 1,200 counted only = 1,202
    assert r.as_text().endswith("2 of 1,202 errors listed.")


def test_pinned_problems_are_listed_beyond_the_cap():
    r = Report(cap=1)
    r.error("a.csv", 2, None, None, "first")
    r.error("a.csv", 3, None, None, "crowded out")
    r.error("a.csv", None, None, None, "summary", pinned=True)
    assert [p.rule for p in r.errors] == ["first", "summary"] and r.error_count == 3


@pytest.mark.parametrize(("rows", "expected"), [(1, "1 error."), (2, "2 errors.")])
def test_refusal_message(tmp_path, rows, expected):
    bad = [f"C{i},31/02/2024,2024-04-02,19C" for i in range(rows)]
    store = Store(tmp_path / "store")
    up = prepare(tmp_path, {"crimes.csv": crimes(*bad)}, store)
    with pytest.raises(pipeline.UploadRefused) as refused:
        pipeline.commit(store, up)
    assert str(refused.value).startswith(f"Upload refused: {expected}")
