"""The accessibility checks one page load gets (issue 17, item 1), shared by the walks that
open every page: axe-core's WCAG 2.0/2.1/2.2 A and AA rules (the bundled axe.min.js of
axe-playwright-python; no rule disabled: only violations inside Streamlit's own markup, listed in
STREAMLIT_OWN and named in docs/accessibility.md, are let through), a keyboard walk of the
page's main part, no tile text wider than its box, and chart text at 4.5:1 or more.

`page.evaluate(AXE_SCRIPT)` once per document (a walk by sidebar links keeps it), then
`check_page(page, path, subtests)` on each page."""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

from .conftest import wait_until_settled

__all__ = [
    "AXE_SCRIPT",
    "STREAMLIT_OWN",
    "WCAG_TAGS",
    "charts_and_images",
    "check_page",
    "keyboard_walk",
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
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
        // false once Streamlit has drawn the element anew (a late rerun): its order is moot
        connected: s.element.isConnected,
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
MAX_STOPS = 150  # a page's main part has fewer; a walk that goes on is stuck in a loop
CHART_A11Y_JS = """() => Array.from(document.querySelectorAll("[data-testid='stPlotlyChart']"))
    .map(chart => {
        const holder = chart.closest("[data-testid='stElementContainer']");
        const next = holder ? holder.nextElementSibling : null;
        return {
            role: chart.getAttribute("role"),
            label: chart.getAttribute("aria-label"),
            drawn: chart.querySelector(".js-plotly-plot .main-svg") !== null,
            next_is_markdown: next !== null
                && next.querySelector("[data-testid='stMarkdown']") !== null,
            next_text: next ? next.innerText.trim() : null,
        };
    })"""
IMAGE_LIKE_JS = """() => {
    const out = [];
    const named = e => (e.getAttribute("aria-label") || "").trim() !== ""
        || (e.getAttribute("aria-labelledby") || "").trim() !== "";
    for (const img of document.querySelectorAll("img")) {
        if (!img.hasAttribute("alt")) out.push("img " + img.src.slice(0, 80));
    }
    for (const e of document.querySelectorAll(
            "[role='img'], [role='figure'], [role='graphics-document']")) {
        if (!named(e) && e.getAttribute("aria-hidden") !== "true") {
            out.push(e.tagName + " " + (e.dataset.testid || e.className));
        }
    }
    for (const plot of document.querySelectorAll(".js-plotly-plot")) {
        const holder = plot.closest("[aria-label]");
        if (!holder || !holder.getAttribute("aria-label").trim()) out.push("plotly chart");
    }
    return out;
}"""


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
    with subtests.test(page=path, check="charts and images named"):
        charts_and_images(page, path)


def charts_and_images(page, path: str, min_charts: int = 0) -> None:
    """Every chart drawn, a figure named by its one-sentence summary, which follows it as text;
    every image named; no exception and no error alert."""
    assert page.locator("[data-testid='stException']").count() == 0, f"{path}: an exception"
    errors = page.get_by_test_id("stMain").locator("[data-testid='stAlertContentError']")
    assert errors.all_inner_texts() == [], f"{path}: an error alert"
    charts = page.evaluate(CHART_A11Y_JS)
    assert len(charts) >= min_charts
    for i, chart in enumerate(charts):
        where = f"{path} chart {i + 1}"
        # st.plotly_chart(..., alt=summary) renders as role="figure" aria-label="<alt>".
        assert chart["role"] == "figure", f"{where}: {chart}"
        assert chart["label"] and chart["label"].strip(), f"{where}: no aria-label (alt)"
        assert chart["drawn"], f"{where}: not drawn"
        # The same sentence is written out as text right after the chart.
        assert chart["next_is_markdown"], f"{where}: no text summary after the chart"
        assert chart["next_text"] == chart["label"], f"{where}: {chart}"
    unnamed = page.evaluate(IMAGE_LIKE_JS)
    assert unnamed == [], f"{path}: image-like elements without alt text or aria-label: {unnamed}"


def keyboard_walk(page, tries: int = 2) -> None:
    """Tab from the page's heading to the end of its main part: a ring on every stop, the stops
    in the order of the page, the tiles' line by line. A walk during which the page was drawn
    anew (a stop no longer in the document: a late rerun on a loaded machine) is made again
    once the page has settled, as its stops' order cannot be told."""
    stops = _walk(page)
    if not all(s["connected"] for s in stops) and tries > 1:
        wait_until_settled(page)
        keyboard_walk(page, tries - 1)
        return
    main = [s for s in stops if s["inMain"] and not s["again"]]
    main = main[: next((i for i, s in enumerate(stops) if not s["inMain"]), len(stops))]
    assert len(main) < MAX_STOPS, "the Tab key never leaves the page's main part"
    no_ring = [(s["tag"], s["name"]) for s in main if not s["ring"]]
    assert no_ring == [], "stops without a visible focus ring"
    disorder = [(s["tag"], s["name"], s["connected"]) for s in main if not s["follows"]]
    assert disorder == [], f"stops out of the page's order: {disorder}"
    for group in {s["tiles"] for s in main if s["tiles"]}:
        places = [(s["top"], s["left"]) for s in main if s["tiles"] == group]
        assert places == sorted(places), f"tiles not line by line: {places}"


def _walk(page) -> list[dict]:
    """Every stop of the Tab key from the main part's heading, until it leaves the main part or
    comes back to a stop."""
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
    return stops
