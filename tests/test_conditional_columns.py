"""A column required only for some rows, absent from the header: one file-level error naming it
and how many rows need it (never one per row), and none when no row needs it."""

from __future__ import annotations

from tests.contract_helpers import column, crimes, prepare, problems

ORDERS = "order_id,suspect_id,order_type,applied_date,decision\n"


def test_outcome_date_missing_from_the_header(tmp_path):
    files = {
        "crimes.csv": crimes(*(f"C{i},2024-04-01,2024-04-02,19C" for i in (1, 2, 3))),
        # Codes 16 and 1 need an outcome date, 0 does not: 2 rows need the missing column.
        "outcomes.csv": "crime_ref,outcome_code\nC1,16\nC2,0\nC3,1\n",
    }
    up = prepare(tmp_path, files)
    assert problems(up) == [("outcomes.csv", 1, "outcome_date", None)]
    rule = up.report.errors[0].rule
    assert rule.startswith("This column is missing from the header, but 2 rows need it")
    assert "unless outcome_code is 0" in rule
    assert up.report.error_count == 1
    # The whole file is refused, as for any missing required column: set-aside cannot bypass it.
    assert up.file_level_errors == 1 and not up.can_commit(accept_invalid=True)


def test_one_row_needing_it_reads_in_the_singular(tmp_path):
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,2024-04-02,19C"),
        "outcomes.csv": "crime_ref,outcome_code\nC1,16\nC2,0\n",  # only C1 needs a date
    }
    rule = prepare(tmp_path, files).report.errors[0].rule
    assert rule.startswith("This column is missing from the header, but 1 row needs it")


def test_no_row_needs_it(tmp_path):
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,2024-04-02,19C"),
        "outcomes.csv": "crime_ref,outcome_code\nC1,0\nC2,000\n",  # all open
    }
    up = prepare(tmp_path, files)
    assert not up.report.has_errors
    assert column(up, "outcomes", "outcome_date") == [None, None]


def test_recorded_date_missing_from_the_header(tmp_path):
    # No record_type column: every row is a `crime` (the default), so all 3 need recorded_date.
    header = "crime_ref,reported_date,ho_offence_code"
    text = crimes(*(f"C{i},2024-04-01,19C" for i in (1, 2, 3)), header=header)
    up = prepare(tmp_path, {"crimes.csv": text})
    assert problems(up) == [("crimes.csv", 1, "recorded_date", None)]
    assert "3 rows need it" in up.report.errors[0].rule
    assert "when record_type is crime" in up.report.errors[0].rule
    # With record_type given and no `crime` row, nothing needs it.
    header = "crime_ref,record_type,reported_date,ho_offence_code"
    text = crimes("C1,n100,2024-04-01,19C", "C2,cancelled,2024-04-01,19C", header=header)
    assert not prepare(tmp_path, {"crimes.csv": text}).report.has_errors


def test_decision_date_missing_from_the_header(tmp_path):
    # One pending (needs none), two granted: 2 rows need decision_date.
    text = ORDERS + "O1,S1,SHPO,2024-04-01,pending\nO2,S1,SRO,2024-04-01,granted\n"
    text += "O3,S2,SRO,2024-04-01,granted\n"
    files = {"crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C"), "orders.csv": text}
    up = prepare(tmp_path, files)
    assert problems(up) == [("orders.csv", 1, "decision_date", None)]
    assert "2 rows need it" in up.report.errors[0].rule


def test_listed_beyond_the_cap(tmp_path):
    # 201 bad crime rows fill the listing cap; the missing column is still listed.
    bad = [f"Z{i},2024-04-01,2024-04-02,99Z" for i in range(201)]
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", *bad),
        "outcomes.csv": "crime_ref,outcome_code\nC1,16\n",
    }
    up = prepare(tmp_path, files)
    assert up.report.error_count == 202
    assert ("outcomes.csv", 1, "outcome_date", None) in problems(up)
