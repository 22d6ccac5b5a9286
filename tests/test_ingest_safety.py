"""Setting rows aside never loses data: unreadable files block, upserts keep current rows, and the
count offered and the default as-at match what is loaded."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.ingest import pipeline
from dashboard.ingest.report import Report
from dashboard.store.versions import Store
from tests.contract_helpers import crimes, prepare

OUTCOMES = "crime_ref,outcome_code,outcome_date\n"
BAIL = "bail_id,crime_ref,suspect_id,release_type,start_date\n"
BREACHES = "breach_id,breach_of,ref_id,breach_at\n"


def refs(store, table="crimes", column="crime_ref"):
    return sorted(store.read_table(store.current_id(), table).column(column).to_pylist())


def rows(store, table="crimes"):
    return {r["crime_ref"]: r for r in store.read_table(store.current_id(), table).to_pylist()}


def quarantine(store):
    table = store.read_table(store.current_id(), "_quarantine")
    return [] if table is None else [(r["table"], r["line"]) for r in table.to_pylist()]


@pytest.fixture
def store(tmp_path):
    """v0001: crimes C1, C2; outcome C1; bail B1 on C1; a breach of B1."""
    s = Store(tmp_path / "store")
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,2024-04-03,20A"),
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\n",
        "bail.csv": BAIL + "B1,C1,S1,rui,2024-04-03\n",
        "breaches.csv": BREACHES + "X1,bail,B1,2024-04-05\n",
    }
    pipeline.commit(s, prepare(tmp_path, files, s))
    return s


# A file that does not parse blocks the upload, set-aside or not.


def test_wrong_field_count_blocks_a_first_upload_even_with_set_aside(tmp_path):
    s = Store(tmp_path / "store")
    text = crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01")  # line 3: 2 fields of 4
    up = prepare(tmp_path, {"crimes.csv": text}, s)
    assert [(p.line, p.severity) for p in up.report.errors] == [(3, "error")]
    assert up.file_level_errors == 1 and not up.can_commit(accept_invalid=True)
    assert "whole file is refused" in up.report.errors[0].rule
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(s, up, accept_invalid=True)
    assert s.current_id() is None and s.versions() == []


def test_wrong_field_count_on_a_later_upload_keeps_the_table(tmp_path, store):
    text = crimes("C3,2024-06-01,2024-06-02,19C", "C4,2024-06-01,2024-06-02,19C,extra")
    up = prepare(tmp_path, {"crimes.csv": text}, store)
    assert not up.can_commit(accept_invalid=True)
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(store, up, accept_invalid=True)
    assert store.current_id() == "v0001" and refs(store) == ["C1", "C2"]


def test_a_header_error_beyond_the_listed_cap_still_blocks_and_is_listed(tmp_path):
    # 201 bad cells fill the listed cap (200); outcomes' missing column comes after them. It must
    # block all the same, or outcomes.csv would be dropped, and be listed, or the analyst would
    # not know why: 200 row errors + the header error = 201 listed of 202.
    bad = [f"C{i},2024-04-01,2024-04-02,99Z" for i in range(201)]
    files = {
        "crimes.csv": crimes("C999,2024-04-01,2024-04-02,19C", *bad),
        "outcomes.csv": "crime_ref,outcome_date\nC999,2024-05-01\n",  # outcome_code missing
    }
    up = prepare(tmp_path, files)
    assert up.report.error_count == 202 and len(up.report.errors) == 201
    assert ("outcomes.csv", 1, "outcome_code") in [
        (p.file, p.line, p.column) for p in up.report.errors
    ]
    assert up.file_level_errors == 1 and not up.can_commit(accept_invalid=True)


def test_no_version_without_crimes(tmp_path):
    # A store left with a table-less version (as the defect wrote) gets no second one.
    s = Store(tmp_path / "store")
    s.write_version({}, {"mode": "replace", "tables": {}, "files": []})
    up = prepare(tmp_path, {"training.csv": "staff_id,in_scope,course\nT1,Y,word_on_word\n"}, s)
    assert any("crimes" in p.rule for p in up.report.errors)
    assert not up.can_commit(accept_invalid=True)


def test_an_upload_with_no_files_is_refused(tmp_path, store):
    (tmp_path / "empty").mkdir()
    up = pipeline.prepare(store, [tmp_path / "empty"])
    assert up.file_level_errors and not up.can_commit(accept_invalid=True)


def test_a_version_with_no_tables_is_not_synthetic():
    up = pipeline.Upload("replace", None, [], Report())
    assert pipeline._manifest(up, {}, None, None, "me")["synthetic"] is False


# In upsert, an invalid row set aside leaves the current row as it was.


def test_upsert_invalid_row_keeps_the_current_row(tmp_path, store):
    text = crimes("C1,31/02/2024,2024-06-02,19C", "C3,2024-06-01,2024-06-02,19C")
    up = pipeline.prepare(store, [_write(tmp_path, "crimes.csv", text)], "upsert")
    assert up.invalid_rows == 1
    pipeline.commit(store, up, accept_invalid=True)
    assert refs(store) == ["C1", "C2", "C3"]
    assert rows(store)["C1"]["reported_date"] == date(2024, 4, 1)  # as it was
    assert refs(store, "outcomes") == ["C1"]  # not cascaded away
    assert quarantine(store) == [("crimes", 2)]


def test_upsert_row_with_a_missing_reference_keeps_the_current_row(tmp_path, store):
    path = _write(tmp_path, "bail.csv", BAIL + "B1,C99,S1,rui,2024-06-01\n")
    up = pipeline.prepare(store, [path], "upsert")
    assert up.invalid_rows == 1
    pipeline.commit(store, up, accept_invalid=True)
    bail = store.read_table(store.current_id(), "bail").to_pylist()
    assert [(b["bail_id"], b["crime_ref"]) for b in bail] == [("B1", "C1")]
    assert refs(store, "breaches", "breach_id") == ["X1"]
    assert quarantine(store) == [("bail", 2)]


def test_upsert_row_set_aside_by_the_cascade_keeps_the_current_row(tmp_path, store):
    # Upload bail B1 is valid but refers to C5, itself set aside (impossible date): B1 goes too,
    # and the current B1 (and the breach of it) stay.
    folder = tmp_path / "cascade"
    folder.mkdir()
    (folder / "crimes.csv").write_text(crimes("C5,31/02/2024,2024-06-02,19C"))
    (folder / "bail.csv").write_text(BAIL + "B1,C5,S1,rui,2024-06-01\n")
    up = pipeline.prepare(store, [folder], "upsert")
    assert up.invalid_rows == 2
    pipeline.commit(store, up, accept_invalid=True)
    bail = store.read_table(store.current_id(), "bail").to_pylist()
    assert [(b["bail_id"], b["crime_ref"]) for b in bail] == [("B1", "C1")]
    assert refs(store, "breaches", "breach_id") == ["X1"]
    assert sorted(quarantine(store)) == [("bail", 2), ("crimes", 2)]


def test_count_offered_includes_the_cascade(tmp_path):
    # First load: C5 is invalid, so its outcome is set aside with it: two rows, both counted.
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C5,31/02/2024,2024-04-02,19C"),
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\nC5,1,2024-05-02\n",
    }
    s = Store(tmp_path / "store")
    up = prepare(tmp_path, files, s)
    assert up.report.error_count == 1 and up.invalid_rows == 2
    assert up.invalid_files == ["crimes.csv", "outcomes.csv"]
    v = pipeline.commit(s, up, accept_invalid=True)
    assert s.manifest(v)["quarantined"] == up.invalid_rows


# The default as-at ignores rows set aside.


def test_default_as_at_ignores_rows_set_aside(tmp_path):
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C9,2025-01-01,2025-01-02,99Z"),
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\nC9,16,2025-02-01\n",  # C9's goes with it
    }
    s = Store(tmp_path / "store")
    up = prepare(tmp_path, files, s)
    assert up.default_as_at() == date(2024, 5, 1)
    v = pipeline.commit(s, up, accept_invalid=True)
    assert s.manifest(v)["as_at"] == "2024-05-01"


def _write(tmp_path, name, text):
    folder = tmp_path / f"single{len(list(tmp_path.glob('single*')))}"
    folder.mkdir()
    path = folder / name
    path.write_text(text)
    return path


def test_upsert_with_a_header_only_file_and_a_row_set_aside(tmp_path, store):
    # An empty crimes.csv beside a bail row that refers to nothing: the merge runs twice.
    folder = tmp_path / "empty_crimes"
    folder.mkdir()
    (folder / "crimes.csv").write_text(crimes())
    (folder / "bail.csv").write_text(BAIL + "B1,C99,S1,rui,2024-06-01\n")
    up = pipeline.prepare(store, [folder], "upsert")
    assert up.invalid_rows == 1
    pipeline.commit(store, up, accept_invalid=True)
    assert refs(store) == ["C1", "C2"] and refs(store, "bail", "crime_ref") == ["C1"]
