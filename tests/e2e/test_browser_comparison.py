"""The national comparison page in a real browser, on the real Home Office file.

A `flightdeck serve` of this module's own, on a fresh store into whose `national/` folder the
shared Home Office outcomes file (2017/18, every force) was loaded first with `flightdeck
national load`. Every figure checked is compared with `flightdeck national metrics --json` run
on the same store.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest

from dashboard import formatting
from dashboard.i18n import t
from dashboard.settings import ROOT

from .conftest import (
    TIMEOUT_S,
    Server,
    full_page_screenshot,
    open_page,
    running_server,
)

FULL = ROOT / "data" / "public" / "ho-outcomes-open-data-2017-18.csv.gz"
YEAR = "2017/18"
PLOTLY = "[data-testid='stPlotlyChart']"


def _cli(store_root: Path, *args: str) -> str:
    command = [sys.executable, "-m", "dashboard.cli", *args, "--store", str(store_root)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def national_metrics(store_root: Path, *args: str) -> dict:
    """`flightdeck national metrics --year 2017/18 --json [args]` on the server's store."""
    return json.loads(_cli(store_root, "national", "metrics", "--year", YEAR, "--json", *args))


@pytest.fixture(scope="module")
def comparison_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """National data loaded into `<store>/national`, then `flightdeck serve` on that store (it
    loads the bundled sample as the force's extract)."""
    if not FULL.is_file():
        pytest.fail(f"the shared Home Office file is missing: expected {FULL}")
    work = tmp_path_factory.mktemp("e2e-comparison-server")
    store_root = work / "store"
    store_root.mkdir()
    _cli(store_root, "national", "load", str(FULL))
    with running_server(work, store_root) as started:
        yield started


# --- small readers -----------------------------------------------------------------------------


def main_area(page):
    return page.locator("[data-testid='stMain']")


def alerts(page, kind: str) -> list[str]:
    return main_area(page).locator(f"[data-testid='stAlertContent{kind}']").all_inner_texts()


def assert_no_failure(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, f"{page.url}: an exception"
    assert alerts(page, "Error") == [], f"{page.url}: an error alert"
    assert t("app.page_error") not in main_area(page).inner_text(), f"{page.url}: page error"


def tile_value(page, label: str) -> str:
    """The value shown on the tile whose label is exactly `label` (one tile only)."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    tiles = (
        main_area(page)
        .locator("[data-testid='stMetric']")
        .filter(has=page.locator("[data-testid='stMetricLabel']", has_text=exact))
    )
    assert tiles.count() == 1, f"expected one tile labelled {label!r}, found {tiles.count()}"
    return tiles.locator("[data-testid='stMetricValue']").inner_text().strip()


def assert_charts_drawn(page, minimum: int) -> None:
    charts = page.locator(PLOTLY)
    for i in range(charts.count()):
        charts.nth(i).locator(".js-plotly-plot .main-svg").first.wait_for(state="attached")
    drawn = page.locator(f"{PLOTLY} .js-plotly-plot").filter(has=page.locator(".main-svg"))
    assert charts.count() >= minimum, f"{charts.count()} Plotly charts, expected {minimum}"
    assert drawn.count() == charts.count(), "a Plotly chart has no SVG"


def url_params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query, keep_blank_values=True).items()}


def assert_tiles_equal(page, document: dict, force: str, rate: str = "charge_rate") -> None:
    total = 43
    assert tile_value(page, force) == formatting.rate(document["force"][rate])
    assert tile_value(page, t("comparison.area.england_and_wales")) == formatting.rate(
        document["england_and_wales"][rate]
    )
    assert tile_value(page, t("comparison.area.comparator_group")) == formatting.rate(
        document["comparator_group"][rate]
    )
    assert tile_value(page, t("comparison.tile.rank", total=total)) == t(
        "comparison.tile.rank_value", rank=document["rank"][rate], total=total
    )


# --- the views checked ------------------------------------------------------------------------


def default_view_draws_and_equals_the_cli(page, comparison_server, tmp_path_factory):
    document = national_metrics(comparison_server.store_root, "--force", "Gwent")

    open_page(page, comparison_server.url("/comparison"))

    assert_no_failure(page)
    title = t("page.comparison")
    heading = main_area(page).locator("h1").filter(has_text=re.compile(rf"^\s*{title}\s*$"))
    assert heading.count() == 1 and heading.is_visible()
    assert_charts_drawn(page, 2)
    assert_tiles_equal(page, document, "Gwent")
    # Gwent's closed-basis charge rate for 2017/18, as the Home Office's rows give it.
    assert tile_value(page, "Gwent") == "12.5%"
    # The view is in the URL beside the sidebar's own parameters.
    params = url_params(page)
    assert params["nyear"] == YEAR and params["force"] == "Gwent"
    assert params["peers"] == "Dyfed-Powys|North Wales|South Wales"
    assert params["period"] == "financial_year"
    text = main_area(page).inner_text()
    assert "Open Government Licence v3.0" in text and FULL.name in text

    shots = tmp_path_factory.mktemp("e2e-comparison-screenshots")
    path = full_page_screenshot(page, shots / "comparison.png")
    assert path.stat().st_size > 10_000


def a_link_reproduces_the_view(page, comparison_server):
    peers = ["Gwent", "London, City of"]
    document = national_metrics(
        comparison_server.store_root,
        "--force",
        "South Wales",
        "--subgroup",
        "rape",
        "--comparators",
        ",".join(peers),
    )
    query = f"force={quote('South Wales')}&sg=rape&peers={quote('|'.join(peers))}"

    open_page(page, comparison_server.url(f"/comparison?{query}"))

    assert_no_failure(page)
    assert alerts(page, "Warning") == []
    assert_tiles_equal(page, document, "South Wales")
    params = url_params(page)
    assert params["force"] == "South Wales" and params["sg"] == "rape"
    assert params["peers"] == "|".join(peers)
    assert params["nyear"] == YEAR and params["period"] == "financial_year"


# --- the test ----------------------------------------------------------------------------------


def test_comparison_page(page, comparison_server, tmp_path_factory, subtests):
    """Both views in one test, each a subtest: as two tests, pytest-xdist could send them to
    different workers, each loading the national file and starting a server of its own."""
    with subtests.test("draws and equals the CLI"):
        default_view_draws_and_equals_the_cli(page, comparison_server, tmp_path_factory)
    with subtests.test("a link reproduces the view"):
        a_link_reproduces_the_view(page, comparison_server)
