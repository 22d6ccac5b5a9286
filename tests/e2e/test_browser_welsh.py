"""Every page in Welsh, in Chromium, as an analyst and as scrutiny (issue 13, item 4; a leader's
pages are an analyst's less three, and what differs is read in tests/test_language.py): the first
opened with `?lang=cy`, the others by the sidebar's Welsh links (the language is kept from page to
page), no English message of the catalogue may appear on it (data values and proper names aside:
they are not messages), the page says it is Welsh (`<html lang="cy">`), and a CSV download has
Welsh column names and a Welsh file name. On the same load, each page gets the accessibility checks
of issue 17 (`a11y_checks`: axe-core's WCAG 2.2 A and AA rules, a keyboard walk, no tile text cut,
chart text at 4.5:1) and a link to the accessibility statement in its footer: one walk of every
page per role, not two.

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

from .a11y_checks import AXE_SCRIPT, charts_and_images, check_page
from .conftest import new_context, open_expander, open_page, running_server, wait_until_settled

WELSH = i18n.catalogue("cy")
PAGE_TEXT_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) return "";
    // Every text node, folded expanders and hidden tabs too, and Plotly's SVG text (titles,
    // axes); not the code of scripts and style sheets.
    const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => node.parentElement.closest("script, style")
            ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
    return texts.join("");
}"""
# Tile labels cut short with "…" (Streamlit's stMarkdownEllipsis): their text is wider than
# their box (issue 13, item 5: Welsh's longer words).
CLIPPED_TILE_LABELS_JS = """() => [...document.querySelectorAll(
        "[data-testid='stMetricLabel'] [data-testid='stMarkdownContainer']")]
    .filter((box) => [box, ...box.children].some((e) => e.scrollWidth > e.clientWidth + 1))
    .map((box) => box.textContent)"""
ALL_PAGES = [(path, title) for entries in PAGE_SECTIONS.values() for _, path, title, _ in entries]
DEFAULT_PAGE = next(
    p for entries in PAGE_SECTIONS.values() for _, p, _, default in entries if default
)


# A leader may do what an analyst may, less loading data and reading the audit: on the pages
# both open, only the role's name and the comparison page's "how to load" hint depend on that
# (`data_access.can("upload")`), and those are read in Welsh through AppTest
# (tests/test_language.py), where a session costs a tenth of a browser's. The analyst's walk
# opens every page the leader's would.
ANALYST_ONLY = frozenset({"upload", "rollback", "view_audit"})
WALKED = ("analyst", "scrutiny")


def role_pages(role: str) -> list[tuple[str, str]]:
    identity = roles.demo_identity(role)
    return [(path, title) for path, title in ALL_PAGES if roles.page_allowed(identity, path)]


def test_the_leaders_pages_are_the_analysts_less_their_own():
    leader = {c for c, holders in roles.CAPABILITIES.items() if "leader" in holders}
    analyst = {c for c, holders in roles.CAPABILITIES.items() if "analyst" in holders}
    assert leader == analyst - ANALYST_ONLY, "roles changed: walk every page as a leader too"
    assert set(role_pages("leader")) <= set(role_pages("analyst"))


@pytest.fixture
def role_server(server, tmp_path, request):
    with running_server(
        tmp_path, server.store_root, args=("--demo-role", request.param)
    ) as started:
        yield started


@pytest.mark.parametrize("role_server", WALKED, indirect=True, ids=WALKED)
def test_every_page_in_welsh(browser, role_server, subtests, request):
    role = request.node.callspec.id
    context = new_context(browser)
    try:
        page = context.new_page()
        for n, (path, title_key) in enumerate(role_pages(role)):
            if n == 0:  # the link opens the first page; the sidebar's Welsh links the others
                address = "" if path == DEFAULT_PAGE else path  # the default page is at "/"
                open_page(page, role_server.url(f"/{address}?lang=cy"))
                page.evaluate(AXE_SCRIPT)  # one document for the walk: the links keep it
            else:
                go_by_sidebar(page, WELSH[title_key])
            with subtests.test(page=path):
                heading = page.get_by_test_id("stMain").locator("h1").first
                assert heading.inner_text().strip() == WELSH[title_key]
                assert page.evaluate("document.documentElement.lang") == "cy"
                assert english_on(page.evaluate(PAGE_TEXT_JS)) == []
                assert help_names(page) == []
                assert page.evaluate(CLIPPED_TILE_LABELS_JS) == []
                footer = page.get_by_test_id("stMain").get_by_role(
                    "link", name=WELSH["footer.accessibility"]
                )
                assert footer.count() == 1  # the accessibility statement, from every page
                if path == "upload":
                    check_welsh_uploader(page)
            check_page(page, path, subtests)  # axe, keyboard, tile text, chart text contrast
            if role == "analyst" and path == DEFAULT_PAGE:  # last: the download reruns the page
                with subtests.test("a CSV download in Welsh"):
                    check_welsh_download(page)
    finally:
        context.close()


def go_by_sidebar(page, title: str) -> None:
    """Move to a page as a user does, by its link in the sidebar (named in Welsh), and wait for
    it: the app stays loaded, so the page is drawn in a fraction of a new load's time."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    heading = page.get_by_test_id("stMain").locator("h1").filter(has_text=title)
    heading.first.wait_for()
    wait_until_settled(page)


def check_welsh_uploader(page) -> None:
    """Streamlit words its file uploader in English; the page puts Welsh in its place, for the
    eye and for screen readers (the button's accessible name)."""
    zone = page.get_by_test_id("stFileUploaderDropzone")
    button = zone.get_by_role("button", name=WELSH["upload.widget.button"], exact=True)
    button.wait_for(timeout=10_000)
    text = zone.inner_text()
    assert "Upload" not in text and "per file" not in text, text
    input_name = zone.locator("input[type=file]").get_attribute("aria-label")
    assert input_name == WELSH["upload.widget.input"]


def help_names(page) -> list[str]:
    """The names of the help buttons (the "?" beside tiles and widgets) that Streamlit words
    "Help for …" in English."""
    return page.evaluate(
        """() => [...document.querySelectorAll("button[aria-label]")]
            .map((b) => b.getAttribute("aria-label")).filter((n) => n.startsWith("Help for "))"""
    )


def check_welsh_download(page) -> None:
    """The flight deck's first "numbers behind this chart" download, in Welsh, on the flight
    deck the walk has open."""
    open_expander(page, WELSH["flight_deck.trends.open"])  # folded until a reader opens them
    charts_and_images(page, "/", 1)
    expander = open_expander(page, WELSH["chart.data"])
    button = expander.get_by_test_id("stDownloadButton").locator("button")
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    name = download.suggested_filename
    # the measure's XmR chart, named in Welsh with its view: "...-signal-neu-swn_ebrill-2024-..."
    assert name.endswith(".csv") and "signal-neu-swn" in name and "ebrill-2024" in name, name
    assert "signal-or-noise" not in name and "april" not in name, name
    text = download.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert english_on(text) == []
    assert rows[1][0] == WELSH["column.month"]
    assert set(rows[1][1:]) <= set(WELSH.values()), rows[1]
