"""A download whose export cannot be audited is not served, in a real browser.

AppTest shows that the page hands Streamlit a callable that audits before it returns the file
(tests/test_audit_first_app.py); only a browser shows what the user gets when it raises: no
file, and Streamlit's own message under the button. The server is a process of its own, so the
faults are the ones made on disk: the log full (a link to /dev/full) and unwritable (a folder in
its place).
"""

from __future__ import annotations

import json

import pytest

from dashboard.access import audit
from dashboard.i18n import t
from tests.audit_faults import broken_audit_log

from .conftest import new_context, open_expander, open_page, running_server

ERROR_SHOWN_MS = 5_000
NO_FILE_WAIT_MS = 3_000


@pytest.fixture
def server(tmp_path):
    store_root = tmp_path / "store"
    store_root.mkdir()
    with running_server(tmp_path, store_root) as started:
        yield started


def exports(store_root) -> list[dict]:
    lines = audit.audit_path(store_root).read_text(encoding="utf-8").splitlines()
    return [e for e in map(json.loads, lines) if e["kind"] == "export"]


def test_a_download_that_cannot_be_audited_is_not_served(server, browser):
    context = new_context(browser)
    try:
        page = context.new_page()
        open_page(page, server.url("/"))
        open_expander(page, t("flight_deck.trends.open"))  # folded until a reader opens them
        expander = open_expander(page, t("chart.data"))
        button = expander.get_by_role("button", name=t("chart.download"))
        button.wait_for(state="visible")
        assert exports(server.store_root) == []

        downloads = []
        page.on("download", lambda download: downloads.append(download))
        error = expander.locator("[data-testid='stDownloadButtonError']")
        for fault in ("full", "unwritable"):
            with broken_audit_log(server.store_root, fault):
                button.click()
                # Streamlit's own words, shown for 5 s; no file comes
                error.wait_for(state="visible", timeout=ERROR_SHOWN_MS)
                page.wait_for_timeout(NO_FILE_WAIT_MS)
            assert downloads == [], fault
            assert exports(server.store_root) == [], fault
            error.wait_for(state="hidden")
        assert "download spc-charge_rate not served" in server.log.read_text()

        with page.expect_download(timeout=30_000) as download:  # the log mended
            button.click()
        assert download.value.path().read_bytes().startswith(b"\xef\xbb\xbf")
        (export,) = exports(server.store_root)
        assert export["page"] == "flight-deck"
    finally:
        context.close()
