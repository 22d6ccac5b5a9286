"""WCAG 2.2 AA in Chromium (issue 17, items 1 and 5): every page as each role, on one load.

One server (behind the test, playing an authenticating proxy, so that one server serves the three
roles), one browser. Each role opens the flight deck by its address and every other page by its
sidebar link (the hidden accessibility statement by the footer's link), at 1440 px; on each
page, as subtests:

(A leader's pages are an analyst's, drawn alike but for two: the leader opens those two.)

- axe-core (axe-playwright-python's bundled axe.min.js), every WCAG 2.0, 2.1 and 2.2 A and AA
  rule: no violation but those inside Streamlit's own markup listed in STREAMLIT_OWN, each named
  in docs/accessibility.md;
- the keyboard: Tab through the page's main part; every stop shows a focus ring, the stops come
  in the order of the page, and the tiles' stops line by line, as read;
- no tile text wider than its box (cut short or overflowing); chart text at 4.5:1 or more.

Then the flight deck and a page of bar charts at 390 and 1024 px: screenshots (test artefacts,
in the folder the summary names), no tile text cut, tiles two to a line on a phone, bar labels
inside the chart, the page's own "Change period and filters" opening the sidebar."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from dashboard.access import roles
from dashboard.app.shell import PAGE_SECTIONS
from dashboard.i18n import t
from dashboard.settings import ROOT

from .conftest import (
    NEXT_FRAMES_JS,
    Server,
    new_context,
    open_page,
    running_server,
    wait_until_settled,
)

HEADERS = json.dumps({"X-Forwarded-Email": "email", "X-Forwarded-Groups": "groups"})
USERS = {role: f"{role}@example.police.uk" for role in roles.ROLES}
ROLES_TOML = "[users]\n" + "".join(f'"{user}" = "{role}"\n' for role, user in USERS.items())
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDE = {"width": 1440, "height": 900}

# Violations inside Streamlit's own markup, which the app cannot change: (axe rule, the
# Streamlit element holding every node). docs/accessibility.md names each one.
STREAMLIT_OWN = (
    # st.navigation's sections: <ul> holds <div>s (a section's <header> and its <li> links).
    ("list", "[data-testid='stSidebarNavItems']"),
    ("listitem", "[data-testid='stSidebarNavItems']"),
)

AXE_JS = """async ([tags, own]) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                             resultTypes: ["violations"]});
    const found = [];
    for (const v of results.violations) {
        for (const node of v.nodes) {
            const target = node.target[node.target.length - 1];
            const element = typeof target === "string" ? document.querySelector(target) : null;
            const streamlits = own.filter(([rule, holder]) =>
                rule === v.id && element !== null && element.closest(holder) !== null);
            if (!streamlits.length) found.push([v.id, String(target), node.html.slice(0, 200)]);
        }
    }
    return found;
}"""

# Every focus stop, as it happens: what it is, where (in the page's own coordinates), and
# whether it shows a ring (an outline of 2 px or more, or a shadow, on it or a near ancestor).
FOCUS_LOG_JS = """() => {
    window.__fdStops = [];
    if (window.__fdFocusLog) return;
    window.__fdFocusLog = true;
    const ring = (e) => {
        for (let n = e, i = 0; n && n !== document.body && i < 4; n = n.parentElement, i++) {
            const s = getComputedStyle(n);
            if ((s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2)
                || (s.boxShadow && s.boxShadow !== "none")) return true;
        }
        return false;
    };
    document.addEventListener("focusin", (event) => {
        const e = event.target, r = e.getBoundingClientRect();
        const main = document.querySelector("[data-testid='stMain']");
        const tile = e.closest("[class*='st-key-fd-tiles'] > *");
        const box = tile ? tile.getBoundingClientRect() : r;
        window.__fdStops.push({
            element: e,
            tag: e.tagName + "[" + (e.getAttribute("data-testid") || "") + "]",
            name: (e.getAttribute("aria-label") || e.textContent || "").trim().slice(0, 60),
            inMain: main !== null && main.contains(e),
            // A table's cells: Streamlit's grid draws their focus on its canvas, not in CSS.
            ring: ring(e) || e.closest("[data-testid='stDataFrame']") !== null,
            tiles: tile ? tile.parentElement.className.match(/st-key-fd-tiles[^ ]*/)[0] : null,
            top: box.top + (main ? main.scrollTop : 0), left: box.left,
        });
    }, true);
}"""
STOPS_JS = """() => {
    const stops = window.__fdStops;
    return stops.map((s, i) => ({
        tag: s.tag, name: s.name, inMain: s.inMain, ring: s.ring, tiles: s.tiles,
        top: Math.round(s.top), left: Math.round(s.left),
        follows: i === 0 || s.element === stops[i - 1].element
            || !!(stops[i - 1].element.compareDocumentPosition(s.element)
                  & Node.DOCUMENT_POSITION_FOLLOWING),
        again: stops.slice(0, i).some((o) => o.element === s.element),
    }));
}"""
# Tile text cut short or wider than its box.
OVERFLOWING_TILE_TEXT_JS = """() => [...document.querySelectorAll(
        "[data-testid='stMetric'] [data-testid='stMarkdownContainer'],"
        + "[data-testid='stMetric'] [data-testid='stCaptionContainer'],"
        + "[data-testid='stMetric'] p")]
    .filter((e) => e.scrollWidth > e.clientWidth + 1
        || e.getBoundingClientRect().right
           > e.closest("[data-testid='stMetric']").getBoundingClientRect().right + 1)
    .map((e) => e.textContent)"""
# The contrast of every chart's text (axis, category, title, legend) on white.
CHART_TEXT_CONTRAST_JS = """() => {
    const lum = (c) => {
        const [r, g, b] = c.match(/[0-9.]+/g).slice(0, 3).map((v) => {
            v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return [...document.querySelectorAll(".js-plotly-plot .main-svg text")]
        .filter((e) => e.textContent.trim() && !e.closest(".heatmaplayer, .bartext"))
        .map((e) => [e.textContent, 1.05 / (lum(getComputedStyle(e).fill) + 0.05)])
        .filter(([, ratio]) => ratio < 4.5);
}"""
# Bar labels (a chart's category ticks) that start left of the chart's own box.
CUT_AXIS_LABELS_JS = """() => [...document.querySelectorAll(".js-plotly-plot")].flatMap((plot) => {
    const left = plot.getBoundingClientRect().left;
    return [...plot.querySelectorAll(".ytick text")]
        .filter((e) => e.getBoundingClientRect().left < left - 1).map((e) => e.textContent);
})"""
TILE_TOPS_JS = """() => [...document.querySelectorAll("[class*='st-key-fd-tiles'] > *")]
    .slice(0, 4).map((e) => Math.round(e.getBoundingClientRect().top))"""

ALL_PAGES = [(path, title) for entries in PAGE_SECTIONS.values() for _, path, title, _ in entries]
LEADER_ONLY_DIFFERS_ON = ("flight-deck", "comparison")
ANALYST_ONLY = frozenset({"upload", "rollback", "view_audit"})
SCREENSHOT_PAGES = ("flight-deck", "outcomes")  # tiles; bar charts with long labels
MAX_STOPS = 150  # a page's main part has fewer; a walk that goes on is stuck in a loop


def role_pages(role: str) -> list[tuple[str, str]]:
    """The pages a role opens. A leader's pages are an analyst's, drawn alike but for the role's
    name and the comparison page's "how to load" hint (as test_browser_welsh finds): the
    leader's walk opens those two, and the test time stays within the suite's budget."""
    identity = roles.demo_identity(role)
    pages = [(p, title) for p, title in ALL_PAGES if roles.page_allowed(identity, p)]
    if role == "leader":
        leader = {c for c, holders in roles.CAPABILITIES.items() if "leader" in holders}
        analyst = {c for c, holders in roles.CAPABILITIES.items() if "analyst" in holders}
        assert leader == analyst - ANALYST_ONLY, "roles changed: check every page as leader"
        pages = [(p, title) for p, title in pages if p in LEADER_ONLY_DIFFERS_ON]
    return pages


@pytest.fixture(scope="module")
def proxy_server(tmp_path_factory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("e2e-a11y")
    store_root = work / "store"
    store_root.mkdir()
    (store_root / "roles.toml").write_text(ROLES_TOML, encoding="utf-8")
    with running_server(work, store_root, args=("--trusted-user-headers", HEADERS)) as started:
        yield Server(started.base_url.replace("localhost", "127.0.0.1"), store_root, started.log)


def test_the_statement_names_what_stays_streamlits():
    statement = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    for rule, holder in STREAMLIT_OWN:
        assert f"`{rule}`" in statement and holder.split("'")[1] in statement, (rule, holder)


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_page_is_accessible(browser, proxy_server, role, subtests, screenshot_dir):
    pages = role_pages(role)
    context = new_context(browser)
    context.set_extra_http_headers({"X-Forwarded-Email": USERS[role]})
    try:
        page = context.new_page()
        page.set_viewport_size(WIDE)
        open_page(page, proxy_server.url("/"))
        page.evaluate(AXE_SCRIPT)  # one document for the whole walk: the links keep it
        for n, (path, title) in enumerate(pages + [("accessibility", "page.accessibility")]):
            if path == "accessibility":
                link = page.get_by_test_id("stMain").get_by_role(
                    "link", name=t("footer.accessibility")
                )
                link.click()
                page.get_by_test_id("stMain").locator("h1").filter(has_text=t(title)).wait_for()
                wait_until_settled(page)
            elif n:
                go_by_sidebar(page, t(title))
            check_page(page, path, subtests)
            if role == "analyst" and path in SCREENSHOT_PAGES:
                full_page(page, screenshot_dir / f"a11y-{path}-1440.png", WIDE["width"])
    finally:
        context.close()


def go_by_sidebar(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    page.get_by_test_id("stMain").locator("h1").filter(has_text=title).first.wait_for()
    wait_until_settled(page)


def check_page(page, path: str, subtests) -> None:
    with subtests.test(page=path, check="axe"):
        found = page.evaluate(AXE_JS, [WCAG_TAGS, [list(own) for own in STREAMLIT_OWN]])
        assert found == [], "\n".join(" | ".join(v) for v in found)
    with subtests.test(page=path, check="keyboard"):
        keyboard_walk(page)
    with subtests.test(page=path, check="tile text"):
        assert page.evaluate(OVERFLOWING_TILE_TEXT_JS) == []
    with subtests.test(page=path, check="chart text contrast"):
        assert page.evaluate(CHART_TEXT_CONTRAST_JS) == []


def keyboard_walk(page) -> None:
    """Tab from the page's heading to the end of its main part: a ring on every stop, the stops
    in the order of the page, the tiles' line by line."""
    page.evaluate(FOCUS_LOG_JS)
    heading = page.get_by_test_id("stMain").locator("h1").first
    heading.evaluate("(h) => { h.tabIndex = -1; h.focus(); h.removeAttribute('tabindex'); }")
    page.evaluate("() => { window.__fdStops = []; }")
    stops = []
    while len(stops) < MAX_STOPS:
        for _ in range(10):
            page.keyboard.press("Tab")
        stops = page.evaluate(STOPS_JS)
        if any(not s["inMain"] or s["again"] for s in stops):
            break
    main = [s for s in stops if s["inMain"] and not s["again"]]
    main = main[: next((i for i, s in enumerate(stops) if not s["inMain"]), len(stops))]
    assert len(main) < MAX_STOPS, "the Tab key never leaves the page's main part"
    no_ring = [(s["tag"], s["name"]) for s in main if not s["ring"]]
    assert no_ring == [], "stops without a visible focus ring"
    disorder = [(s["tag"], s["name"]) for s in main if not s["follows"]]
    assert disorder == [], "stops out of the page's order"
    for group in {s["tiles"] for s in main if s["tiles"]}:
        places = [(s["top"], s["left"]) for s in main if s["tiles"] == group]
        assert places == sorted(places), f"tiles not line by line: {places}"


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
