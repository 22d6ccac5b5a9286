"""Contract §1 file rules and §2 referential rules: names, encodings, headers, structure, zips."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest

from dashboard.ingest import contract
from dashboard.ingest.csvread import normalise_header
from dashboard.store.versions import Store
from tests.contract_helpers import CRIMES_HEADER, column, crimes, prepare, problems

ROW = "C1,2024-04-01,2024-04-02,19C"


@pytest.mark.parametrize("name", ["crimes.csv", "CRIMES.CSV", "Crimes.Csv"])
def test_file_names_case_insensitive(tmp_path, name):
    up = prepare(tmp_path, {name: crimes(ROW)})
    assert not up.report.has_errors and "crimes" in up.parsed


def test_gzip_file_accepted(tmp_path):
    up = prepare(tmp_path, {"crimes.csv.gz": gzip.compress(crimes(ROW).encode())})
    assert column(up, "crimes", "crime_ref") == ["C1"]


def test_unknown_file_name_refused_naming_the_tables(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes(ROW), "victims.csv": "a\n1\n"})
    [problem] = up.report.errors
    assert problem.file == "victims.csv"
    assert all(f"{t}.csv" in problem.rule for t in contract.TABLES)
    assert not up.can_commit(accept_invalid=True)


def test_utf8_bom_and_crlf(tmp_path):
    text = "\ufeff" + crimes(ROW).replace("\n", "\r\n")
    up = prepare(tmp_path, {"crimes.csv": text.encode("utf-8")})
    assert not up.report.has_errors
    assert column(up, "crimes", "crime_ref") == ["C1"]
    assert up.files[0].encoding == "utf-8-sig"


def test_welsh_letters_survive_utf8(tmp_path):
    header = CRIMES_HEADER + ",victim_id"
    up = prepare(tmp_path, {"crimes.csv": crimes(ROW + ",Ŵŷâ-1", header=header)})
    assert column(up, "crimes", "victim_id") == ["Ŵŷâ-1"]


def test_windows_1252_export(tmp_path):
    # Excel's "CSV" writes Windows-1252: â is byte 0xE2, not valid UTF-8 on its own.
    header = CRIMES_HEADER + ",victim_id,local_authority"
    data = crimes(ROW + ",Dâf-7,Sir Fynwy", header=header).encode("cp1252")
    up = prepare(tmp_path, {"crimes.csv": data})
    assert up.files[0].encoding == "windows-1252"
    assert column(up, "crimes", "victim_id") == ["Dâf-7"]
    assert column(up, "crimes", "local_authority") == ["W06000021"]


def test_undecodable_bytes_refused(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes(ROW).encode() + b"\x81\x8d\xff\n"})
    assert problems(up)[0][:2] == ("crimes.csv", None)


def test_header_normalisation(tmp_path):
    header = " Crime Ref , REPORTED-DATE,Recorded  Date,ho offence code"
    up = prepare(tmp_path, {"crimes.csv": crimes(ROW, header=header)})
    assert not up.report.has_errors
    assert column(up, "crimes", "reported_date")[0].isoformat() == "2024-04-01"


def test_missing_required_column_refuses_the_file(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": "crime_ref,reported_date\nC1,2024-04-01\n"})
    assert problems(up) == [
        ("crimes.csv", 1, "ho_offence_code", None),
    ]
    assert not up.can_commit(accept_invalid=True)


def test_unknown_column_is_a_warning(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes(ROW + ",x", header=CRIMES_HEADER + ",Team Notes")})
    assert not up.report.has_errors
    assert problems(up, "warning") == [("crimes.csv", 1, "Team Notes", None)]


PERSONAL_HEADERS = (
    "Date of Birth",
    "Post-Code",
    "Post Code",
    "Phone Number",
    "Email Address",
    "Victim Name",
    "Suspect Surname",
    "victim_postcode",
    "Telephone",
    "E-mail",
    "Home Address",
    "Forenames",
    "PNC ID",
)


@pytest.mark.parametrize("name", contract.PERSONAL_IDENTIFIER_COLUMNS + PERSONAL_HEADERS)
def test_personal_identifier_columns_refused(tmp_path, name):
    up = prepare(tmp_path, {"crimes.csv": crimes(ROW + ",x", header=f"{CRIMES_HEADER},{name}")})
    assert problems(up) == [("crimes.csv", 1, name, None)]
    assert "pseudonymise" in up.report.errors[0].rule
    assert not up.can_commit(accept_invalid=True)


def test_no_contract_column_looks_personal():
    names = [n for t in contract.TABLES for n, _ in contract.stored_columns(t)]
    assert "suspect_id" in names and "ho_offence_code" in names and "team" in names
    assert [n for n in names if contract.looks_personal(n)] == []
    for extra in ("Team Notes", "Officer Ref", "Occurrence Number", "Code"):  # not personal
        assert not contract.looks_personal(normalise_header(extra)), extra


def test_wrong_field_count_names_each_line(tmp_path):
    text = crimes(ROW, "C2,2024-04-01,2024-04-02", "C3,2024-04-01,2024-04-02,19C,extra", ROW)
    up = prepare(tmp_path, {"crimes.csv": text})
    assert [(p.line, p.severity) for p in up.report.errors] == [(3, "error"), (4, "error")]


def test_line_numbers_follow_quoted_newlines_and_blank_lines(tmp_path):
    header = CRIMES_HEADER + ",victim_id"
    text = crimes(
        ROW + ',"two\nlines"',  # lines 2-3
        "",  # line 4: blank
        "C2,31/02/2024,2024-04-02,19C,x",  # line 5: impossible date
        header=header,
    )
    up = prepare(tmp_path, {"crimes.csv": text})
    assert problems(up) == [("crimes.csv", 5, "reported_date", "31/02/2024")]


def test_unclosed_quote_is_refused_with_a_reason(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes(ROW, 'C2,"2024-04-01,2024-04-02,19C')})
    assert up.report.has_errors and not up.can_commit(accept_invalid=True)


def test_unclosed_quote_names_the_line_where_the_field_starts(tmp_path):
    # Line 4 opens a quote that never closes: it swallows lines 5 and 6.
    text = crimes(ROW, ROW.replace("C1", "C2"), 'C3,"2024-04-01,2024-04-02,19C', ROW, ROW)
    up = prepare(tmp_path, {"crimes.csv": text})
    assert problems(up) == [("crimes.csv", 4, None, None)]
    assert "quote" in up.report.errors[0].rule
    assert not up.can_commit(accept_invalid=True)


def test_unclosed_quote_in_the_header(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": 'crime_ref,"reported_date\nC1,2024-04-01\n'})
    assert problems(up) == [("crimes.csv", 1, None, None)]
    assert not up.can_commit(accept_invalid=True)


def test_empty_file(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": ""})
    assert problems(up) == [("crimes.csv", 1, None, None)]


def test_header_only_file_is_an_empty_table(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes(ROW), "outcomes.csv": "crime_ref,outcome_code\n"})
    assert not up.report.has_errors and up.parsed["outcomes"].typed.num_rows == 0


def test_zip_of_csvs(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("extract/crimes.csv", crimes(ROW))
        zf.writestr("extract/outcomes.csv.gz", gzip.compress(b"crime_ref,outcome_code\nC1,0\n"))
        zf.writestr("__MACOSX/._crimes.csv", b"junk")
    path = tmp_path / "week.zip"
    path.write_bytes(buf.getvalue())
    from dashboard.ingest import pipeline

    up = pipeline.prepare(Store(tmp_path / "store"), [path])
    assert not up.report.has_errors, up.report.as_text()
    assert set(up.parsed) == {"crimes", "outcomes"}


def test_bad_zip(tmp_path):
    path = tmp_path / "week.zip"
    path.write_bytes(b"not a zip")
    from dashboard.ingest import pipeline

    up = pipeline.prepare(Store(tmp_path / "store"), [path])
    assert up.report.errors[0].file.endswith("week.zip")


def test_every_problem_is_found_and_the_list_is_capped(tmp_path):
    rows = [f"C{i},31/02/2024,2024-04-02,99Z" for i in range(150)]  # two errors a row
    up = prepare(tmp_path, {"crimes.csv": crimes(*rows)})
    assert up.report.error_count == 300
    assert len(up.report.errors) == 200
    assert "200 of 300 errors listed" in up.report.as_text()


def test_first_upload_must_contain_crimes(tmp_path):
    up = prepare(tmp_path, {"training.csv": "staff_id,in_scope,course\nT1,Y,word_on_word\n"})
    assert any("crimes.csv" in p.rule for p in up.report.errors)
    assert not up.can_commit(accept_invalid=True)


def test_references_checked_against_the_upload(tmp_path):
    files = {
        "crimes.csv": crimes(ROW),
        "outcomes.csv": "crime_ref,outcome_code,outcome_date\nC1,16,2024-05-01\nC9,16,2024-05-01\n",
        "orders.csv": "order_id,suspect_id,crime_ref,order_type,applied_date,decision\n"
        "O1,S1,,SHPO,2024-04-01,pending\nO2,S1,C8,SHPO,2024-04-01,pending\n",
        "bail.csv": "bail_id,crime_ref,suspect_id,release_type,start_date\n"
        "B1,C1,S1,rui,2024-04-03\n",
        "breaches.csv": "breach_id,breach_of,ref_id,breach_at\n"
        "X1,bail,B1,2024-04-05\nX2,order,B1,2024-04-05\nX3,order,O1,2024-04-05\n",
    }
    up = prepare(tmp_path, files)
    assert problems(up) == [
        ("breaches.csv", 3, "ref_id", "B1"),  # B1 is a bail, not an order
        ("orders.csv", 3, "crime_ref", "C8"),
        ("outcomes.csv", 3, "crime_ref", "C9"),
    ]


def test_references_checked_against_the_data_after_the_upload(tmp_path):
    from dashboard.ingest import pipeline

    store = Store(tmp_path / "store")
    pipeline.commit(store, prepare(tmp_path, {"crimes.csv": crimes(ROW)}, store))
    # Outcomes alone may refer to crimes already loaded.
    later = prepare(
        tmp_path, {"outcomes.csv": "crime_ref,outcome_code,outcome_date\nC1,16,2024-05-01\n"}, store
    )
    assert not later.report.has_errors
    pipeline.commit(store, later)
    # Replacing crimes without C1 would orphan the loaded outcome.
    orphaning = prepare(tmp_path, {"crimes.csv": crimes("C2,2024-04-01,2024-04-02,19C")}, store)
    assert problems(orphaning) == [("outcomes (current data)", None, "crime_ref", "C1")]


def test_line_numbers_hold_on_a_large_file_read_in_parallel(tmp_path):
    # Large enough for DuckDB to work in parallel (rows may come back out of order): the
    # reported lines must still be the file's own, in file order, and duplicates found.
    rows = [f"C{i},2024-04-01,2024-04-02,19C" for i in range(150_000)]
    rows[0] = "C0,31/02/2024,2024-04-02,19C"  # line 2
    rows[99_999] = "C99999,2024-04-01,2024-04-02,99Z"  # line 100001
    rows[149_999] = "C5,2024-04-01,2024-04-02,19C"  # line 150001: repeats C5's key
    up = prepare(tmp_path, {"crimes.csv": crimes(*rows)})
    assert problems(up) == [
        ("crimes.csv", 2, "reported_date", "31/02/2024"),
        ("crimes.csv", 100001, "ho_offence_code", "99Z"),
        ("crimes.csv", 150001, "crime_ref", "C5"),
    ]
    refs = up.parsed["crimes"].typed.column("crime_ref").to_numpy(zero_copy_only=False)
    assert sorted(refs[up.parsed["crimes"].invalid]) == ["C0", "C5", "C99999"]
