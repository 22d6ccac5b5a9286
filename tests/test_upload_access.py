"""The upload and history data functions check the role themselves: a leader or a scrutiny user
who reaches them (a page that forgot to hide them, a direct call) is refused in each; an analyst
is allowed. Hiding the upload and history pages is not enough (docs/access-and-audit.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ingest import pipeline
from tests.app_helpers import TIMEOUT, load_sample

HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code\n"
GOOD = HEADER + "AC1,2024-06-01,2024-06-02,19C\n"
CALLS = (
    "upload_steps.prepared",
    "upload_steps.report_section",
    "upload_steps.preview_section",
    "upload_steps.decide_section",
    "upload_steps.commit_section",
    "records_access.version_tables",
    "records_access.headlines_of_version",
    "records_access.headlines_of_tables",
    "version_history.compare_section",
    "version_history.rollback_section",
    "national_upload.section",
    "national_upload.load",
)


@pytest.fixture(scope="module")
def store_root(tmp_path_factory) -> Path:
    """The sample as v0001 and one more crime as v0002 (so history has two to compare)."""
    root = tmp_path_factory.mktemp("upload-access") / "store"
    store = load_sample(root)
    extra = root.parent / "crimes.csv"
    extra.write_text(GOOD)
    pipeline.ingest(store, [extra], mode="upsert")
    return root


def _calls_script(store_root: str, text: str) -> None:
    """Sign the session in as the app shell does, then call each upload and history function
    directly, as a page that forgot to check would; record what each did."""
    import io
    from datetime import date

    import streamlit as st

    from dashboard.app import data_access, records_access, session
    from dashboard.app.sections import national_upload, upload_steps, version_history
    from dashboard.figures import version_changes
    from dashboard.ingest import pipeline
    from dashboard.periods import financial_year
    from dashboard.store.versions import Store

    if session.session_identity(store_root) is None:
        st.stop()
    store = Store(store_root)
    view = data_access.current_version()
    folder = store.root.parent / "upload-files"
    folder.mkdir(exist_ok=True)
    (folder / "crimes.csv").write_text(text)
    upload = pipeline.prepare(store, [folder / "crimes.csv"], "upsert")  # the CLI's path
    file = io.BytesIO(text.encode())
    file.name = "crimes.csv"
    year = financial_year(2024)
    calls = {
        "upload_steps.prepared": lambda: upload_steps.prepared(store, [file], "upsert"),
        "upload_steps.report_section": lambda: upload_steps.report_section(upload, None, None),
        "upload_steps.preview_section": lambda: upload_steps.preview_section(store, upload, False),
        "upload_steps.decide_section": lambda: upload_steps.decide_section(store, upload),
        "upload_steps.commit_section": lambda: upload_steps.commit_section(
            store, upload, date(2025, 3, 31), False
        ),
        "records_access.version_tables": lambda: records_access.version_tables(store, "v0001"),
        "records_access.headlines_of_version": lambda: records_access.headlines_of_version(
            store, "v0001", year
        ),
        "records_access.headlines_of_tables": lambda: records_access.headlines_of_tables(
            version_changes.upload_tables(upload, False), year
        ),
        "version_history.compare_section": lambda: version_history.compare_section(view),
        "version_history.rollback_section": lambda: version_history.rollback_section(
            view.store_root, view.id
        ),
        "national_upload.section": lambda: national_upload.section(store_root, False),
        # (crimes.csv is not a Home Office table: an analyst's load is refused, in words)
        "national_upload.load": lambda: national_upload.load(store_root, [file]),
    }
    from tests.app_helpers import outcomes_of

    st.session_state["outcome"] = outcomes_of(calls)


def run_as(role: str, store_root: Path, monkeypatch) -> dict[str, str]:
    """What each call did for a session of `flightdeck serve --demo-role ROLE`."""
    monkeypatch.setenv("FLIGHTDECK_SIGN_IN", "none")
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", role)
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store_root))
    at = AppTest.from_function(_calls_script, default_timeout=TIMEOUT, args=(str(store_root), GOOD))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at.session_state["outcome"]


def refusal(call: str) -> str:
    """The capability the call is refused for: rollback for history, upload for the rest."""
    return "denied:rollback" if call.startswith("version_history") else "denied:upload"


@pytest.mark.parametrize("role", ["scrutiny", "leader"])
def test_each_function_refuses_a_role_without_upload(role, store_root, monkeypatch):
    outcome = run_as(role, store_root, monkeypatch)
    assert outcome == {call: refusal(call) for call in CALLS}


def test_each_function_allows_an_analyst(store_root, monkeypatch):
    outcome = run_as("analyst", store_root, monkeypatch)
    assert outcome == dict.fromkeys(CALLS, "allowed")
