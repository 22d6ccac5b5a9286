"""Issue 17, item 4: the analysts' pages in view (unit tests; the pages' own in test_app_upload)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from test_cli import flightdeck

from dashboard import formatting
from dashboard.access.audit import audit_path
from dashboard.access.roles import Identity
from dashboard.app.markdown_text import literal
from dashboard.app.shell import PAGE_SECTIONS, section_order
from dashboard.i18n import set_language, t
from dashboard.ingest import pipeline
from dashboard.ingest.report import WARNING
from dashboard.national import loader
from dashboard.store.versions import Store
from tests.app_helpers import app, load_sample, open_on, page_path, serve_without_sign_in


def test_an_analyst_finds_the_analysts_pages_first():
    analyst = Identity("a@example.police.uk", roles=frozenset({"analyst"}))
    assert section_order(analyst) == ["nav.analysts", "nav.figures", "nav.disruption", "nav.data"]
    both = Identity("b@example.police.uk", roles=frozenset({"leader", "analyst"}))
    assert section_order(both)[0] == "nav.analysts"


def test_other_roles_keep_the_figures_first():
    for role in ("leader", "scrutiny"):
        who = Identity("c@example.police.uk", roles=frozenset({role}))
        assert section_order(who) == list(PAGE_SECTIONS)


# ---------------------------------------------------------------- UK time beside UTC


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        # Winter: UK time is UTC.
        ("2026-12-07T14:05:00+00:00", "7 December 2026 14:05 (UK time; 14:05 UTC)"),
        # Summer: British Summer Time is an hour ahead.
        ("2026-07-07T14:05:59.999+00:00", "7 July 2026 15:05 (UK time; 14:05 UTC)"),
        # Past midnight in the UK, still the day before in UTC: the UTC date is said too.
        ("2026-07-06T23:30:00+00:00", "7 July 2026 00:30 (UK time; 6 July 2026 23:30 UTC)"),
        # The clocks go forward at 01:00 UTC on 29 March 2026.
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29 March 2026 00:59 (UK time; 00:59 UTC)"),
        (datetime(2026, 3, 29, 1, 0), "29 March 2026 02:00 (UK time; 01:00 UTC)"),  # naive: UTC
        (pd.Timestamp("2026-10-25T01:30Z"), "25 October 2026 01:30 (UK time; 01:30 UTC)"),
        ("", ""),
        (None, ""),
    ],
)
def test_times_are_shown_in_uk_time_beside_utc(moment, shown):
    assert formatting.time_uk(moment) == shown


def test_welsh_times_name_uk_time_in_welsh():
    set_language("cy")
    try:
        assert formatting.time_uk("2026-07-07T14:05:00+00:00").endswith("(amser y DU; 14:05 UTC)")
    finally:
        set_language("en")


# ---------------------------------------------------------------- the analysts' pages


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    s = load_sample(tmp_path / "store")
    serve_without_sign_in(monkeypatch, s)
    return s


def test_versions_and_audit_pages_show_uk_times_and_separated_counts(store, tmp_path):
    extra = tmp_path / "crimes.csv"
    extra.write_text(
        "crime_ref,reported_date,recorded_date,ho_offence_code\nR1,2024-06-01,2024-06-02,19C\n"
    )
    pipeline.ingest(store, [extra], mode="upsert")
    at = open_on(app(), "history")
    assert not at.exception, at.exception
    versions = at.dataframe[0].value
    created = formatting.time_uk(store.manifest("v0002")["created"])
    assert created in list(versions[t("column.created")]) and "(UK time; " in created
    # The sample's 8,749 crimes and every other table's rows, with a thousands separator.
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})+", n) for n in versions[t("column.rows")])
    at.switch_page(page_path("audit")).run()
    assert not at.exception, at.exception
    events = next(d.value for d in at.dataframe if t("audit.column.time") in d.value.columns)
    assert all("(UK time; " in when for when in events[t("audit.column.time")])


# ---------------------------------------------------------------- repeated warnings grouped

LA_HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code,local_authority\n"


def unknown_areas(n: int) -> str:
    """`n` crimes in an area that is not one of Gwent's five, one a line from line 2."""
    return LA_HEADER + "".join(f"U{i},2024-06-01,2024-06-02,19C,Atlantis\n" for i in range(n))


def test_300_warnings_of_one_kind_are_one_line_with_their_count(tmp_path):
    crimes = tmp_path / "crimes.csv"
    crimes.write_text(unknown_areas(300))
    upload = pipeline.prepare(Store(tmp_path / "store"), [crimes], "replace")
    (group,) = upload.report.grouped(WARNING)
    # 300 found, 200 listed (the report's cap): the line counts all 300, names lines 2 to 6.
    assert (group.problems, group.total, group.lines[:3]) == (200, 300, (2, 3, 4))
    assert group.as_text() == (
        f"warning: crimes.csv: {t('rule.unknown_local_authority')}: "
        "300 rows (lines 2, 3, 4, 5, 6, …)"
    )
    assert len(upload.report.records()) == 200  # the full list (to the cap) stays in the report


def test_the_cli_summary_groups_warnings(tmp_path):
    crimes = tmp_path / "crimes.csv"
    crimes.write_text(unknown_areas(3))
    out = flightdeck("ingest", str(crimes), "--store", str(tmp_path / "store"))
    assert out.returncode == 0, out.stderr
    (line,) = [x for x in out.stdout.splitlines() if "Atlantis" in x or "local auth" in x]
    assert line.endswith(": 3 rows (lines 2, 3, 4)")


def test_the_upload_page_says_a_group_in_one_line(store):
    at = open_on(app(), "upload")
    at.file_uploader(key="upload_files").set_value(
        [("crimes.csv", unknown_areas(1_204).encode(), "text/csv")]
    )
    at.run()
    assert not at.exception, at.exception
    (label,) = [e.label for e in at.expander if e.label.startswith("Warning · ")]
    rule = literal(t("rule.unknown_local_authority"))
    # 1,204 rows, lines 2 to 1,205: the first five named, the count thousands-separated.
    assert (
        label == f"Warning · {literal('crimes.csv')} · {rule}: 1,204 rows (lines 2, 3, 4, 5, 6, …)"
    )
    assert "1,204 warnings" in " ".join(w.value for w in at.warning)


# ---------------------------------------------------------------- national data from the browser

NATIONAL = Path(__file__).parent / "fixtures" / "national" / "outcomes-2017-18-home-office.csv"
NATIONAL_BAD = (
    "Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,"
    "Offence Subgroup,Offence Code,Offence code expired,Outcome Description,Outcome Group,"
    "Outcome Type,Force outcomes for offences recorded in quarter,"
    "Force outcomes recorded in quarter\n"
    "2017-2018-ish,1,Gwent,Rape,Sexual offences,Rape,19C,NA,Charged,Charged/Summonsed,1,1,1\n"
)


def national_lines(root: Path) -> list[tuple]:
    return [
        (e["outcome"], e["version"], [f["name"] for f in e["files"]])
        for e in map(json.loads, audit_path(root).read_text().splitlines())
        if e["kind"] == "upload" and e["mode"] == "national"
    ]


def test_an_analyst_loads_the_national_tables_from_the_comparison_page(store):
    at = open_on(app(), "comparison")
    assert not at.exception, at.exception
    assert not at.metric  # nothing to compare with yet
    # A file that breaks the rules: refused in words, each problem listed, nothing loaded.
    at.file_uploader(key="national_files").set_value(
        [("outcomes.csv", NATIONAL_BAD.encode(), "text/csv")]
    ).run()
    at.button(key="national_load").click().run()
    assert not at.exception, at.exception
    assert any("Not loaded, nothing was changed: 1 problem" in e.value for e in at.error)
    (problems,) = [d.value for d in at.dataframe if t("upload.column.line") in d.value.columns]
    assert list(problems[t("upload.column.value")]) == ["2017-2018-ish"]
    assert loader.current_manifest(store.root) is None
    # The Home Office file: loaded, said so, audited, and the page compares with it.
    at.file_uploader(key="national_files").set_value(
        [(NATIONAL.name, NATIONAL.read_bytes(), "text/csv")]
    ).run()
    at.button(key="national_load").click().run()
    assert not at.exception, at.exception
    (done,) = [s.value for s in at.success]
    assert done.startswith("Loaded as national version v0001: 2017/18, ")
    assert at.metric  # the comparison's tiles
    assert national_lines(store.root) == [
        ("refused", None, ["outcomes.csv"]),
        ("committed", "v0001", [NATIONAL.name]),
    ]


def test_the_cli_national_load_is_audited_the_same_way(tmp_path):
    root = tmp_path / "store"
    for _ in range(2):
        out = flightdeck("national", "load", str(NATIONAL), "--store", str(root))
        assert out.returncode == 0, out.stderr
    bad = tmp_path / "outcomes.csv"
    bad.write_text(NATIONAL_BAD)
    assert flightdeck("national", "load", str(bad), "--store", str(root)).returncode == 1
    assert national_lines(root) == [
        ("committed", "v0001", [NATIONAL.name]),
        ("unchanged", "v0001", [NATIONAL.name]),
        ("refused", None, ["outcomes.csv"]),
    ]


# ---------------------------------------------------------------- plain words


def test_the_browsers_upload_messages_are_in_plain_words():
    """No "carried over" or "set aside" in what the Upload page and the upload report say;
    "upsert" only in brackets, after the plain words it names."""
    from dashboard.i18n import catalogue

    english = catalogue("en")
    said = {
        k: v
        for k, v in english.items()
        if k.startswith(("upload.", "rule.carried", "ingest.refused_carried", "ingest.refers"))
    }
    assert said
    for key, text in said.items():
        assert "carried over" not in text and "set aside" not in text, key
        assert "upsert" not in text.replace("(upsert)", ""), key
    # and the command line's words for the same things (its option is `--mode upsert`)
    cli = {k: v for k, v in english.items() if k.startswith(("cli.ingest.", "cli.help."))}
    assert len(cli) > 10
    for key, text in cli.items():
        assert "carried over" not in text and "set aside" not in text, key


def test_the_data_pages_say_put_aside_for_review_as_the_upload_page_does():
    """The Data page's version summary, the data-quality page's section on quarantined rows (its
    heading, sentences, table and file name) and the roles' words for them use the Upload page's
    words, "put aside for review (quarantine)", in English and in Welsh ("rhoi o'r neilltu i'w
    hadolygu (cwarantin)"), not "set aside" nor "neilltuo"."""
    from dashboard.i18n import catalogue

    english, welsh = catalogue("en"), catalogue("cy")
    prefixes = (
        "data.summary",
        "quality.quarantine",
        "quality.no_quarantine",
        "rule.crimes_no_valid",
    )
    keys = [k for k in english if k.startswith(prefixes)]
    keys += ["capability.view_records", "file.set-aside-rows"]
    assert len(keys) > 10
    for key in keys:
        assert "set aside" not in english[key].lower() and "set-aside" not in english[key], key
        assert "put" in english[key] and "review" in english[key], key
        assert "neilltuo" not in welsh[key] and "neilltuwyd" not in welsh[key], key
        assert "neilltu" in welsh[key] or "hadolygu" in welsh[key], key
    assert english["quality.quarantine"].endswith("(quarantine)")
    assert welsh["quality.quarantine"].endswith("(cwarantin)")
