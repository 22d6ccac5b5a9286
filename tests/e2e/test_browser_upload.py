"""Changing the data from the browser: upload, a refused upload, rollback, the data-quality page.

These steps write to the store, so they run against their OWN `flightdeck serve` (module scope),
never the session `server` whose sample the other browser tests compare with the CLI. Every
figure is checked against an independent route: `flightdeck metrics` / `flightdeck versions` on
the same store, or `dashboard.figures.data_quality` run in this process.

The steps follow on from one another on the one store: the upload makes v0002, the refused upload
leaves it alone, the rollback makes v0001 current again, the data-quality page shows v0001. So
they are one test, each step a subtest (a failure names its step, and the later steps are still
tried): as separate tests, pytest-xdist could send them to different workers, each with a server
and a store of its own.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import formatting, periods
from dashboard.figures import data_quality
from dashboard.figures.engine import engine_for
from dashboard.i18n import t, t_or, tn
from dashboard.settings import ROOT
from dashboard.store.versions import Store, UnreadableVersion
from dashboard.synth import generator

from .conftest import (
    TIMEOUT_S,
    Server,
    full_page_screenshot,
    open_page,
    running_server,
    wait_until_settled,
)

DEFAULT_FY = periods.financial_year(2024)  # the last complete financial year at the as-at date
CRIMES = "Crimes recorded"  # the tile label
HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code\n"
# Two new crimes (19C: rape of a female aged 16 and over) recorded in June 2024.
NEW_CRIMES = HEADER + (
    "GW/2024/E2E0001,03/06/2024,04/06/2024,19C\nGW/2024/E2E0002,10/06/2024,11/06/2024,19C\n"
)
SMALL_CRIMES = 800
# Line 3 (the header is line 1) has a date that does not exist.
BAD_DATE = "31/02/2024"
BROKEN_CRIMES = HEADER + (
    f"GW/2024/E2E0003,03/06/2024,04/06/2024,19C\nGW/2024/E2E0004,{BAD_DATE},04/06/2024,19C\n"
)

GRIDS_JS = """() => Array.from(
    document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame']")
).map(frame => {
    const grid = frame.querySelector("table[role='grid']");
    if (!grid) return {header: [], rows: []};
    return {
        header: Array.from(grid.querySelectorAll("thead th")).map(th => th.innerText.trim()),
        rows: Array.from(grid.querySelectorAll("tbody tr")).map(
            tr => Array.from(tr.querySelectorAll("td")).map(td => td.innerText.trim())),
    };
})"""


# --- this module's server and store -----------------------------------------------------------


def _cli(store_root: Path, *args: str) -> str:
    command = [sys.executable, "-m", "dashboard.cli", *args, "--store", str(store_root)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def cli_versions(store_root: Path) -> list[dict]:
    """`flightdeck versions --json`: every version's manifest, oldest first."""
    return json.loads(_cli(store_root, "versions", "--json"))


def cli_metrics(store_root: Path) -> dict:
    """`flightdeck metrics --json` for the default period (the last complete financial year)."""
    document = json.loads(_cli(store_root, "metrics", "--json"))
    assert document["period"] == {
        "from": DEFAULT_FY.start.isoformat(),
        "to": DEFAULT_FY.end.isoformat(),
    }
    return document


def current_id(versions: list[dict]) -> str:
    (current,) = [v["id"] for v in versions if v["current"]]
    return current


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A `flightdeck serve` of its own on an empty store (the sample is loaded as v0001).

    The upload makes real (non-synthetic) data current, which a server without sign-in shows
    only when started with --allow-no-sign-in (the red banner then shows)."""
    work = tmp_path_factory.mktemp("e2e-upload-server")
    store_root = work / "store"
    store_root.mkdir()
    with running_server(work, store_root, args=("--allow-no-sign-in",)) as started:
        yield started


@pytest.fixture(scope="module")
def sample(upload_server: Server) -> dict:
    """The store as the server started it: the bundled sample alone, and its CLI figures."""
    versions = cli_versions(upload_server.store_root)
    assert [v["id"] for v in versions] == ["v0001"], versions
    return {"versions": versions, "metrics": cli_metrics(upload_server.store_root)}


@pytest.fixture(scope="module")
def extract_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hand-made files, each a `crimes.csv` in its own folder (the name picks the table)."""
    root = tmp_path_factory.mktemp("e2e-upload-files")
    paths = {}
    for name, text in (("new", NEW_CRIMES), ("broken", BROKEN_CRIMES), ("empty", HEADER)):
        (root / name).mkdir()
        paths[name] = root / name / "crimes.csv"
        paths[name].write_text(text, encoding="utf-8")
    # A whole extract, every table smaller than the sample's (8,749 crimes): a cut-short export.
    generator.generate(root / "small", crimes=SMALL_CRIMES, seed=7)
    paths["small"] = root / "small"
    return paths


# --- small readers and actions ----------------------------------------------------------------


def main_area(page):
    return page.locator("[data-testid='stMain']")


def alerts(page, kind: str) -> list[str]:
    """Texts of the alerts of one kind (Info, Warning, Error, Success) on the page."""
    return main_area(page).locator(f"[data-testid='stAlertContent{kind}']").all_inner_texts()


def assert_no_failure(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, f"{page.url}: an exception"
    assert t("app.page_error") not in main_area(page).inner_text(), f"{page.url}: page error"


def caption_under_title(page) -> str:
    return main_area(page).locator("[data-testid='stCaptionContainer']").first.inner_text()


def tile_value(page, label: str) -> str:
    """The value on the tile whose label is exactly `label` (one tile only)."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    tiles = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=exact)
    )
    assert tiles.count() == 1, f"expected one tile labelled {label!r}, found {tiles.count()}"
    return tiles.locator("[data-testid='stMetricValue']").inner_text().strip()


def grids(page) -> list[dict]:
    """Every `st.dataframe` in the main area: its header and the rows it has drawn."""
    return page.evaluate(GRIDS_JS)


def grid_with(page, first_header: str) -> dict:
    """The one table whose first column is headed `first_header`."""
    found = [g for g in grids(page) if g["header"][:1] == [first_header]]
    assert len(found) == 1, f"expected one table headed {first_header!r}: {grids(page)}"
    return found[0]


def as_dicts(grid: dict) -> list[dict[str, str]]:
    return [dict(zip(grid["header"], row, strict=True)) for row in grid["rows"]]


def wait_for_heading(page, text: str) -> None:
    main_area(page).locator("h1, h2, h3").filter(has_text=text).first.wait_for()


def click_and_settle(locator) -> None:
    """Click a widget and wait for the re-run it starts to finish."""
    locator.click()
    wait_until_settled(locator.page)


def give_rollback_reason(page, reason: str = "the newer extract was cut short") -> None:
    """Type the rollback's reason (required) and let the page take it."""
    box = main_area(page).get_by_role("textbox", name=t("history.reason"))
    box.fill(reason)
    box.press("Enter")
    wait_until_settled(page)


def choose_upsert(page) -> None:
    option = page.locator("[data-testid='stRadioOption']").filter(has_text=t("upload.mode.upsert"))
    click_and_settle(option)
    expect(option.locator("input[type='radio']")).to_be_checked()


def upload_and_wait_for_check(page, path: Path) -> None:
    """Give the file to the uploader, then wait for the check's report and the page to settle."""
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(path)
    wait_for_heading(page, t("upload.report"))
    wait_until_settled(page)
    assert_no_failure(page)


def commit_button(page):
    buttons = main_area(page).get_by_role("button", name=t("upload.commit"), exact=True)
    expect(buttons).to_have_count(1)
    return buttons


def open_flight_deck_and_read_crimes(page, server: Server) -> str:
    open_page(page, server.url("/"))
    assert_no_failure(page)
    assert caption_under_title(page).startswith(formatting.period_label(DEFAULT_FY))
    return tile_value(page, CRIMES)


# --- the steps ---------------------------------------------------------------------------------


def upload_adds_two_crimes(page, upload_server, sample, extract_files, screenshot_dir):
    before = sample["metrics"]["metrics"]["crimes_recorded"]
    sample_rows = sample["versions"][0]["tables"]["crimes"]["rows"]

    open_page(page, upload_server.url("/upload"))
    assert_no_failure(page)
    choose_upsert(page)
    upload_and_wait_for_check(page, extract_files["new"])

    # The check passed: no errors, so no report table; the preview is shown.
    assert alerts(page, "Error") == []
    assert any(t("upload.no_errors") in a for a in alerts(page, "Success")), alerts(page, "Success")
    wait_for_heading(page, t("upload.preview"))
    changes = {
        r[t("upload.change.table")]: r for r in as_dicts(grid_with(page, t("upload.change.table")))
    }
    assert changes["crimes"] == {
        t("upload.change.table"): "crimes",
        t("upload.change.rows_before"): str(sample_rows),
        t("upload.change.rows_after"): str(sample_rows + 2),
        t("upload.change.added"): "2",
        t("upload.change.changed"): "0",
        t("upload.change.removed"): "0",
    }
    other = [r for name, r in changes.items() if name != "crimes"]
    assert other and all(r[t("upload.change.added")] == "0" for r in other), changes
    headlines = as_dicts(grid_with(page, t("upload.headline.metric")))
    headline = {r[t("upload.headline.metric")]: r for r in headlines}[CRIMES]
    assert headline[t("upload.headline.before")] == formatting.value(before, "count")
    assert headline[t("upload.headline.after")] == formatting.value(before + 2, "count")
    full_page_screenshot(page, screenshot_dir / "upload-checked.png")
    assert (screenshot_dir / "upload-checked.png").stat().st_size > 10_000

    button = commit_button(page)
    expect(button).to_be_enabled()
    button.click()
    live = t("upload.live", version="v0002")
    main_area(page).locator("[data-testid='stAlertContentSuccess']").filter(
        has_text=live
    ).wait_for()
    wait_until_settled(page)
    assert_no_failure(page)
    assert "data version v0002" in caption_under_title(page)

    versions = cli_versions(upload_server.store_root)
    assert [v["id"] for v in versions] == ["v0001", "v0002"]
    assert current_id(versions) == "v0002"
    assert versions[1]["mode"] == "upsert"
    assert versions[1]["tables"]["crimes"]["rows"] == sample_rows + 2

    document = cli_metrics(upload_server.store_root)
    assert document["version"] == "v0002"
    assert document["metrics"]["crimes_recorded"] == before + 2
    shown = open_flight_deck_and_read_crimes(page, upload_server)
    assert "data version v0002" in caption_under_title(page)
    assert shown == formatting.value(document["metrics"]["crimes_recorded"], "count")
    assert shown == formatting.value(before + 2, "count")
    # Real data served without sign-in (accepted at start-up): the red banner says so.
    assert any(t("access.no_sign_in_banner") in e for e in alerts(page, "Error"))


def broken_upload_is_refused_with_its_line(page, upload_server, extract_files):
    versions_before = _cli(upload_server.store_root, "versions", "--json")

    open_page(page, upload_server.url("/upload"))
    choose_upsert(page)
    upload_and_wait_for_check(page, extract_files["broken"])

    errors = alerts(page, "Error")
    assert any(tn("upload.errors", 1, errors="1", listed="1") in e for e in errors), errors
    # The report is grouped by file and rule; the one group, open, lists line, column, value.
    error = t("upload.severity.error")
    prefix = t("upload.group_rows", kind=error, file="crimes.csv", rule="@", rows="")
    prefix = prefix.split("@")[0]
    groups = main_area(page).locator("[data-testid='stExpander'] summary")
    labels = [g for g in groups.all_inner_texts() if prefix in g]  # after the arrow icon
    assert len(labels) == 1 and labels[0].strip().endswith(": 1 row (line 3)"), labels
    assert "date" in labels[0].lower()
    report = as_dicts(grid_with(page, t("upload.column.line")))
    assert report == [
        {
            t("upload.column.line"): "3",
            t("upload.column.column"): "reported_date",
            t("upload.column.value"): BAD_DATE,
        }
    ], report

    # Nothing can be loaded (unless the invalid row is set aside, which this test does not do);
    # the preview shows what setting it aside would change.
    expect(commit_button(page)).to_be_disabled()
    assert main_area(page).locator("h3").filter(has_text=t("upload.preview")).count() == 1
    assert _cli(upload_server.store_root, "versions", "--json") == versions_before


def rollback_needs_confirmation(page, upload_server, sample, extract_files):
    versions = cli_versions(upload_server.store_root)
    if len(versions) == 1:  # the upload step failed: make v0002 with the CLI instead of the page
        _cli(upload_server.store_root, "ingest", "--mode", "upsert", str(extract_files["new"]))
        versions = cli_versions(upload_server.store_root)
    assert [v["id"] for v in versions] == ["v0001", "v0002"]
    assert current_id(versions) == "v0002"
    sample_crimes = sample["metrics"]["metrics"]["crimes_recorded"]

    open_page(page, upload_server.url("/history"))
    assert_no_failure(page)
    listed = as_dicts(grid_with(page, t("column.version")))
    assert [r[t("column.version")] for r in listed] == ["v0002 ✓", "v0001"]
    # (the grid draws only the columns in view: the ✓ marks the current version)

    button = main_area(page).get_by_role("button", name=t("history.rollback"), exact=True)
    expect(button).to_have_count(1)
    expect(button).to_be_disabled()
    confirm = page.locator("[data-testid='stCheckbox']").filter(
        has_text=t("history.confirm", version="v0001", current="v0002")
    )
    expect(confirm).to_have_count(1)
    give_rollback_reason(page)
    click_and_settle(confirm.locator("label").first)
    expect(confirm.locator("input[type='checkbox']")).to_be_checked()
    expect(button).to_be_enabled()
    assert current_id(cli_versions(upload_server.store_root)) == "v0002"  # not before the click

    button.click()
    done = t("history.rolled_back", version="v0001")
    main_area(page).locator("[data-testid='stAlertContentSuccess']").filter(
        has_text=done
    ).wait_for()
    wait_until_settled(page)
    assert_no_failure(page)
    assert "data version v0001" in caption_under_title(page)

    versions = cli_versions(upload_server.store_root)
    assert [v["id"] for v in versions] == ["v0001", "v0002"]  # nothing deleted
    assert current_id(versions) == "v0001"
    document = cli_metrics(upload_server.store_root)
    assert document["version"] == "v0001"
    assert document["metrics"]["crimes_recorded"] == sample_crimes
    shown = open_flight_deck_and_read_crimes(page, upload_server)
    assert "data version v0001" in caption_under_title(page)
    assert shown == formatting.value(sample_crimes, "count")


def data_quality_page(page, upload_server, screenshot_dir):
    store = Store(upload_server.store_root)
    version = store.current_id()
    results = data_quality.run_checks(engine_for(store.version_dir(version), version))
    assert results, "no checks under queries/checks/"

    open_page(page, upload_server.url("/data-quality"))
    assert_no_failure(page)
    assert alerts(page, "Error") == []
    heading = main_area(page).locator("h1").filter(has_text=t("page.data_quality"))
    expect(heading).to_have_count(1)
    assert f"data version {version}" in caption_under_title(page)

    # The completeness heat map: a Plotly chart, drawn (SVG), with a heat-map trace and a name.
    charts = main_area(page).locator("[data-testid='stPlotlyChart']")
    expect(charts).to_have_count(1)
    chart = charts.first
    chart.locator(".js-plotly-plot .main-svg").first.wait_for(state="attached")
    # Saved before the checks below, so that a failing check can be seen on it.
    full_page_screenshot(page, screenshot_dir / "data-quality.png")
    assert (screenshot_dir / "data-quality.png").stat().st_size > 10_000
    assert chart.locator(".js-plotly-plot g.heatmaplayer g.hm").count() >= 1
    assert t("quality.completeness_title") in chart.locator(".gtitle").text_content()
    assert (chart.get_attribute("aria-label") or "").strip(), "the heat map has no alt text"
    labels = chart.locator(".js-plotly-plot .yaxislayer-above .ytick").all_text_contents()
    assert "crimes.offence_date" in labels, labels

    # Every check of queries/checks/ is listed once with its mark and count.
    failing = sum(1 for r in results if r.count)
    summary = tn("quality.checks_summary", failing, failing=failing, total=len(results))
    assert summary.split(".")[0] in main_area(page).inner_text()
    summaries = main_area(page).locator("[data-testid='stExpander'] summary").all_inner_texts()
    for r in results:
        label = t_or(f"check.{r.name}.label", r.label)
        expected = tn(
            "quality.check_heading",
            r.count,
            mark="✓" if r.passed else "✗",
            label=label,
            count=formatting.count(r.count),
        )
        hits = [s for s in summaries if expected in s]
        assert len(hits) == 1, f"check {r.name}: {expected!r} not listed once in {summaries}"

    # The heat map's columns: the period's months in calendar order (some ticks may be left out).
    months = [formatting.month_year_short(m) for m in periods.month_starts(DEFAULT_FY)]
    shown = chart.locator(".js-plotly-plot .xaxislayer-above .xtick").all_text_contents()
    assert len(shown) >= 6 and set(shown) <= set(months), shown
    assert shown == sorted(shown, key=months.index), f"months out of calendar order: {shown}"


def empty_and_shrinking_uploads(page, upload_server, extract_files, screenshot_dir):
    versions_before = _cli(upload_server.store_root, "versions", "--json")
    open_page(page, upload_server.url("/upload"))  # replace: the default mode

    # crimes.csv with a header and no rows: the reason comes first, and nothing can be loaded.
    upload_and_wait_for_check(page, extract_files["empty"])
    errors = alerts(page, "Error")
    # The count of errors, then their cause, before any per-row list; the hint says the same.
    # (the rule is shown as text: an invisible word joiner follows its colon)
    assert len(errors) >= 2 and t("rule.crimes_no_rows") in errors[1].replace("\u2060", ""), errors
    assert any(t("upload.empty_crimes") in e for e in errors), errors
    expect(commit_button(page)).to_be_disabled()

    # A whole extract with every table cut by more than a fifth: a red warning naming each table
    # with its rows now and after, and a tick box that alone allows the load.
    files = sorted(extract_files["small"].glob("*.csv"))
    open_page(page, upload_server.url("/upload"))
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(files)
    wait_for_heading(page, t("upload.preview"))
    wait_until_settled(page)
    assert_no_failure(page)
    warning = [e for e in alerts(page, "Error") if t("upload.shrink", limit=20) in e]
    assert len(warning) == 1, alerts(page, "Error")
    current = Store(upload_server.store_root).current()[1]["tables"]
    small = generator_rows(extract_files["small"])
    cut = {n for n, info in current.items() if info["rows"] - small[n] > 0.2 * info["rows"]}
    assert "crimes" in cut and len(cut) >= 4, cut  # (training: 262 rows, 247 in the extract)
    for table, info in current.items():
        before, after = formatting.count(info["rows"]), formatting.count(small[table])
        line = tn("upload.shrink_table", info["rows"], table=table, before=before, after=after)
        assert (line.replace("**", "") in warning[0]) == (table in cut), (line, warning)
    full_page_screenshot(page, screenshot_dir / "upload-shrink.png")
    box = page.locator("[data-testid='stCheckbox']").filter(has_text=t("upload.allow_shrink"))
    expect(box).to_have_count(1)
    expect(commit_button(page)).to_be_disabled()
    click_and_settle(box.locator("label").first)
    expect(commit_button(page)).to_be_enabled()  # not clicked: the store must stay as it is
    assert _cli(upload_server.store_root, "versions", "--json") == versions_before


def generator_rows(folder: Path) -> dict[str, int]:
    """Rows of each CSV of a folder (its header line not counted)."""
    return {
        p.stem: len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in folder.glob("*.csv")
    }


def broken_version_then_rollback(page, upload_server, screenshot_dir):
    store = Store(upload_server.store_root)
    assert store.current_id() == "v0001"  # after the rollback step
    # A file of the current version lost (a disk fault, a careless clean-up). v0002 links the same
    # file under its own name, so it stays readable.
    (store.version_dir("v0001") / "outcomes.parquet").unlink()
    try:
        store.current()
    except UnreadableVersion as exc:
        sentence = exc.sentence()
    else:
        raise AssertionError("v0001 should no longer be readable")

    open_page(page, upload_server.url("/"))
    assert page.locator("[data-testid='stException']").count() == 0
    errors = alerts(page, "Error")
    assert any(sentence.replace("`", "") in e for e in errors), errors  # `code` drawn as code
    assert t("version.unreadable.only_versions") in alerts(page, "Info")
    # The one page left (so no navigation is drawn): Versions, whatever address was opened.
    assert page.locator("[data-testid='stSidebarNav'] a").count() == 0
    expect(main_area(page).locator("h1").filter(has_text=t("page.history"))).to_have_count(1)
    full_page_screenshot(page, screenshot_dir / "version-unreadable.png")

    rows = as_dicts(grid_with(page, t("column.version")))
    readable = {r[t("column.version")]: r[t("column.readable")] for r in rows}
    assert readable == {"v0002": t("yes"), "v0001": t("version.unreadable.status")}, rows
    button = main_area(page).get_by_role("button", name=t("history.rollback"), exact=True)
    expect(button).to_be_disabled()
    confirm = page.locator("[data-testid='stCheckbox']").filter(
        has_text=t("history.confirm", version="v0002", current="v0001")
    )
    give_rollback_reason(page)
    click_and_settle(confirm.locator("label").first)
    button.click()
    main_area(page).locator("[data-testid='stAlertContentSuccess']").filter(
        has_text=t("history.rolled_back", version="v0002")
    ).wait_for()
    wait_until_settled(page)
    assert_no_failure(page)
    assert store.current()[0] == "v0002"
    open_page(page, upload_server.url("/"))
    assert_no_failure(page)
    assert "data version v0002" in caption_under_title(page)


# --- the test ----------------------------------------------------------------------------------


def test_upload_refusal_rollback_and_data_quality(
    page, upload_server, sample, extract_files, screenshot_dir, subtests
):
    with subtests.test("upload adds two crimes"):
        upload_adds_two_crimes(page, upload_server, sample, extract_files, screenshot_dir)
    with subtests.test("broken upload is refused with its line"):
        broken_upload_is_refused_with_its_line(page, upload_server, extract_files)
    with subtests.test("rollback needs confirmation"):
        rollback_needs_confirmation(page, upload_server, sample, extract_files)
    with subtests.test("data-quality page"):
        data_quality_page(page, upload_server, screenshot_dir)
    with subtests.test("empty and shrinking uploads are refused until meant"):
        empty_and_shrinking_uploads(page, upload_server, extract_files, screenshot_dir)
    with subtests.test("a broken current version: one sentence, then rollback"):
        broken_version_then_rollback(page, upload_server, screenshot_dir)
