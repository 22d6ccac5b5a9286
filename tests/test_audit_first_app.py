"""Audit first, then change, in the browser (AppTest): an upload, a rollback, a download or a
page view whose audit line cannot be written does not happen, and the page says so plainly.

The audit log is unwritable, full and read-only in turn (tests/audit_faults.py), broken after
the page has been drawn with a working log, just before the user acts.

Downloads: the CSV is handed to Streamlit as a callable, which Streamlit runs when the button is
clicked (in the browser that is a request of its own, on a thread of its own); the callable
writes the export line first and raises if it cannot, and Streamlit then sends no file. AppTest
has no browser to click with, so these tests catch the callable as the page registers it and
run it as Streamlit's handler does (`MediaFileManager.execute_deferred`).
"""

from __future__ import annotations

import json

import pytest
from streamlit.runtime import media_file_manager as mfm
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard.access import audit
from dashboard.i18n import t
from tests import test_app_upload as base
from tests.audit_faults import FAULTS, broken_audit_log, log_bytes, store_state
from tests.test_app_upload import HEADER, commit_button, page, upload

store = base.store  # the sample as v0001, read without sign-in (as --allow-no-sign-in)

NEW = ("crimes.csv", HEADER + "NEW1,2024-06-01,2024-06-02,19C\n")
BAD = ("crimes.csv", HEADER + "B1,31/02/2024,2024-03-01,19C\n")


def events(s, kind: str) -> list[dict]:
    return [e for e in map(json.loads, log_bytes(s.root).splitlines()) if e["kind"] == kind]


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def assert_said_plainly(at, s, message: str) -> None:
    assert not at.exception, at.exception
    assert message in errors(at)
    assert str(s.root) not in " ".join(errors(at)), "a server path reached the page"


# --- upload ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_an_upload_that_cannot_be_audited_is_not_loaded(store, fault):
    at = upload(page("upload"), NEW)
    before, logged = store_state(store.root), log_bytes(store.root)
    with broken_audit_log(store.root, fault):
        commit_button(at).click().run()
    assert_said_plainly(at, store, t("audit.not_changed"))
    assert not any("is now live" in s.value for s in at.success)
    assert store_state(store.root) == before  # no v0002, complete or not; v0001 current
    assert log_bytes(store.root) == logged
    # With the log mended, the same check loads, audited before the switch.
    commit_button(at).click().run()
    assert store.current_id() == "v0002"
    (committed,) = events(store, "upload")
    assert (committed["outcome"], committed["version"]) == ("committed", "v0002")
    assert audit.verify(store.root) == []


@pytest.mark.parametrize("fault", FAULTS)
def test_a_refused_upload_that_cannot_be_audited_shows_no_report(store, fault):
    at = page("upload")
    with broken_audit_log(store.root, fault):
        at = upload_unchecked(at, BAD)
    assert_said_plainly(at, store, t("app.audit_unavailable"))
    assert not at.expander, "the report was shown unrecorded"
    assert "_upload" not in at.session_state  # not kept: checked and recorded again next time
    at.run()
    assert any("1 error" in e for e in errors(at))
    assert [e["outcome"] for e in events(store, "upload")] == ["refused"]
    assert store.current_id() == "v0001"


def upload_unchecked(at, *files):
    at.radio(key="upload_mode").set_value("upsert")
    at.file_uploader(key="upload_files").set_value(
        [(name, text.encode(), "text/csv") for name, text in files]
    )
    return at.run()


# --- rollback -------------------------------------------------------------------------------


@pytest.fixture
def two_versions(store, tmp_path):
    extra = tmp_path / "crimes.csv"
    extra.write_text(NEW[1])
    base.pipeline.ingest(store, [extra], mode="upsert")
    assert store.current_id() == "v0002"
    return store


def roll_back_to_v0001(at):
    at.selectbox(key="rollback_target").set_value("v0001")
    at.text_input(key="rollback_reason").input("extract cut short")
    at.checkbox(key="rollback_confirm").check().run()
    return next(b for b in at.button if b.label == t("history.rollback"))


@pytest.mark.parametrize("fault", FAULTS)
def test_a_rollback_that_cannot_be_audited_is_not_made(two_versions, fault):
    s = two_versions
    at = page("history")
    button = roll_back_to_v0001(at)
    before, logged = store_state(s.root), log_bytes(s.root)
    with broken_audit_log(s.root, fault):
        button.click().run()
    assert_said_plainly(at, s, t("audit.not_changed"))
    assert not any("current again" in m.value for m in at.success)
    assert store_state(s.root) == before  # v0002 still current
    assert log_bytes(s.root) == logged
    roll_back_to_v0001(at).click().run()
    assert s.current_id() == "v0001"
    (done,) = events(s, "rollback")
    assert (done["from"], done["to"], done.get("outcome")) == ("v0002", "v0001", None)
    assert done["reason"] == "extract cut short"


# --- downloads ------------------------------------------------------------------------------


@pytest.fixture
def deferred(monkeypatch) -> dict:
    """file name -> the callable a download button registered for it (the latest run's)."""
    caught: dict = {}
    real = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return caught


def served(data_callable, monkeypatch) -> bytes | None:
    """What Streamlit's handler does on a click: run the callable and store the file it gives
    for the browser to fetch; None when it sends no file."""
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    monkeypatch.setattr(mfm, "_get_session_id", lambda: "session")
    file_id = manager.add_deferred(data_callable, "text/csv", "coords", file_name="x.csv")
    try:
        url = manager.execute_deferred(file_id)
    except MediaFileStorageError:
        return None
    stored = manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0])
    return stored.content


def test_downloads_are_made_on_click_and_not_sent_with_the_page(store, deferred):
    at = page("outcomes")
    buttons = at.get("download_button")
    assert buttons and len(deferred) >= len(buttons)
    for button in buttons:
        assert button.proto.deferred_file_id and not button.proto.url  # no file in the page
        assert button.proto.ignore_rerun


@pytest.mark.parametrize("fault", FAULTS)
def test_a_download_that_cannot_be_audited_is_not_served(store, deferred, monkeypatch, fault):
    at = page("outcomes")
    deferred.clear()
    at.run()  # only this page's downloads
    assert not at.exception
    name, deliver = next(iter(deferred.items()))
    logged = log_bytes(store.root)
    with broken_audit_log(store.root, fault):
        assert served(deliver, monkeypatch) is None
    assert log_bytes(store.root) == logged
    data = served(deliver, monkeypatch)  # the log mended: audited, then served
    assert data is not None and data.startswith(b"\xef\xbb\xbf")
    (export,) = events(store, "export")
    # the file is named for the measure and the view the page shows (2024/25, no filters)
    assert f"{export['what']}_april-2024-to-march-2025-all-of-gwent-all-offences.csv" == name
    assert (export["page"], export["version"]) == ("outcomes", "v0001")


def test_the_export_line_is_written_before_the_file_is_handed_over(store, deferred):
    page("outcomes")
    deliver = next(iter(deferred.values()))  # any page's: none is recorded until clicked
    assert events(store, "export") == []
    deliver()
    assert len(events(store, "export")) == 1


# --- page views -----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_a_page_view_that_cannot_be_audited_draws_nothing_of_the_page(store, fault):
    at = page("upload")  # signed in and one page seen, with a working log
    views = len(events(store, "page_view"))
    with broken_audit_log(store.root, fault):
        at.switch_page(str(base.PAGES / "outcomes.py")).run()
    assert_said_plainly(at, store, t("app.audit_unavailable"))
    main = at.main
    assert not main.title and not main.metric and not main.dataframe and not main.info
    assert not at.get("download_button") and not main.expander
    assert not at.get("plotly_chart")
    assert len(events(store, "page_view")) == views
    at.run()  # mended: the page is recorded, then drawn
    assert [e["page"] for e in events(store, "page_view")][-1] == "outcomes"
    assert at.main.title


# --- a load that crashes (issue 19) -------------------------------------------------------------


def _crash(*args, **kwargs):
    raise RuntimeError("disk on fire at /srv/flightdeck")


@pytest.mark.parametrize("stage", ["prepare", "commit"])
def test_an_upload_that_crashes_is_audited_and_changes_nothing(store, monkeypatch, stage):
    if stage == "prepare":
        monkeypatch.setattr("dashboard.ingest.pipeline.prepare", _crash)
        at = upload(page("upload"), NEW)
    else:
        at = upload(page("upload"), NEW)
        monkeypatch.setattr("dashboard.ingest.pipeline.commit", _crash)
        commit_button(at).click().run()
    assert t("app.page_error") in errors(at)
    assert "disk on fire" not in " ".join(errors(at))  # the detail is for the server log
    (crashed,) = events(store, "upload")
    assert (crashed["outcome"], crashed["error"], crashed["inputs"]) == (
        "error",
        "RuntimeError",
        ["crimes.csv"],
    )
    assert crashed["files"] == [] and crashed["version"] is None
    assert store.current_id() == "v0001"
    assert audit.verify(store.root) == []
