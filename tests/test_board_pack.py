"""The board pack (`flightdeck report`, issue 15) read back from its PDF: a leader's pack holds
the numbers of `flightdeck metrics --json`; a scrutiny pack shows no count from 1 to 9; the PDF
is tagged, titled, in its language, bookmarked, and its contents' page numbers are where the
headings fell; the pack is in the audit log with its SHA-256 before it exists, and with a broken
audit log no file is left. The flight deck's button makes the same pack in the browser (AppTest),
recorded before it is offered. Four packs are printed (about 3 s of CPU each, and Chromium's)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboard import formatting, i18n
from dashboard.access import audit
from dashboard.cli.main import main
from dashboard.figures import queries
from dashboard.i18n import t_in
from dashboard.report.printer import heading_pages
from tests.app_helpers import app, load_sample, shared_sample
from tests.audit_faults import broken_audit_log, log_bytes
from tests.pdf_helpers import pdf_text


@pytest.fixture(autouse=True)
def english_after():
    """`--lang cy` sets this thread's language, as a command's process would: back after."""
    yield
    i18n.set_language("en")


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def _pack(tmp: Path, *args: str, store: Path | None = None) -> Path:
    out = tmp / "pack.pdf"
    root = store or shared_sample().root
    assert main(["report", "--store", str(root), *args, "-o", str(out)]) == 0
    return out


NATIONAL = (
    Path(__file__).resolve().parent.parent / "data/public/ho-outcomes-open-data-2017-18.csv.gz"
)


@pytest.fixture(scope="module")
def national_store(tmp_path_factory) -> Path:
    """The sample with the Home Office's 2017/18 tables loaded for the national comparison."""
    root = load_sample(tmp_path_factory.mktemp("national") / "store").root
    assert main(["national", "load", "--store", str(root), str(NATIONAL)]) == 0
    return root


@pytest.fixture(scope="module")
def leader_pack(tmp_path_factory, national_store) -> Path:
    return _pack(tmp_path_factory.mktemp("leader"), "--role", "leader", store=national_store)


@pytest.fixture(scope="module")
def scrutiny_pack(tmp_path_factory) -> Path:
    return _pack(tmp_path_factory.mktemp("scrutiny"), "--role", "scrutiny")


def test_a_leaders_pack_holds_the_numbers_of_flightdeck_metrics(leader_pack, capsys):
    capsys.readouterr()
    assert main(["metrics", "--store", str(shared_sample().root), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    text = " ".join(pdf_text(leader_pack).split())
    assert formatting.period_label(_period(document)) in text
    missing = []
    for key, value in document["metrics"].items():
        unit = queries.get_query("kpi", key).unit
        shown = (
            [formatting.count(n) for n in value.values()]
            if isinstance(value, dict)
            else [formatting.value(value, unit)]
        )
        missing += [f"{key}: {s}" for s in shown if s not in text]
    assert missing == []


def _period(document: dict):
    from datetime import date

    from dashboard.periods import Period

    p = document["period"]
    return Period(date.fromisoformat(p["from"]), date.fromisoformat(p["to"]))


def test_the_pdf_is_tagged_titled_in_its_language_and_bookmarked(leader_pack):
    reader = PdfReader(leader_pack)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Board pack: RASSO flight deck, April 2024")
    titles = [words for words, _ in heading_pages(leader_pack.read_bytes())]
    for heading in ("Contents", "Flight deck", "Months", "Definitions", "Data quality"):
        assert heading in titles
    # real text, and every chart followed by its table
    assert "Charged or summonsed by month" in pdf_text(leader_pack)


def test_the_contents_gives_the_page_each_heading_is_on(leader_pack):
    pages = dict(heading_pages(leader_pack.read_bytes()))
    contents = pdf_text(leader_pack, "-layout", "-f", "2", "-l", "3")
    for heading in ("Flight deck", "Definitions", "Data quality"):
        listed = re.search(rf"^\s*{heading}\s+(\d+)\s*$", contents, re.M)
        assert listed is not None, heading
        assert int(listed.group(1)) == pages[heading]
        assert f"Page {pages[heading]} of" in pdf_text(
            leader_pack, "-f", str(pages[heading]), "-l", str(pages[heading])
        )


def test_every_page_renders_to_an_image(leader_pack, tmp_path_factory):
    folder = tmp_path_factory.mktemp("board-pack-pages")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(leader_pack), str(folder / "page")], check=True
    )
    images = sorted(folder.glob("page-*.png"))
    assert len(images) == len(PdfReader(leader_pack).pages)
    assert all(image.stat().st_size > 1000 for image in images)
    print(f"board pack pages: {folder}")


def test_a_scrutiny_pack_shows_no_count_from_1_to_9(scrutiny_pack):
    bookmarks = dict(heading_pages(scrutiny_pack.read_bytes()))
    deck, months, end = bookmarks["Flight deck"], bookmarks["Months"], bookmarks["Definitions"]
    # each month's figure in the tables beneath the charts (the charts' axes are not figures)
    text = pdf_text(scrutiny_pack, "-layout", "-f", str(months), "-l", str(end - 1))
    cells = re.findall(rf"^\s*(?:{MONTHS}) \d{{4}}\s{{2,}}(.+?)\s*$", text, re.M)
    assert "fewer than 10" in cells
    assert [c for c in cells if re.fullmatch(r"[1-9]", c)] == []
    # the flight deck's tables: no bare whole number from 1 to 9 that is not a change
    # (signed), a percentage, days or hours, a page number, a date or the SPC window
    text = pdf_text(scrutiny_pack, "-layout", "-f", str(deck), "-l", str(months - 1))
    assert "Outcomes assigned" in text
    kept = re.sub(rf"Page \d+ of \d+|\(24 months\)|\d+ (?:{MONTHS}) \d{{4}}", "", text)
    units = r"[\w.,%]| ?(?:days?|hours?|to\b|percentage)"
    assert re.findall(rf"(?<![\w.,+−–-])[1-9](?!{units})", kept) == []


def test_a_scrutiny_pack_for_a_custom_period_is_refused_in_one_line(tmp_path, capsys):
    out = tmp_path / "pack.pdf"
    code = main(
        ["report", "--store", str(shared_sample().root)]
        + ["--from", "2024-04-02", "--to", "2025-03-31", "-o", str(out)]
    )
    assert code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not out.exists()


def test_without_chromium_the_command_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FLIGHTDECK_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out = tmp_path / "pack.pdf"
    assert main(["report", "--store", str(shared_sample().root), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Chromium" in err[0]
    assert not out.exists()


def test_the_pack_is_audited_with_its_sha256(scrutiny_pack):
    events = [
        json.loads(line) for line in audit.audit_path(shared_sample().root).read_text().splitlines()
    ]
    packs = [e for e in events if e["kind"] == "board_pack"]
    digest = hashlib.sha256(scrutiny_pack.read_bytes()).hexdigest()
    mine = [e for e in packs if e["file"]["sha256"] == digest]
    assert len(mine) == 1
    assert mine[0]["role"] == "scrutiny" and mine[0]["language"] == "en"
    assert mine[0]["period"] == {"start": "2024-04-01", "end": "2025-03-31"}
    assert mine[0]["file"]["bytes"] == scrutiny_pack.stat().st_size


def test_with_the_audit_log_unwritable_no_pack_is_left(tmp_path, capsys, monkeypatch):
    """The printing is the fixtures' (a pack's bytes are given here): what is tested is that
    the file is written only once its audit line is."""
    from dashboard.cli import report as report_command

    monkeypatch.setattr(report_command, "make", lambda *args, **kwargs: b"%PDF-1.7 the pack")
    store = load_sample(tmp_path / "store").root
    out = tmp_path / "pack.pdf"
    with broken_audit_log(store, "unwritable"):
        code = main(["--lang", "cy", "report", "--store", str(store), "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "archwilio" in err[0]
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".pack.pdf.*")) == []


# --- the same pack from the flight deck's button (AppTest) ---------------------------------


@pytest.fixture
def as_scrutiny(monkeypatch):
    """The dashboard on the shared sample, as the demo scrutiny user; the files it offers."""
    from dashboard.access import offered_files

    monkeypatch.setenv("FLIGHTDECK_STORE", str(shared_sample().root))
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "scrutiny")
    offered: list[tuple[bytes, offered_files.Offer]] = []
    real = offered_files.offer
    monkeypatch.setattr(
        offered_files,
        "offer",
        lambda data, made_for: offered.append((data, made_for)) or real(data, made_for),
    )
    return offered


def _click_make(at):
    (button,) = [b for b in at.button if b.label == "Make the board pack (PDF)"]
    return button.click().run()


def _packs(store: Path) -> list[dict]:
    return [e for e in map(json.loads, log_bytes(store).splitlines()) if e["kind"] == "board_pack"]


def test_the_flight_decks_button_makes_the_clis_pack_recorded_before_it_is_offered(
    scrutiny_pack, as_scrutiny, tmp_path
):
    at = app().run()  # the flight deck: the last complete financial year, no filters
    assert not at.exception
    assert not at.get("download_button") or all(
        "board pack" not in b.proto.label for b in at.get("download_button")
    )
    at = _click_make(at)
    assert not at.exception and not at.error
    ((pdf, made_for),) = as_scrutiny
    (button,) = [b for b in at.get("download_button") if b.proto.label.startswith("Download the")]
    assert button.proto.url  # the bytes are handed over only now, after the audit line
    assert made_for.user == "demo-scrutiny" and made_for.capability == "view_aggregates"
    assert made_for.file_name == "board-pack_april-2024-to-march-2025-all-of-gwent-all-offences.pdf"
    (mine,) = [
        e
        for e in _packs(shared_sample().root)
        if e["file"]["sha256"] == hashlib.sha256(pdf).hexdigest()
    ]
    assert (mine["user"], mine["roles"], mine["role"], mine["language"]) == (
        "demo-scrutiny",
        ["scrutiny"],
        "scrutiny",
        "en",
    )
    assert mine["period"] == {"start": "2024-04-01", "end": "2025-03-31"}
    assert mine["file"]["bytes"] == len(pdf)
    browser = tmp_path / "browser.pdf"
    browser.write_bytes(pdf)
    # the same text where it stands on each page (the pack names no time it was made)
    assert pdf_text(browser, "-layout") == pdf_text(scrutiny_pack, "-layout")


def test_a_pack_that_cannot_be_recorded_is_not_offered(as_scrutiny, monkeypatch):
    """The printing is the test above's: here the pack's bytes are given, and the log broken
    just before the click."""
    from dashboard import report

    monkeypatch.setattr(report, "make", lambda *args, **kwargs: b"%PDF-1.7 the pack")
    at = app().run()
    store = shared_sample().root
    before = _packs(store)
    with broken_audit_log(store, "unwritable"):
        at = _click_make(at)
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The board pack could not be recorded in the audit log, so no file is offered: the "
        "administrator will find the reason in the server's log."
    ]
    assert not [b for b in at.get("download_button") if "board pack" in b.proto.label]
    assert as_scrutiny == [] and _packs(store) == before


def test_without_chromium_the_page_says_so_in_one_sentence(as_scrutiny, monkeypatch, tmp_path):
    monkeypatch.setenv("FLIGHTDECK_CHROMIUM", str(tmp_path / "no-such-chromium"))
    at = _click_make(app().run())
    assert not at.exception
    assert [e.value for e in at.error] == [
        "This server has no Chromium to print the board pack with: ask the dashboard's "
        "administrator to install it."
    ]
    assert as_scrutiny == []


def test_with_the_national_figures_unreadable_the_page_says_so_in_one_sentence(
    as_scrutiny, monkeypatch
):
    """A damaged national store stops the pack (it compares the force with those figures):
    one sentence on the page, not the page's own "version cannot be read" nor a traceback."""
    from dashboard import report
    from dashboard.store.versions import UnreadableVersion

    def unreadable(*args, **kwargs):
        raise UnreadableVersion("n0001", "manifest")

    monkeypatch.setattr(report, "make", unreadable)
    at = _click_make(app().run())
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The published national figures loaded in this dashboard cannot be read, so the board "
        "pack, which compares the force with them, was not made: tell the dashboard's "
        "administrator."
    ]
    assert as_scrutiny == []


@pytest.mark.parametrize(
    ("held", "pack"),
    [
        ({"scrutiny"}, "scrutiny"),
        ({"leader"}, "leader"),
        ({"analyst"}, "leader"),
        ({"scrutiny", "leader"}, "leader"),
    ],
)
def test_a_role_without_exact_figures_gets_the_scrutiny_pack(held, pack):
    from dashboard.access.roles import Identity
    from dashboard.access.viewer import Access
    from dashboard.report import role_of

    assert role_of(Access.of(Identity("someone", (), frozenset(held)), "en", 10)) == pack


def test_no_heading_is_printed_twice_in_a_row(leader_pack):
    """A flight deck group's table is named by its heading (aria-labelledby), not by a caption
    of the same words under it."""
    headings = {words.strip() for words, _ in heading_pages(leader_pack.read_bytes())}
    lines = [line.strip() for line in pdf_text(leader_pack).splitlines() if line.strip()]
    twice = [a for a, b in zip(lines, lines[1:], strict=False) if a == b and a in headings]
    assert "Outcomes" in headings and "Outcomes" in lines
    assert twice == []


def test_every_table_of_the_document_has_a_name():
    from html.parser import HTMLParser

    from dashboard.report import content, document, pipeline_for

    sample = shared_sample()
    version, manifest = sample.current()
    from datetime import date

    from dashboard.figures.disruption import DEFAULT_RULE
    from dashboard.figures.request import Request
    from dashboard.filters import Filters
    from dashboard.periods import last_complete_financial_year

    as_at = date.fromisoformat(manifest["as_at"])
    request = Request(
        str(sample.root), version, last_complete_financial_year(as_at), Filters(), DEFAULT_RULE
    )
    pack = content.gather(pipeline_for("scrutiny"), request, as_at, "scrutiny", manifest)

    class Tables(HTMLParser):
        ids: set[str] = set()
        unnamed: list[str] = []
        labelled: list[str] = []
        open_table: dict | None = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "id" in attrs:
                self.ids.add(attrs["id"])
            if tag == "table":
                self.open_table = attrs
                if "aria-labelledby" in attrs:
                    self.labelled.append(attrs["aria-labelledby"])
            elif tag == "caption" and self.open_table is not None:
                self.open_table["caption"] = True

        def handle_endtag(self, tag):
            if tag == "table":
                table = self.open_table or {}
                if not table.get("caption") and "aria-labelledby" not in table:
                    self.unnamed.append(str(table))
                self.open_table = None

    found = Tables()
    found.feed(document.render(pack, "Filters: none"))
    assert found.unnamed == []
    assert found.labelled and set(found.labelled) <= found.ids


# --- the suspects and disruption pages' tables, and the national comparison -----------------


def test_the_pack_holds_the_disruption_pages_tables_and_no_suspect_level_list(
    leader_pack, scrutiny_pack
):
    from dashboard.report import tables

    for pack in (leader_pack, scrutiny_pack):
        titles = [words for words, _ in heading_pages(pack.read_bytes())]
        assert "Suspects and disruption" in titles
        for page in ("Suspects", "Bail and breaches", "Orders", "Training"):
            assert page in titles
        text = " ".join(pdf_text(pack).split())
        for spec in tables.TABLES:
            assert " ".join(t_in("en", spec.title).split()) in text
        for listed in ("Suspect (pseudonymised id)", "Breach of (bail or order)"):
            assert listed not in text


def test_the_orders_pages_summary_is_in_the_pack_as_each_role_sees_it(
    leader_pack, scrutiny_pack, national_store
):
    """The orders page's figure-and-value table, under the table of order types: exact in a
    leader's pack, protected and rounded in scrutiny's, each as the role's pipeline gives it."""
    from dashboard.report import pipeline_for, tables

    for pack, role, root in (
        (leader_pack, "leader", national_store),
        (scrutiny_pack, "scrutiny", shared_sample().root),
    ):
        summary = tables.orders_summary(pipeline_for(role), _request(root))
        assert summary.title == "Refusals, withdrawals, expiries and breaches"
        assert summary.rows[0][0] == "Applications refused in the period"
        text = " ".join(pdf_text(pack).split())
        order_types = text.index(t_in("en", "chart.orders_by_type"))
        assert text.index(summary.title) > order_types
        for label, value in summary.rows:
            assert f"{' '.join(label.split())} {value}" in text, (role, label, value)
    exact = tables.orders_summary(pipeline_for("leader"), _request(national_store))
    shown = tables.orders_summary(pipeline_for("scrutiny"), _request(shared_sample().root))
    assert exact.rows != shown.rows  # scrutiny's are rounded: the two packs differ


def test_a_welsh_packs_tables_are_all_welsh():
    """Every cell and heading of the pages' tables in a Welsh pack is Welsh, the codes of the
    fixed lists too (bail's time bands and the authority each needs, s63G decisions), as the
    Welsh pages show them (`formatting.VALUE_WORDS`)."""
    from dashboard.report import pipeline_for, tables

    i18n.set_language("cy")
    found = tables.gather(pipeline_for("scrutiny"), _request(shared_sample().root))
    by_title = {table.title: table for table in found}
    bail = by_title[t_in("cy", "chart.bail_over_limits")]
    assert [row[:2] for row in bail.rows] == [
        ("hyd at 3 mis", "swyddog y ddalfa"),
        ("3-6 mis", "arolygydd"),
        ("6-9 mis", "uwch-arolygydd"),
        ("dros 9 mis", "llys ynadon"),
    ]
    decisions = by_title[t_in("cy", "chart.s63g_decisions")]
    assert [row[0] for row in decisions.rows] == [
        "caniatawyd",
        "gwrthodwyd",
        "tynnwyd yn ôl",
        "yn yr arfaeth",
        "dim cais",
    ]
    codes = {code for words in formatting.VALUE_WORDS.values() for code in words}
    cells = {cell for table in found for row in table.rows for cell in row}
    assert cells & codes == set()  # no code of a fixed list is left in English


def test_the_pack_lists_only_tables_scrutiny_may_see_and_refuses_suspect_level_ones():
    from dashboard.access import roles
    from dashboard.disclosure import shapes
    from dashboard.report import tables

    for spec in tables.TABLES:
        assert "access" not in queries.get_query("breakdown", spec.name).header
        shape = shapes.shape_of("breakdown", spec.name)
        assert shape is not None and not shape.withheld, spec.name
    for listed in ("repeat_suspect_list", "breach_worklist", "s63g_outstanding"):
        with pytest.raises(roles.AccessDenied):
            tables.refuse_suspect_level(listed)


def test_a_leader_pack_through_a_list_is_refused(national_store):
    """Even a leader's pipeline, which may show the lists on the pages, gives none to a pack."""
    from dashboard.access import roles
    from dashboard.report import pipeline_for, tables

    spec = tables.Spec("repeat_suspect_list", "page.suspects", "suspects.actions", ())
    with pytest.raises(roles.AccessDenied):
        tables.table(pipeline_for("leader"), _request(national_store), spec)


def _request(root: Path):
    from datetime import date

    from dashboard.figures.disruption import DEFAULT_RULE
    from dashboard.figures.request import Request
    from dashboard.filters import Filters
    from dashboard.periods import last_complete_financial_year
    from dashboard.store.versions import Store

    version, manifest = Store(root).current()
    period = last_complete_financial_year(date.fromisoformat(manifest["as_at"]))
    return Request(str(root), version, period, Filters(), DEFAULT_RULE)


def test_the_scrutiny_packs_disruption_tables_show_no_count_from_1_to_9(scrutiny_pack):
    bookmarks = dict(heading_pages(scrutiny_pack.read_bytes()))
    first, end = bookmarks["Suspects and disruption"], bookmarks["Definitions"]
    text = pdf_text(scrutiny_pack, "-layout", "-f", str(first), "-l", str(end - 1))
    assert "fewer than 10" in text
    kept = re.sub(rf"Page \d+ of \d+|\d+ (?:{MONTHS}) \d{{4}}|\(s63G\)|\b\d+-\d+ months", "", text)
    assert re.findall(r"(?<![\w.,+−–-])[1-9](?![\w.,%]| ?days?| months)", kept) == []


def test_the_national_comparison_is_in_the_pack_where_national_figures_are_loaded(
    leader_pack, scrutiny_pack, national_store, capsys
):
    capsys.readouterr()
    args = ["national", "metrics", "--store", str(national_store), "--year", "2017/18"]
    assert main([*args, "--force", "Gwent", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    text = " ".join(pdf_text(leader_pack).split())
    assert "National comparison" in [w for w, _ in heading_pages(leader_pack.read_bytes())]
    assert "Gwent, England and Wales and the comparator group, 2017/18" in text
    for area in ("force", "england_and_wales"):
        assert formatting.rate(document[area]["charge_rate"]) in text
        assert formatting.count(document[area]["crimes_recorded"]) in text
    # the shared sample has no national figures loaded: no section, no heading
    assert "National comparison" not in pdf_text(scrutiny_pack)


def test_a_pack_prints_on_a_thread_that_runs_an_event_loop():
    """Playwright's synchronous API refuses a thread with a running event loop (a test worker's
    browser, a caller's own loop): the printing has a thread of its own, in the caller's
    language."""
    import asyncio
    import threading

    from dashboard.report.printer import print_pack

    def document(pages: dict[int, int]) -> str:
        return f"<html lang='{i18n.current_language()}'><title>t</title><h1>Heading</h1></html>"

    async def inside_a_loop() -> bytes:
        return print_pack(document, ["Heading"], "<span></span>", "<span></span>")

    def on_a_thread_of_its_own() -> None:
        # a fresh thread, so the loop is ours whether or not the worker's own thread has one
        i18n.set_language("cy")
        printed.append(asyncio.run(inside_a_loop()))

    printed: list[bytes] = []
    runner = threading.Thread(target=on_a_thread_of_its_own)
    runner.start()
    runner.join()
    (pdf,) = printed
    assert pdf.startswith(b"%PDF")
    assert heading_pages(pdf) == [("Heading", 1)]
    assert "/Lang (cy)" in pdf.decode("latin-1")
