"""The upload page after a commit, and on a dashboard without sign-in (the synthetic demo).

After a commit the page starts again empty: the new version's id, no report of files already
loaded. A demo without sign-in cannot take real data at all: it could not show it (the secure
defaults), so the commit is refused before anything changes.
"""

from __future__ import annotations

import json

import pytest

from dashboard.access import audit
from dashboard.i18n import t
from tests import test_app_upload as base
from tests.test_app_upload import HEADER, commit_button, page, upload

store = base.store  # the same fixture: the sample as v0001, uploads shown as --allow-no-sign-in

NEW = ("crimes.csv", HEADER + "NEW1,2024-06-01,2024-06-02,19C\n")


def test_after_a_commit_the_page_starts_again(store):
    at = upload(page("upload"), NEW)
    commit_button(at).click().run()
    assert store.current_id() == "v0002"
    assert [s.value for s in at.success] == [t("upload.live", version="v0002")]
    assert not at.expander, "no report of the files just loaded"
    assert [e.value for e in at.error] == [t("access.no_sign_in_banner")]  # real data, no sign-in
    assert not at.file_uploader(key="upload_files_1").value  # a fresh, empty file picker
    lines = [e for e in map(audit_event, audit_lines(store)) if e["kind"] == "upload"]
    assert [e["outcome"] for e in lines] == ["committed"]


def test_loading_the_same_files_again_is_audited_once_as_unchanged(store):
    at = upload(page("upload"), NEW)
    commit_button(at).click().run()
    at.file_uploader(key="upload_files_1").set_value([(NEW[0], NEW[1].encode(), "text/csv")])
    at.run()
    at.run()  # a rerun of the same check is not another upload
    assert any(t("upload.noop", version="v0002") in i.value for i in at.info)
    lines = [e for e in map(audit_event, audit_lines(store)) if e["kind"] == "upload"]
    assert [e["outcome"] for e in lines] == ["committed", "unchanged"]


@pytest.mark.parametrize("demo_role", [None, "analyst"])
def test_a_demo_without_sign_in_refuses_real_data(store, monkeypatch, demo_role):
    monkeypatch.delenv("FLIGHTDECK_NO_SIGN_IN_ACCEPTED")  # plain `flightdeck serve` on the sample
    if demo_role:
        monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", demo_role)
    at = upload(page("upload"), NEW)
    assert t("upload.needs_sign_in") in [w.value for w in at.warning]
    assert commit_button(at).disabled
    assert store.current_id() == "v0001"


def audit_lines(s) -> list[str]:
    return audit.audit_path(s.root).read_text(encoding="utf-8").splitlines()


def audit_event(line: str) -> dict:
    return json.loads(line)
