"""The upload, versions and data-quality pages in AppTest: check, preview, set aside, commit,
roll back, compare; a refused upload changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import audit
from dashboard.app.markdown_text import literal
from dashboard.i18n import t
from dashboard.ingest import pipeline
from dashboard.store.versions import Store
from tests.app_helpers import load_sample, open_on, serve_without_sign_in

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app" / "streamlit_app.py")
PAGES = ROOT / "dashboard" / "app" / "app_pages"
HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code\n"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    s = load_sample(tmp_path / "store")
    serve_without_sign_in(monkeypatch, s)
    return s


def page(name: str) -> AppTest:
    """A new session on the page, opened at once as its address would open it, without drawing
    the flight deck first (a second per test on a new store)."""
    at = open_on(AppTest.from_file(APP, default_timeout=120), name)
    if name == "upload":
        assert [h.value for h in at.title] == [t("page.upload")], "not the Upload page"
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: tuple[str, str], mode: str = "upsert") -> AppTest:
    at.radio(key="upload_mode").set_value(mode)
    at.file_uploader(key="upload_files").set_value(
        [(name, text.encode(), "text/csv") for name, text in files]
    )
    at.run()
    assert not at.exception, at.exception
    return at


def commit_button(at: AppTest):
    return next(b for b in at.button if b.label == "Load as the new version")


def frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


def report_groups(at: AppTest) -> dict[str, list[tuple]]:
    """Each group of the validation report (its expander's label) -> (line, column, value) rows."""
    groups = {}
    for e in at.expander:
        if e.dataframe and "Line" in e.dataframe[0].value.columns:
            df = e.dataframe[0].value
            assert list(df.columns) == ["Line", "Column", "Value"]
            groups[e.label] = list(zip(df["Line"], df["Column"], df["Value"], strict=True))
    return groups


def test_good_upload_previews_then_commits(store):
    at = upload(
        page("upload"),
        ("crimes.csv", HEADER + "NEW1,2024-06-01,2024-06-02,19C\nNEW2,2024-06-03,2024-06-04,20A\n"),
    )
    assert any("No errors" in s.value for s in at.success)
    changes = next(f for f in frames(at) if "Added" in f.columns)
    crimes = changes[changes["Table"] == "crimes"].iloc[0]
    # Upsert of two new crimes into the sample's 8,749 rows: 2 added, none changed or removed.
    assert (crimes["Rows now"], crimes["Rows after"]) == (8749, 8751)
    assert (crimes["Added"], crimes["Changed"], crimes["Removed"]) == (2, 0, 0)
    headlines = next(f for f in frames(at) if "Now" in f.columns)
    recorded = headlines[headlines["Figure"] == "Crimes recorded"].iloc[0]
    # Both new crimes are recorded in 2024/25, the last complete financial year: 1,831 -> 1,833.
    assert (recorded["Now"], recorded["After"]) == ("1,831", "1,833")
    assert store.current_id() == "v0001"  # nothing changed before the commit
    commit_button(at).click().run()
    assert store.current_id() == "v0002"
    assert any("v0002 is now live" in s.value for s in at.success)
    assert store.manifest("v0002")["mode"] == "upsert"


def test_bad_upload_shows_lines_and_changes_nothing(store):
    text = HEADER + "B1,31/02/2024,2024-03-01,19C\nB2,2024-03-01,2024-03-02,BURGLARY\n"
    at = upload(page("upload"), ("crimes.csv", text))
    assert any("2 errors" in e.value for e in at.error)
    # Grouped by file and rule: one group per rule broken, each with its line, column, value.
    groups = report_groups(at)
    assert sorted(groups.values()) == [
        [("2", "reported_date", "31/02/2024")],
        [("3", "ho_offence_code", "BURGLARY")],
    ]
    assert all(label.startswith(f"Error · {literal('crimes.csv')} · ") for label in groups)
    assert sorted(label.rsplit(": ", 1)[1] for label in groups) == [
        "1 row (line 2)",
        "1 row (line 3)",
    ]
    assert any("2 problems listed, in 2 groups" in m.value for m in at.markdown)
    assert commit_button(at).disabled
    assert [v["id"] for v in store.versions()] == ["v0001"]


def test_preview_is_shown_while_there_are_errors(store):
    # One good crime and one with a date that does not exist: the preview shows the only load
    # possible, with the invalid row set aside: 1 added (8,749 -> 8,750); headline 1,831 -> 1,832
    # (NEW3 recorded on 2024-06-02, in 2024/25, the last complete financial year).
    text = HEADER + "NEW3,2024-06-01,2024-06-02,19C\nBAD3,2024-02-31,2024-06-02,19C\n"
    at = upload(page("upload"), ("crimes.csv", text))
    assert any("1 error (1 listed)" in e.value for e in at.error)
    assert commit_button(at).disabled
    assert "What the upload would change" in [h.value for h in at.subheader]
    assert any("1 invalid row put aside for review" in c.value for c in at.caption)
    changes = next(f for f in frames(at) if "Added" in f.columns)
    crimes = changes[changes["Table"] == "crimes"].iloc[0]
    assert (crimes["Rows now"], crimes["Rows after"], crimes["Added"]) == (8749, 8750, 1)
    headlines = next(f for f in frames(at) if "Now" in f.columns)
    recorded = headlines[headlines["Figure"] == "Crimes recorded"].iloc[0]
    assert (recorded["Now"], recorded["After"]) == ("1,831", "1,832")
    assert store.current_id() == "v0001"


def test_report_downloads_as_csv_with_every_column(store):
    text = HEADER + "D1,31/02/2024,2024-03-01,19C\nD2,2024-03-01,2024-03-02,BURGLARY\n"
    at = upload(page("upload"), ("crimes.csv", text))
    from dashboard.app.sections import upload_steps

    assert at.get("download_button")  # the report's CSV (the whole report, as searched)
    table = upload_steps.labelled(upload_steps.report_frame(at.session_state["_upload"][1]))
    assert list(table.columns) == ["Kind", "File", "Rule", "Line", "Column", "Value"]
    assert sorted(table["Line"]) == ["2", "3"]


def test_unreadable_file_cannot_be_set_aside(store):
    at = upload(page("upload"), ("crimes.csv", "crime_ref,reported_date\nX,2024-01-01\n"))
    assert not at.checkbox  # a missing column refuses the file: nothing to set aside
    assert commit_button(at).disabled


def test_mixed_upload_sets_invalid_rows_aside(store):
    text = HEADER + "M1,2024-06-01,2024-06-02,19C\nM2,not a date,2024-06-02,19C\n"
    at = upload(page("upload"), ("crimes.csv", text))
    box = at.checkbox(key="upload_accept")
    assert "1 invalid row " in box.label and literal("crimes.csv") in box.label
    assert commit_button(at).disabled
    box.check().run()
    assert not commit_button(at).disabled
    commit_button(at).click().run()
    version = store.current_id()
    assert version == "v0002"
    quarantined = store.read_table(version, "_quarantine").to_pylist()
    assert [(r["file"], r["line"]) for r in quarantined] == [("crimes.csv", 3)]
    refs = store.read_table(version, "crimes").column("crime_ref").to_pylist()
    assert "M1" in refs and "M2" not in refs
    quality = page("data_quality")
    rows = next(f for f in frames(quality) if "record" in f.columns)
    assert list(rows["line"]) == [3]
    said = " ".join(m.value for m in quality.markdown)
    assert "1 row was put aside for review when this version was loaded" in said  # singular
    # Each check's heading agrees with its count: "1 row", "0 rows", "111 rows".
    counts = [re.search(r": ([\d,]+) (rows?)$", e.label) for e in quality.expander]
    counts = [m.groups() for m in counts if m]
    assert counts and all((n == "1") == (word == "row") for n, word in counts)


def test_search_filters_the_report(store):
    text = HEADER + "S1,31/02/2024,2024-03-01,19C\nS2,2024-03-01,2024-03-02,BURGLARY\n"
    at = upload(page("upload"), ("crimes.csv", text))
    at.text_input(key="upload_search").input("burglary").run()
    assert list(report_groups(at).values()) == [[("3", "ho_offence_code", "BURGLARY")]]


def test_rollback_needs_confirmation(store, tmp_path):
    extra = tmp_path / "crimes.csv"
    extra.write_text(HEADER + "R1,2024-06-01,2024-06-02,19C\n")
    pipeline.ingest(store, [extra], mode="upsert")
    at = page("history")
    rollback = next(b for b in at.button if b.label == "Roll back")
    assert rollback.disabled
    at.selectbox(key="rollback_target").set_value("v0001")
    at.checkbox(key="rollback_confirm").check().run()
    # Confirmed but no reason: still not allowed, and the page says why.
    assert next(b for b in at.button if b.label == "Roll back").disabled
    assert t("history.reason_needed") in [c.value for c in at.caption]
    reason = at.text_input(key="rollback_reason")
    assert reason.max_chars == audit.REASON_MAX_CHARS
    reason.input("  June **extract** cut short\t").run()
    next(b for b in at.button if b.label == "Roll back").click().run()
    assert store.current_id() == "v0001"
    assert any("v0001 is current again" in s.value for s in at.success)
    (line,) = audit.read_events(store.root, kinds="rollback")["details"]
    assert "reason: June **extract** cut short" in line


def test_compare_two_versions(store, tmp_path):
    extra = tmp_path / "crimes.csv"
    extra.write_text(HEADER + "R1,2024-06-01,2024-06-02,19C\n")
    pipeline.ingest(store, [extra], mode="upsert")
    at = page("history")
    changes = next(f for f in frames(at) if "Added" in f.columns)
    crimes = changes[changes["Table"] == "crimes"].iloc[0]
    assert (crimes["Added"], crimes["Changed"], crimes["Removed"]) == (1, 0, 0)
    outcomes = changes[changes["Table"] == "outcomes"].iloc[0]
    assert (outcomes["Added"], outcomes["Changed"], outcomes["Removed"]) == (0, 0, 0)
    # Two versions, named as such (not "now" and "after the upload"): v0001 -> v0002.
    assert (crimes["Rows in v0001"], crimes["Rows in v0002"]) == (8749, 8750)
    headlines = next(f for f in frames(at) if "In v0001" in f.columns)
    recorded = headlines[headlines["Figure"] == "Crimes recorded"].iloc[0]
    assert (recorded["In v0001"], recorded["In v0002"]) == ("1,831", "1,832")


def test_data_quality_page_lists_every_check(store):
    at = page("data_quality")
    from dashboard.figures import queries

    labels = " ".join(e.label for e in at.expander)
    for q in queries.queries_of_kind("checks"):
        assert q.header["label"] in labels
    # The sample's only failing check: crimes with an unknown local authority (110 rows).
    assert any("110 rows" in e.label for e in at.expander)


def test_headline_labels_go_through_the_catalogue(monkeypatch):
    # A catalogue's metric label wins over the SQL header's (as on the tiles), so Welsh can
    # cover it; without one, the header's label is used.
    from dashboard import i18n
    from dashboard.app import data_access
    from dashboard.app.sections import common_tables
    from dashboard.figures import version_changes

    english = i18n.catalogue("en")
    welsh = {**english, "metric.crimes_recorded.label": "Troseddau a gofnodwyd"}
    monkeypatch.setattr(i18n, "catalogue", lambda language: welsh)
    table = common_tables.headline_table(None, dict.fromkeys(version_changes.HEADLINES, 1))
    headers = data_access.headers("kpi")
    assert list(table["Figure"]) == [
        "Troseddau a gofnodwyd",
        *(headers[k]["label"] for k in version_changes.HEADLINES[1:]),
    ]
    assert list(table["Now"]) == ["–"] * len(version_changes.HEADLINES)
