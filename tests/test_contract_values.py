"""Contract §1: every value rule, good and bad (dates, date-times, booleans, codes, areas)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.contract_helpers import column, crimes, prepare, problems

OK = "2024-04-01,2024-04-02,19C"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-04-01", dt.date(2024, 4, 1)),
        ("01/04/2024", dt.date(2024, 4, 1)),  # UK day first
        ("1/4/2024", dt.date(2024, 4, 1)),  # D/M/YYYY
        ("2024-4-1", dt.date(2024, 4, 1)),
        (" 29/02/2024 ", dt.date(2024, 2, 29)),  # trimmed; a real leap day
    ],
)
def test_dates_iso_and_uk(tmp_path, text, expected):
    up = prepare(tmp_path, {"crimes.csv": crimes(f'C1,"{text}",2024-04-02,19C')})
    assert column(up, "crimes", "reported_date") == [expected]
    assert not up.report.has_errors


@pytest.mark.parametrize(
    "text",
    ["31/02/2024", "2024-02-30", "29/02/2023", "12/25/2024", "01/04/24", "2024/04/01", "tomorrow"],
)
def test_impossible_or_month_first_dates_are_errors(tmp_path, text):
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,{text},2024-04-02,19C")})
    assert problems(up) == [("crimes.csv", 2, "reported_date", text)]


def test_ambiguous_date_is_read_day_first(tmp_path):
    # 03/04/2024 is 3 April in the UK, never 4 March.
    up = prepare(tmp_path, {"crimes.csv": crimes("C1,03/04/2024,2024-04-05,19C")})
    assert column(up, "crimes", "reported_date") == [dt.date(2024, 4, 3)]


BREACH_HEADER = "breach_id,breach_of,ref_id,breach_at"
BAIL = "bail_id,crime_ref,suspect_id,release_type,start_date\nB1,C1,S1,rui,2024-04-03\n"


def _breach_upload(tmp_path, breach_at: str):
    files = {
        "crimes.csv": crimes("C1," + OK),
        "bail.csv": BAIL,
        "breaches.csv": f'{BREACH_HEADER}\nX1,bail,B1,"{breach_at}"\n',
    }
    return prepare(tmp_path, files)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-04-05 13:45", dt.datetime(2024, 4, 5, 13, 45)),
        ("2024-04-05 13:45:10", dt.datetime(2024, 4, 5, 13, 45, 10)),
        ("2024-04-05T13:45", dt.datetime(2024, 4, 5, 13, 45)),
        ("05/04/2024 09:05", dt.datetime(2024, 4, 5, 9, 5)),
        ("5/4/2024T09:05:07", dt.datetime(2024, 4, 5, 9, 5, 7)),
        ("05/04/2024", dt.datetime(2024, 4, 5, 0, 0)),  # a bare date is midnight
    ],
)
def test_date_times(tmp_path, text, expected):
    up = _breach_upload(tmp_path, text)
    assert not up.report.has_errors, up.report.as_text()
    assert column(up, "breaches", "breach_at") == [expected]


@pytest.mark.parametrize("text", ["2024-04-05 25:00", "2024-04-05 13", "31/04/2024 10:00", "noon"])
def test_bad_date_times(tmp_path, text):
    up = _breach_upload(tmp_path, text)
    assert problems(up) == [("breaches.csv", 2, "breach_at", text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Y", True),
        ("yes", True),
        ("TRUE", True),
        ("1", True),
        ("n", False),
        ("No", False),
        ("false", False),
        ("0", False),
        ("", None),
        (" Yes ", True),
    ],
)
def test_boolean_spellings(tmp_path, text, expected):
    header = "crime_ref,reported_date,recorded_date,ho_offence_code,domestic_abuse"
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,{OK},{text}", header=header)})
    assert not up.report.has_errors
    assert column(up, "crimes", "domestic_abuse") == [expected]


def test_bad_boolean(tmp_path):
    header = "crime_ref,reported_date,recorded_date,ho_offence_code,domestic_abuse"
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,{OK},maybe", header=header)})
    assert problems(up) == [("crimes.csv", 2, "domestic_abuse", "maybe")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("16", "16"),
        ("016", "16"),
        ("OC16", "16"),
        ("Outcome 16", "16"),
        ("oc 16", "16"),
        ("1A", "1A"),
        ("1a", "1A"),
        ("0", "0"),
        ("00", "0"),
        ("Outcome 0", "0"),
        ("3A", "3A"),
        ("OC0", "0"),
        ("outcome 016", "16"),
        ("OUTCOME00", "0"),
        ("  OC 16  ", "16"),  # spaces around the cell are trimmed
    ],
)
def test_outcome_code_spellings(tmp_path, text, expected):
    date = "" if expected == "0" else "2024-05-01"
    files = {
        "crimes.csv": crimes(f"C1,{OK}"),
        "outcomes.csv": f"crime_ref,outcome_code,outcome_date\nC1,{text},{date}\n",
    }
    up = prepare(tmp_path, files)
    assert not up.report.has_errors, up.report.as_text()
    assert column(up, "outcomes", "outcome_code") == [expected]


@pytest.mark.parametrize("text", ["19", "OC99", "1B", "X", "OC", "Outcome", "OCOC16", "16 A"])
def test_unknown_outcome_codes(tmp_path, text):
    files = {
        "crimes.csv": crimes(f"C1,{OK}"),
        "outcomes.csv": f"crime_ref,outcome_code,outcome_date\nC1,{text},2024-05-01\n",
    }
    assert problems(prepare(tmp_path, files)) == [("outcomes.csv", 2, "outcome_code", text)]


@pytest.mark.parametrize(
    "text, code, subclass",
    [
        ("19C", "19C", None),
        ("019c", "19C", None),
        ("22A/01", "22A", "01"),
        ("088e", "88E", None),
        ("21", "21", None),
    ],
)
def test_offence_code_spellings(tmp_path, text, code, subclass):
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,2024-04-01,2024-04-02,{text}")})
    assert not up.report.has_errors
    assert column(up, "crimes", "ho_offence_code") == [code]
    assert column(up, "crimes", "ho_subclass") == [subclass]


@pytest.mark.parametrize("text", ["99Z", "19", "8A", "burglary"])
def test_offence_code_not_a_sexual_offence(tmp_path, text):
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,2024-04-01,2024-04-02,{text}")})
    assert problems(up) == [("crimes.csv", 2, "ho_offence_code", text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("W06000022", "W06000022"),
        ("Newport", "W06000022"),
        ("Casnewydd", "W06000022"),
        ("caerffili", "W06000018"),
        ("Sir Fynwy", "W06000021"),
        (" MONMOUTHSHIRE ", "W06000021"),
        ("", None),
    ],
)
def test_local_authority_names(tmp_path, text, expected):
    header = "crime_ref,reported_date,recorded_date,ho_offence_code,local_authority"
    up = prepare(tmp_path, {"crimes.csv": crimes(f'C1,{OK},"{text}"', header=header)})
    assert up.report.warning_count == 0 and not up.report.has_errors
    assert column(up, "crimes", "local_authority") == [expected]


def test_unknown_local_authority_is_a_warning_stored_as_unknown(tmp_path):
    header = "crime_ref,reported_date,recorded_date,ho_offence_code,local_authority"
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,{OK},Cardiff", header=header)})
    assert not up.report.has_errors
    assert problems(up, "warning") == [("crimes.csv", 2, "local_authority", "Cardiff")]
    assert column(up, "crimes", "local_authority") == ["unknown"]


@pytest.mark.parametrize(
    "text, expected", [("Female", "F"), (" f ", "F"), ("MALE", "M"), ("Other", "X"), ("U", "U")]
)
def test_enumerations_are_case_insensitive_with_aliases(tmp_path, text, expected):
    header = "crime_ref,reported_date,recorded_date,ho_offence_code,victim_sex"
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,{OK},{text}", header=header)})
    assert column(up, "crimes", "victim_sex") == [expected]


def test_bad_enumeration_names_the_accepted_values(tmp_path):
    header = "crime_ref,reported_date,recorded_date,ho_offence_code,relationship"
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,{OK},neighbour", header=header)})
    [problem] = up.report.errors
    assert problem.value == "neighbour" and "stranger" in problem.rule


@pytest.mark.parametrize(
    "text, ok",
    [("0", True), ("120", True), ("121", False), ("-1", False), ("twelve", False), ("12.5", False)],
)
def test_victim_age(tmp_path, text, ok):
    header = "crime_ref,reported_date,recorded_date,ho_offence_code,victim_age"
    up = prepare(tmp_path, {"crimes.csv": crimes(f"C1,{OK},{text}", header=header)})
    assert up.report.has_errors is not ok
    if ok:
        assert column(up, "crimes", "victim_age") == [int(text)]


def test_identifiers_are_trimmed_and_keep_case(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes(f"  GW/2024/Ab1  ,{OK}")})
    assert column(up, "crimes", "crime_ref") == ["GW/2024/Ab1"]


def test_record_type_defaults_to_crime_and_n100_needs_no_recorded_date(tmp_path):
    header = "crime_ref,record_type,reported_date,recorded_date,ho_offence_code"
    text = crimes("C1,,2024-04-01,2024-04-02,19C", "C2,N100,2024-04-01,,19C", header=header)
    up = prepare(tmp_path, {"crimes.csv": text})
    assert not up.report.has_errors
    assert column(up, "crimes", "record_type") == ["crime", "n100"]


def test_a_default_stands_for_an_empty_cell_only_never_for_a_wrong_value(tmp_path):
    # `crimn` is not a record type: an error, not a crime (the default fills empty cells only).
    header = "crime_ref,record_type,reported_date,recorded_date,ho_offence_code"
    text = crimes("C1,crimn,2024-04-01,2024-04-02,19C", header=header)
    up = prepare(tmp_path, {"crimes.csv": text})
    assert problems(up) == [("crimes.csv", 2, "record_type", "crimn")]
    assert column(up, "crimes", "record_type") == [None]


def test_conditional_requirements(tmp_path):
    files = {
        "crimes.csv": crimes("C1,2024-04-01,,19C"),  # a crime needs recorded_date
        "outcomes.csv": "crime_ref,outcome_code,outcome_date\nC1,16,\n",  # not code 0: needs a date
        "orders.csv": "order_id,suspect_id,order_type,applied_date,decision,decision_date\n"
        "O1,S1,SHPO,2024-04-01,pending,\nO2,S1,SHPO,2024-04-01,granted,\n",
    }
    up = prepare(tmp_path, files)
    assert problems(up) == [
        ("crimes.csv", 2, "recorded_date", ""),
        ("orders.csv", 3, "decision_date", ""),
        ("outcomes.csv", 2, "outcome_date", ""),
    ]


def test_recorded_before_reported_is_a_warning(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes("C1,2024-04-05,2024-04-01,19C")})
    assert not up.report.has_errors
    assert problems(up, "warning") == [("crimes.csv", 2, "recorded_date", "2024-04-01")]


def test_duplicate_keys_single_and_composite(tmp_path):
    files = {
        "crimes.csv": crimes(f"C1,{OK}", f"C2,{OK}", f"C1,{OK}"),
        "suspects.csv": "crime_ref,suspect_id\nC1,S1\nC1,S2\nC1,S1\n",
    }
    up = prepare(tmp_path, files)
    assert problems(up) == [
        ("crimes.csv", 4, "crime_ref", "C1"),
        ("suspects.csv", 4, "suspect_id", "S1"),
    ]


def test_required_value_missing(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes(",2024-04-01,2024-04-02,19C")})
    assert problems(up) == [("crimes.csv", 2, "crime_ref", "")]
