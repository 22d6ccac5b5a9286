"""WCAG 2.2 AA in Chromium (issue 17, items 1 and 5): the statement, wide and narrow windows.

Every page, as an analyst and as scrutiny, gets the checks of `a11y_checks` (axe-core, a keyboard
walk, tile text, chart text contrast) on the Welsh walk of tests/e2e/test_browser_welsh.py, which
opens every page once per role already; this module adds, on one server (behind the test, playing
an authenticating proxy, so that one server serves the roles) and one browser:

- the statement names each violation left in Streamlit's own markup;
- as an analyst at 1440 px, in English: the flight deck and a page of bar charts checked and
  photographed, then the accessibility statement reached by the footer's link, checked;
- the flight deck and a page of bar charts at 390 and 1024 px: screenshots (test artefacts, in
  the folder the summary names), no tile text cut, tiles two to a line on a phone, bar labels
  inside the chart, the page's own "Change period and filters" opening the sidebar."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.access import roles
from dashboard.i18n import t
from dashboard.settings import ROOT

from .a11y_checks import AXE_SCRIPT, OVERFLOWING_TILE_TEXT_JS, STREAMLIT_OWN, check_page
from .conftest import (
    NEXT_FRAMES_JS,
    Server,
    new_context,
    open_page,
    proxied_server,
    wait_until_settled,
)

USERS = {role: f"{role}@example.police.uk" for role in roles.ROLES}
ROLES_TOML = "[users]\n" + "".join(f'"{user}" = "{role}"\n' for role, user in USERS.items())
WIDE = {"width": 1440, "height": 900}

# Bar labels (a chart's category ticks) that start left of the chart's own box.
CUT_AXIS_LABELS_JS = """() => [...document.querySelectorAll(".js-plotly-plot")].flatMap((plot) => {
    const left = plot.getBoundingClientRect().left;
    return [...plot.querySelectorAll(".ytick text")]
        .filter((e) => e.getBoundingClientRect().left < left - 1).map((e) => e.textContent);
})"""
TILE_TOPS_JS = """() => [...document.querySelectorAll("[class*='st-key-fd-tiles'] > *")]
    .slice(0, 4).map((e) => Math.round(e.getBoundingClientRect().top))"""

SCREENSHOT_PAGES = ("flight-deck", "outcomes")  # tiles; bar charts with long labels


@pytest.fixture(scope="module")
def proxy_server(tmp_path_factory) -> Iterator[Server]:
    with proxied_server(tmp_path_factory, "e2e-a11y", ROLES_TOML) as started:
        yield started


def test_the_statement_names_what_stays_streamlits():
    statement = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    for rule, holder in STREAMLIT_OWN:
        assert f"`{rule}`" in statement and holder.split("'")[1] in statement, (rule, holder)


def test_the_statement_from_the_footer_link(browser, proxy_server, subtests, screenshot_dir):
    """As an analyst at 1440 px: the flight deck and a page of bar charts checked (and their
    screenshots), then the accessibility statement reached by the footer's link, checked."""
    context = new_context(browser)
    context.set_extra_http_headers({"X-Forwarded-Email": USERS["analyst"]})
    try:
        page = context.new_page()
        page.set_viewport_size(WIDE)
        open_page(page, proxy_server.url("/"))
        page.evaluate(AXE_SCRIPT)  # one document for the walk: the links keep it
        for n, path in enumerate(SCREENSHOT_PAGES):
            if n:
                title = t(f"page.{path.replace('-', '_')}")
                page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
                page.get_by_test_id("stMain").locator("h1").filter(has_text=title).wait_for()
                wait_until_settled(page)
            check_page(page, path, subtests)
            full_page(page, screenshot_dir / f"a11y-{path}-1440.png", WIDE["width"])
        link = page.get_by_test_id("stMain").get_by_role("link", name=t("footer.accessibility"))
        link.click()
        heading = page.get_by_test_id("stMain").locator("h1")
        heading.filter(has_text=t("page.accessibility")).wait_for()
        wait_until_settled(page)
        check_page(page, "accessibility", subtests)
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1024])
def test_narrow_windows(browser, proxy_server, width, subtests, screenshot_dir):
    context = new_context(browser)
    context.set_extra_http_headers({"X-Forwarded-Email": USERS["leader"]})
    try:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 844})
        for path in SCREENSHOT_PAGES:
            open_page(page, proxy_server.url("/" if path == "flight-deck" else f"/{path}"))
            with subtests.test(page=path, check="tile text"):
                assert page.evaluate(OVERFLOWING_TILE_TEXT_JS) == []
            with subtests.test(page=path, check="bar labels"):
                assert page.evaluate(CUT_AXIS_LABELS_JS) == []
            if path == "flight-deck" and width < 640:
                with subtests.test(page=path, check="two tiles a line"):
                    tops = page.evaluate(TILE_TOPS_JS)
                    assert tops[0] == tops[1] and tops[2] == tops[3] > tops[0], tops
            full_page(page, screenshot_dir / f"a11y-{path}-{width}.png", width)
        if width < 640:
            with subtests.test(check="period and filters from the page"):
                sidebar = page.get_by_test_id("stSidebar")
                page.get_by_role("button", name=t("page.change_view")).click()
                sidebar.get_by_role("combobox").first.wait_for(state="visible")
                page.wait_for_function(  # the keyboard's focus on the sidebar's first control
                    "() => document.querySelector(\"[data-testid='stSidebar']\")"
                    ".contains(document.activeElement)",
                    timeout=5_000,
                )
    finally:
        context.close()


def full_page(page, path, width: int) -> None:
    """The whole page: Streamlit scrolls inside `stMain`, so grow the viewport to its height."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(height, 844), 16000)})
    page.evaluate(NEXT_FRAMES_JS)  # laid out again for the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 900 if width == WIDE["width"] else 844})
