"""Every page in Welsh, in Chromium, as each role (issue 13, item 4): opened with `?lang=cy`,
no English message of the catalogue may appear on it (data values and proper names aside: they
are not messages), the page says it is Welsh (`<html lang="cy">`), and a CSV download has Welsh
column names and a Welsh file name.

One server per role (`flightdeck serve --demo-role ROLE` on the bundled sample: the demo roles
are the real roles without sign-in), sharing the session server's store."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard import i18n
from dashboard.access import roles
from dashboard.app.shell import PAGE_SECTIONS
from tests.welsh_helpers import english_on

from .conftest import new_context, open_page, running_server, wait_until_settled

WELSH = i18n.catalogue("cy")
PAGE_TEXT_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    // textContent: folded expanders and hidden tabs too; Plotly's SVG text (titles, axes).
    return app ? app.textContent : "";
}"""
ALL_PAGES = [(path, title) for entries in PAGE_SECTIONS.values() for _, path, title, _ in entries]


def role_pages(role: str) -> list[tuple[str, str]]:
    identity = roles.demo_identity(role)
    return [(path, title) for path, title in ALL_PAGES if roles.page_allowed(identity, path)]


@pytest.fixture
def role_server(server, tmp_path, request):
    with running_server(
        tmp_path, server.store_root, args=("--demo-role", request.param)
    ) as started:
        yield started


@pytest.mark.parametrize("role_server", list(roles.ROLES), indirect=True, ids=list(roles.ROLES))
def test_every_page_in_welsh(browser, role_server, subtests, request):
    role = request.node.callspec.id
    context = new_context(browser)
    try:
        page = context.new_page()
        for path, title_key in role_pages(role):
            open_page(page, role_server.url(f"/{path}?lang=cy"))
            with subtests.test(page=path):
                heading = page.get_by_test_id("stMain").locator("h1").first
                assert heading.inner_text().strip() == WELSH[title_key]
                assert page.evaluate("document.documentElement.lang") == "cy"
                assert english_on(page.evaluate(PAGE_TEXT_JS)) == []
        if role == "leader":
            with subtests.test("a CSV download in Welsh"):
                check_welsh_download(page, role_server)
    finally:
        context.close()


def check_welsh_download(page, server) -> None:
    """The flight deck's first "numbers behind this chart" download, in Welsh."""
    open_page(page, server.url("/?lang=cy"))
    expander = page.get_by_test_id("stMain").get_by_test_id("stExpander").first
    expander.locator("summary").click()
    wait_until_settled(page)
    button = expander.get_by_test_id("stDownloadButton").locator("button")
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    name = download.suggested_filename
    assert name.endswith(".csv") and "month" not in name and "fesul-mis" in name, name
    text = download.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert english_on(text) == []
    assert rows[1][0] == WELSH["column.month"]
    assert set(rows[1][1:]) <= set(WELSH.values()), rows[1]
