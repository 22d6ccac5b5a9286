"""The as-at date on the Upload page: the report says which date the upload takes and why; the
date input offers only dates the upload can take; a refused as-at date changes nothing and says
why, without a traceback."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.app.markdown_text import literal
from dashboard.i18n import t
from dashboard.ingest import plausible
from tests import test_app_upload as base
from tests.test_app_upload import HEADER, commit_button, page, upload

store = base.store  # the same fixture: the sample (as at 2025-03-31) as v0001

TODAY = date(2025, 6, 30)
LATEST = date(2025, 3, 31)  # the sample's latest recorded date, after the new crime's
NEW = ("crimes.csv", HEADER + "NEW1,2024-06-01,2024-06-02,19C\n")


@pytest.fixture(autouse=True)
def upload_day(monkeypatch):
    monkeypatch.setattr(plausible, "today", lambda: TODAY)


def as_at_input(at):
    return at.date_input(key="upload_as_at")


def test_the_report_says_the_as_at_date_and_its_rule(store):
    at = upload(page("upload"), NEW)
    note = at.session_state["_upload"][1].report.note
    assert note == t(
        "report.as_at_latest",
        as_at="2025-03-31",
        ceiling="2025-06-30",
        floor="1900-01-01",
        planned="bail end_date, orders expiry_date, targets from",
    )
    assert note in [i.value for i in at.info]
    assert (as_at_input(at).value, as_at_input(at).min, as_at_input(at).max) == (
        LATEST,
        LATEST,
        TODAY,
    )
    commit_button(at).click().run()  # the date left as it was: the latest plausible date
    assert store.manifest("v0002")["as_at"] == "2025-03-31"
    assert store.manifest("v0002")["as_at_rule"] == plausible.LATEST


@pytest.mark.parametrize("outside", [date(2025, 7, 1), date(2025, 3, 30), date(1899, 12, 31)])
def test_a_date_outside_the_bounds_cannot_be_committed(store, outside):
    at = upload(page("upload"), NEW)
    as_at_input(at).set_value(outside).run()
    assert as_at_input(at).value == LATEST  # put back to the default
    commit_button(at).click().run()
    assert store.manifest("v0002")["as_at"] == "2025-03-31"


def test_a_date_inside_the_bounds_is_the_analysts(store):
    at = upload(page("upload"), NEW)
    as_at_input(at).set_value(TODAY).run()
    commit_button(at).click().run()
    assert store.manifest("v0002")["as_at"] == "2025-06-30"
    assert store.manifest("v0002")["as_at_rule"] == plausible.GIVEN


def test_a_refused_as_at_date_changes_nothing_and_says_why(store, monkeypatch):
    # The input's bounds keep such a date from the page: the pipeline still refuses one (here,
    # as if the check's bounds had moved since the page was drawn), and the page says so.
    at = upload(page("upload"), NEW)
    as_at_input(at).set_value(TODAY).run()
    why = t("rule.as_at_after_ceiling", as_at="2025-06-30", ceiling="2025-06-29")
    check = plausible.DateBounds.as_at_problem
    monkeypatch.setattr(plausible.DateBounds, "as_at_problem", lambda self, as_at, latest: why)
    commit_button(at).click().run()
    assert not at.exception
    assert t("upload.as_at_refused", problem=literal(why)) in [e.value for e in at.error]
    assert [v["id"] for v in store.versions()] == ["v0001"]
    assert "_upload" not in at.session_state  # the refused upload is checked again
    monkeypatch.setattr(plausible.DateBounds, "as_at_problem", check)
    at.run()
    assert not at.exception and not at.session_state["_upload"][1].report.has_errors
    commit_button(at).click().run()
    assert store.manifest("v0002")["as_at"] == "2025-06-30"
