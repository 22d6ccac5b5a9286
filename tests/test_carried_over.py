"""Rows carried over from the current version are never set aside: a partial replace that would
leave them referring to nothing is refused, with one summary per carried-over table and rule
that the listing cap never crowds out."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.ingest import pipeline
from dashboard.store.versions import Store
from tests.contract_helpers import crimes, prepare, write

OUTCOMES = "crime_ref,outcome_code,outcome_date\n"
SUSPECTS = "crime_ref,suspect_id\n"
BAIL = "bail_id,crime_ref,suspect_id,release_type,start_date\n"
BREACHES = "breach_id,breach_of,ref_id,breach_at\n"


@pytest.fixture
def store(tmp_path):
    """v0001: crimes C1, C2, C3; outcome C1; suspects S1 on C1, S2 and S3 on C2; bail B1 on C2;
    breach X1 of B1."""
    s = Store(tmp_path / "store")
    files = {
        "crimes.csv": crimes(
            "C1,2024-04-01,2024-04-02,19C",
            "C2,2024-04-01,2024-04-03,20A",
            "C3,2024-04-01,2024-04-03,20A",
        ),
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\n",
        "suspects.csv": SUSPECTS + "C1,S1\nC2,S2\nC2,S3\n",
        "bail.csv": BAIL + "B1,C2,S2,rui,2024-04-03\n",
        "breaches.csv": BREACHES + "X1,bail,B1,2024-04-05\n",
    }
    pipeline.commit(s, prepare(tmp_path, files, s))
    return s


def carried(upload):
    """(file, column, value) of each summary of carried-over rows, and its rule."""
    return sorted(
        (p.file, p.column, p.value, p.rule) for p in upload.report.errors if p.line is None
    )


def partial_replace(tmp_path, store, *extra_crimes: str):
    # crimes.csv keeps C1 only (C2 and C3 go), plus any extra rows; outcomes.csv keeps C1.
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", *extra_crimes),
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\n",
    }
    return prepare(tmp_path, files, store)


def test_partial_replace_that_strands_carried_rows_is_refused_with_one_summary_each(
    tmp_path, store
):
    up = partial_replace(tmp_path, store)
    # suspects: S2, S3 refer to C2 (removed): 2 rows, one summary. bail: B1 refers to C2: 1 row.
    # breaches: X1 refers to B1, which stays (carried rows are never set aside): nothing.
    found = carried(up)
    assert [f[:3] for f in found] == [
        ("bail (current data)", "crime_ref", "C2"),
        ("suspects (current data)", "crime_ref", "C2"),
    ]
    bail_rule, suspects_rule = found[0][3], found[1][3]
    assert bail_rule == (
        "1 row kept from the current version (v0001) refers to crimes crime_ref 'C2', which this "
        "upload removes (it replaces the whole crimes table). Upload bail.csv too, or add or "
        "update rows instead (upsert)."
    )
    assert suspects_rule.startswith("2 rows kept from the current version (v0001) refer to crimes")
    assert "first: 'C2')" in suspects_rule and "Upload suspects.csv too" in suspects_rule
    # Two errors in all, and nothing that could be set aside: the upload's own rows are valid.
    assert up.report.error_count == 2 and up.carried_errors == 2
    assert up.invalid_rows == 0 and up.invalid_files == []
    assert not up.can_commit(accept_invalid=True)
    with pytest.raises(pipeline.UploadRefused) as refused:
        pipeline.commit(store, up, accept_invalid=True)
    assert "kept from the current version" in str(refused.value)
    assert store.current_id() == "v0001" and len(store.versions()) == 1


def test_set_aside_count_is_the_uploads_own_rows_only(tmp_path, store):
    # C9 has an impossible date (1 row) and outcomes.csv refers to C9 (1 row that cascades): 2.
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C9,31/02/2024,2024-04-02,19C"),
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\nC9,16,2024-05-01\n",
    }
    up = prepare(tmp_path, files, store)
    # Errors: the date (1) + suspects and bail summaries (2) = 3. The 3 carried rows that refer
    # to C2 are not in the count offered.
    assert up.report.error_count == 3
    assert up.invalid_rows == 2 and up.invalid_files == ["crimes.csv", "outcomes.csv"]
    assert not up.can_commit(accept_invalid=True)


def test_summaries_are_listed_beyond_the_cap(tmp_path, store):
    # 201 rows with an unknown offence code fill the listing cap (200) on their own.
    bad = [f"Z{i},2024-04-01,2024-04-02,99Z" for i in range(201)]
    up = partial_replace(tmp_path, store, *bad)
    assert up.report.error_count == 201 + 2
    assert len(carried(up)) == 2  # listed although 200 row errors came first
    assert len(up.report.errors) == 202
    assert up.invalid_rows == 201


def test_carried_rows_refer_to_rows_set_aside(tmp_path, store):
    # crimes.csv holds C1, C2, C3 again but C2 has an impossible date. Setting C2 aside would
    # strand S2, S3 and B1 (carried over): refused, with one summary each for suspects and bail.
    text = crimes(
        "C1,2024-04-01,2024-04-02,19C",
        "C2,31/02/2024,2024-04-03,20A",
        "C3,2024-04-01,2024-04-03,20A",
    )
    up = prepare(tmp_path, {"crimes.csv": text}, store)
    found = carried(up)
    assert [f[:3] for f in found] == [
        ("bail (current data)", "crime_ref", "C2"),
        ("suspects (current data)", "crime_ref", "C2"),
    ]
    assert "invalid in this upload" in found[1][3] and "2 rows" in found[1][3]
    assert up.report.error_count == 1 + 2 and up.invalid_rows == 1
    assert not up.can_commit(accept_invalid=True)


def test_same_invalid_row_in_upsert_keeps_the_current_row_and_can_be_set_aside(tmp_path, store):
    # In upsert the invalid C2 replaces nothing: the current C2 stays, so nothing is stranded.
    path = write(tmp_path / "up", "crimes.csv", crimes("C2,31/02/2024,2024-04-03,20A"))
    up = pipeline.prepare(store, [path], "upsert")
    assert carried(up) == [] and up.report.error_count == 1 and up.invalid_rows == 1
    v = pipeline.commit(store, up, accept_invalid=True)
    assert store.read_table(v, "suspects").num_rows == 3
    assert store.manifest(v)["quarantined"] == 1


def test_replace_with_the_dependent_table_too_is_accepted(tmp_path, store):
    # Upload suspects.csv and bail.csv too (without C2's rows): nothing carried refers to C2.
    # Breaches (carried) refer to B1, kept in bail.csv.
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C"),
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\n",
        "suspects.csv": SUSPECTS + "C1,S1\n",
        "bail.csv": BAIL + "B1,C1,S1,rui,2024-04-03\n",
    }
    up = prepare(tmp_path, files, store)
    assert not up.report.has_errors
    # Crimes 3 -> 1 and suspects 3 -> 1 remove two thirds of their rows (over 20%): meant here.
    pipeline.commit(store, up, allow_shrink=True)
    assert store.current_id() == "v0002"


def test_cli_refuses_and_says_why(tmp_path, store):
    folder = tmp_path / "cli"
    write(folder, "crimes.csv", crimes("C1,2024-04-01,2024-04-02,19C"))
    write(folder, "outcomes.csv", OUTCOMES + "C1,16,2024-05-01\n")
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "ingest", str(folder), "--store", str(store.root)]
        + ["--accept-invalid-rows"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "2 rows kept from the current version (v0001) refer to crimes" in result.stderr
    assert "Upload suspects.csv too, or add or update rows instead (upsert)." in result.stderr
    assert store.current_id() == "v0001"
