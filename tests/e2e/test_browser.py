"""The dashboard in a real browser: pages draw, figures match the CLI, links and downloads work.

Every figure is checked against an independent route to the same number: `flightdeck metrics`
(a subprocess on the same store) or `dashboard.figures.metrics` run in this process.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dashboard import formatting, periods
from dashboard.app.view_state import from_params
from dashboard.i18n import t

from .a11y_checks import charts_and_images
from .conftest import (
    CHROMIUM,
    CHROMIUM_MISSING,
    full_page_screenshot,
    open_expander,
    open_page,
    wait_until_settled,
)

# (url path, title key, the fewest Plotly charts the page must draw, the KPI whose tile the page
# shows and `flightdeck metrics` must equal: None for the flight deck, whose tiles have a check of
# their own): the pages whose tiles are checked against the command line, in English. Every page
# (these too) is drawn in Chromium in Welsh, as an analyst and as scrutiny, with the same checks of
# its charts and images and no error (tests/e2e/test_browser_welsh.py, `a11y_checks`); each page's
# English is checked through AppTest (tests/test_app_pages.py), where a page costs a tenth.
PAGES = (
    # its tiles: check_flight_deck_tiles; its charts are folded until opened (the trends'
    # chart: check_chart_csv_download_has_the_trend)
    ("/", "page.flight_deck", 0, None),
    ("/suspects", "page.suspects", 2, "repeat_suspects"),
    ("/bail-breaches", "page.bail_breaches", 3, "rui_share"),
    ("/orders", "page.orders", 2, "orders_granted"),
    ("/s63g", "page.s63g", 2, "s63g_application_rate"),
    ("/training", "page.training", 2, "word_on_word_trained_rate"),
)
DEFAULT_FY = periods.financial_year(2024)  # the last complete financial year at the sample's as-at
BOM = b"\xef\xbb\xbf"
CRIMES, CHARGE_RATE = "Crimes recorded", "Charge/summons rate"  # tile labels

PLOTLY = "[data-testid='stPlotlyChart']"
# --- small readers -----------------------------------------------------------------------------


def main_area(page):
    return page.locator("[data-testid='stMain']")


def caption_under_title(page) -> str:
    """The line under the page title: the period, data version and as-at date."""
    return main_area(page).locator("[data-testid='stCaptionContainer']").first.inner_text()


def tile_value(page, label: str) -> str:
    """The value shown on the tile whose label is exactly `label` (one tile only)."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    tiles = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=exact)
    )
    assert tiles.count() == 1, f"expected one tile labelled {label!r}, found {tiles.count()}"
    return tiles.locator("[data-testid='stMetricValue']").inner_text().strip()


def alerts(page, kind: str) -> list[str]:
    """Texts of the alerts of one kind (Info, Warning, Error, Success) on the page."""
    return main_area(page).locator(f"[data-testid='stAlertContent{kind}']").all_inner_texts()


def expected_tile(document: dict, key: str, unit: str) -> str:
    return formatting.value(document["metrics"][key], unit)


def cli_period_args(period: periods.Period) -> tuple[str, ...]:
    return ("--from", period.start.isoformat(), "--to", period.end.isoformat())


def assert_charts_drawn(page, minimum: int) -> int:
    """Every Plotly chart on the page has drawn its SVG; return how many there are."""
    charts = page.locator(PLOTLY)
    for i in range(charts.count()):
        charts.nth(i).locator(".js-plotly-plot .main-svg").first.wait_for(state="attached")
    count = page.locator(".js-plotly-plot").count()
    drawn = page.locator(f"{PLOTLY} .js-plotly-plot").filter(has=page.locator(".main-svg"))
    assert count >= minimum, f"{page.url}: {count} Plotly charts, expected at least {minimum}"
    assert drawn.count() == count, f"{page.url}: {count - drawn.count()} charts not drawn"
    return count


# --- the checks of one page, each made on a page already drawn ----------------------------------


def check_draws_without_errors(page, path: str, title_key: str, min_charts: int) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, f"{path}: an exception"
    assert alerts(page, "Error") == [], f"{path}: an error alert"
    assert t("app.page_error") not in main_area(page).inner_text()
    title = t(title_key)
    heading = (
        main_area(page).locator("h1").filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))
    )
    assert heading.count() == 1, f"{path}: no title heading {title!r}"
    assert heading.is_visible()
    # The default view: the last complete financial year, written back into the URL.
    assert caption_under_title(page).startswith(formatting.period_label(DEFAULT_FY))
    assert "period=financial_year" in page.url and "fy=2024" in page.url
    assert_charts_drawn(page, min_charts)


def check_accessibility_basics(page, path: str, min_charts: int) -> None:
    assert_charts_drawn(page, min_charts)
    lang = page.evaluate("document.documentElement.lang")
    assert lang and lang.strip(), "<html> needs a lang attribute"
    charts_and_images(page, path, min_charts)


def check_flight_deck_tiles(page, cli_metrics) -> None:
    document = cli_metrics()
    assert document["period"] == {"from": "2024-04-01", "to": "2025-03-31"}
    assert tile_value(page, CRIMES) == expected_tile(document, "crimes_recorded", "count")
    assert tile_value(page, CHARGE_RATE) == expected_tile(document, "charge_rate", "rate")


def check_disruption_tile(page, cli_metrics, key: str) -> None:
    from dashboard.app import data_access

    header = data_access.headers("kpi")[key]
    expected = expected_tile(cli_metrics(), key, header["unit"])
    assert tile_value(page, header["label"]) == expected


def check_screenshot(page, screenshot_dir, path: str) -> None:
    name = path.strip("/") or "flight-deck"
    full_page_screenshot(page, screenshot_dir / f"{name}.png")
    assert (screenshot_dir / f"{name}.png").stat().st_size > 10_000


def check_chart_csv_download_has_the_trend(page, server) -> None:
    """The Flight Deck's trends, opened: its first XmR chart drawn and named, and its "numbers
    behind this chart" download: the CSV of that chart, the charge rate's 24 months to March
    2025, as `flightdeck spc` has them."""
    from dashboard.app.view_state import filter_words
    from dashboard.figures import catalogue, spc_metrics
    from dashboard.figures.disruption import RepeatRule
    from dashboard.figures.request import Request
    from dashboard.filters import Filters

    store = server.store
    version = store.current_id()
    as_at = date.fromisoformat(store.manifest(version)["as_at"])
    assert periods.last_complete_financial_year(as_at) == DEFAULT_FY
    window = spc_metrics.window_to(DEFAULT_FY.end)
    request = Request(str(store.root), version, window, Filters(), RepeatRule())
    made = spc_metrics.chart_for(request, "charge_rate")

    open_expander(page, t("flight_deck.trends.open"))  # folded until a reader opens them
    assert_charts_drawn(page, 1)
    charts_and_images(page, "/", 1)
    expander = open_expander(page, t("chart.data"))
    download = None
    for _ in range(2):  # a click that lands while the element is being replaced is lost
        button = expander.get_by_role("button", name=t("chart.download"))
        button.wait_for(state="visible")
        try:
            with page.expect_download(timeout=30_000) as download_info:
                button.click()
            download = download_info.value
            break
        except PlaywrightTimeoutError:
            wait_until_settled(page)
    assert download is not None, "clicking Download CSV twice gave no download"
    # the file name names the view: the period and the filters (none: all of Gwent)
    assert download.suggested_filename == (
        "charge-summons-rate-signal-or-noise_april-2024-to-march-2025-all-of-gwent-all-offences.csv"
    )
    data = download.path().read_bytes()

    assert data.startswith(BOM), "the CSV must start with a UTF-8 byte-order mark"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    provenance = t(
        "export.provenance",
        version=version,
        as_at=formatting.date_long(as_at),
        period=formatting.period_label(DEFAULT_FY),
        filters=filter_words(Filters()),
    )
    assert rows[0] == [provenance]
    assert f"data version {version}" in rows[0][0] and "31 March 2025" in rows[0][0]
    label = catalogue.label("charge_rate")
    assert rows[1][:5] == [
        t("column.month"),
        label,
        t("spc.line.mean"),
        t("spc.line.lower"),
        t("spc.line.upper"),
    ]
    body = rows[2:]
    points = made.chart.points
    assert [r[0] for r in body] == [p.month.isoformat() for p in points]
    shown = [[formatting.value(getattr(p, c), "rate") for c in ("value", "mean")] for p in points]
    assert [r[1:3] for r in body] == shown
    risky = [cell for row in rows for cell in row if cell[:1] in ("=", "+", "@")]
    assert risky == [], f"unescaped formula-like cells: {risky}"


# --- tests -------------------------------------------------------------------------------------


def test_chromium_is_installed():
    """A plain failure with the fix, rather than every browser test erroring in setup."""
    assert CHROMIUM.exists(), CHROMIUM_MISSING


@pytest.mark.parametrize(
    ("path", "title_key", "min_charts", "tile_key"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page(
    page, server, cli_metrics, screenshot_dir, subtests, path, title_key, min_charts, tile_key
):
    """Every check of one page on one load (a page takes seconds to draw): each check is a
    subtest, so a failure names the check and the others are still made."""
    open_page(page, server.url(path))

    with subtests.test("draws without errors"):
        check_draws_without_errors(page, path, title_key, min_charts)
    if min_charts:
        with subtests.test("accessibility basics"):
            check_accessibility_basics(page, path, min_charts)
    if path == "/":
        with subtests.test("tiles equal the CLI"):
            check_flight_deck_tiles(page, cli_metrics)
    if tile_key:
        with subtests.test("tile equals the CLI"):
            check_disruption_tile(page, cli_metrics, tile_key)
    with subtests.test("full-page screenshot"):  # after the checks: it resizes the viewport
        check_screenshot(page, screenshot_dir, path)
    if path == "/":  # last: it opens an expander and the download reruns the page
        with subtests.test("chart CSV download has the trend"):
            check_chart_csv_download_has_the_trend(page, server)


def test_quarter_from_the_url_is_kept_by_the_sidebar_navigation(page, server, cli_metrics):
    quarter = periods.fy_quarter(2024, 2)
    open_page(page, server.url("/?period=fy_quarter&fy=2024&q=2"))
    assert caption_under_title(page).startswith("July to September 2024")
    assert "period=fy_quarter" in page.url and "q=2" in page.url
    document = cli_metrics(*cli_period_args(quarter))
    assert document["period"] == {"from": "2024-07-01", "to": "2024-09-30"}
    assert tile_value(page, CRIMES) == expected_tile(document, "crimes_recorded", "count")

    # From there to Outcomes by the sidebar: the period goes along.
    link = page.locator("[data-testid='stSidebarNav'] a").filter(has_text=t("page.outcomes"))
    assert link.count() == 1
    link.click()
    page.wait_for_url(re.compile(r"/outcomes(\?|$)"))
    # The app rewrites the URL and reruns: wait for the Outcomes page itself to settle.
    main_area(page).locator("h1").filter(has_text=t("page.outcomes")).wait_for()
    wait_until_settled(page)

    assert re.search(r"/outcomes\?", page.url), page.url
    assert "period=fy_quarter" in page.url and "fy=2024" in page.url and "q=2" in page.url
    assert caption_under_title(page).startswith("July to September 2024")
    assert page.locator("[data-testid='stException']").count() == 0


def test_month_and_subgroup_from_the_url(page, server, cli_metrics):
    june = periods.month(2024, 6)
    open_page(page, server.url("/?period=month&month=2024-06&subgroup=rape"))
    assert caption_under_title(page).startswith("June 2024")
    assert "subgroup=rape" in page.url
    document = cli_metrics(*cli_period_args(june), "--subgroup", "rape")
    assert document["filters"]["subgroup"] == "rape"
    everything = cli_metrics(*cli_period_args(june))
    assert document["metrics"]["crimes_recorded"] < everything["metrics"]["crimes_recorded"]
    assert tile_value(page, CRIMES) == expected_tile(document, "crimes_recorded", "count")


def test_invalid_url_values_fall_back_with_a_notice(page, server, cli_metrics):
    open_page(page, server.url("/?period=fortnight&la=Narnia"))

    warnings = alerts(page, "Warning")
    expected = from_params({"period": "fortnight", "la": "Narnia"}, DEFAULT_FY.end).notices
    assert len(expected) == 2
    for notice in expected:
        assert any(notice in w for w in warnings), f"missing notice {notice!r} in {warnings}"
    assert any("fortnight" in w for w in warnings) and any("Narnia" in w for w in warnings)
    assert alerts(page, "Error") == []
    assert page.locator("[data-testid='stException']").count() == 0
    assert caption_under_title(page).startswith("April 2024 to March 2025")
    assert "fortnight" not in page.url and "Narnia" not in page.url
    assert tile_value(page, CRIMES) == expected_tile(cli_metrics(), "crimes_recorded", "count")


def test_the_board_pack_downloaded_in_chromium_is_the_commands(page, server, tmp_path):
    """Issue 15, item 5: the flight deck's button, clicked in Chromium, downloads the document
    `flightdeck report` writes for the same period and role (this server has no sign-in, so its
    users see exact figures: the leader's pack). The same text where it stands on each page:
    the pack names no time it was made."""
    from dashboard.cli.main import main
    from tests.pdf_helpers import pdf_text

    open_page(page, server.url("/"))
    main_part = page.get_by_test_id("stMain")
    main_part.get_by_role("button", name=t("board_pack.make")).click()
    offered = main_part.get_by_role("button", name=t("board_pack.download"))
    offered.wait_for(timeout=180_000)  # the pack is printed on the server: seconds
    wait_until_settled(page)
    with page.expect_download(timeout=60_000) as info:
        offered.click()
    from_browser = tmp_path / "browser.pdf"
    info.value.save_as(from_browser)
    assert info.value.suggested_filename.startswith("board-pack_april-2024-to-march-2025")

    from_command = tmp_path / "command.pdf"
    store = str(server.store_root)
    assert main(["report", "--store", store, "--role", "leader", "-o", str(from_command)]) == 0
    assert from_browser.read_bytes().startswith(b"%PDF")
    assert pdf_text(from_browser, "-layout") == pdf_text(from_command, "-layout")
