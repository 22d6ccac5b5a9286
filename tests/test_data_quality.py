"""The data-quality checks (queries/checks/*.sql) and the completeness table, worked by hand.

The fixture tests/fixtures/checks/extract is a contract-valid extract (it loads through the real
ingest, with two warnings: Q02 recorded before reported, Q04's local authority "Cardiff" stored as
unknown). Each row is there to break one check, or to sit exactly on a boundary and not break it:

crimes      rep.   rec.   offence  LA        breaks
  Q01       04-01  04-02  03-30    Newport   nothing (outcome 1 with suspect S01)
  Q02       04-10  04-08  -        blank     recorded_before_reported,
                                             crimes_unknown_local_authority
  Q03       04-12  04-15  04-01    Caerph.   outcome_before_recorded (outcome 16 on 04-13)
  Q04       04-20  04-20  04-25    "Cardiff" offence_after_report, crimes_unknown_local_authority
                                             (reported = recorded: not recorded_before_reported)
  Q05       05-02  05-03  05-01    BG        victim_withdrawal_before_report (withdrew 04-30)
  Q06       05-06  05-06  -        Torfaen   charged_without_suspect (1A, no suspects row)
  Q07       05-10  05-11  05-09    Monm.     no_suspect_outcome_with_suspect (18, suspect S07)
  Q08       05-15  05-16  05-14    Newport   arrest_before_report (S08A arrested 05-12; S08B on
                                             05-16 is fine)
  Q09       06-03  06-04  06-01    Monm.     nothing (June: crimes but no suspects)
  N01 n100  05-20  -      -        blank     crimes_unknown_local_authority (every record type)
bail        BL01 clean; BL02 (Q08/S08A) ends 05-10 before its 05-20 start; BL03 (Q03/S99) and
            BL04 (Q08/S01: S01 is Q01's suspect, not Q08's) are not linked in suspects.
orders      OR01 clean; OR02 decided 05-25 before applied 06-01; OR03 expires 06-15 before its
            06-20 decision; OR04 is pending (no decision date) with an expiry before its
            application: not checked by order_expiry_before_decision.
breaches    BR01 clean (reported at the breach's own minute); BR02 actioned 19:30 before its
            20:00 breach; BR03 reported 04-19 18:00 before its 04-20 09:00 breach; BR04 bare dates
            (midnight): action at the same midnight, no reported_at: clean; BR05 breaches OR02 on
            05-30 before its 06-01 application; BR06 breaches BL03 at midnight of its start day:
            clean; BR07 breaches BL04 at 05-16 23:00, before its 05-17 start.
biometrics  S01/Q01 clean; S03/Q03 decided with no application; S08A/Q08 applied 05-20 before
            the 06-01 NFA; S08B/Q08 decided 06-02 before applying 06-05; S77/Q03 not a suspect.

The bundled sample's counts are a golden file, tests/fixtures/checks/sample_results.json. The test
never writes it. When a check or the sample changes on purpose, rewrite it deliberately with

    .venv/bin/python -m tests.test_data_quality --write-sample-results

and review the diff (each changed count should be explained by the change).
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard.figures import data_quality, queries
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import metric_params
from dashboard.filters import Filters
from dashboard.ingest import contract
from dashboard.periods import Period
from dashboard.settings import QUERIES, ROOT
from tests.fixture_store import load_fixture

# The extract sits in a folder of its own: ingest refuses a folder holding any other file.
CHECKS_FIXTURE = Path(__file__).parent / "fixtures" / "checks" / "extract"
SAMPLE = ROOT / "data" / "sample"
SAMPLE_RESULTS = CHECKS_FIXTURE.parent / "sample_results.json"
CHECK_NAMES = sorted(p.stem for p in (QUERIES / "checks").glob("*.sql"))

D = date
T = datetime

# name -> (columns, offending rows in order), from the table in the module docstring.
EXPECTED: dict[str, tuple[tuple[str, ...], list[tuple]]] = {
    "arrest_before_report": (
        ("crime_ref", "suspect_id", "reported_date", "arrest_date"),
        [("Q08", "S08A", D(2024, 5, 15), D(2024, 5, 12))],
    ),
    "bail_end_before_start": (
        ("bail_id", "crime_ref", "suspect_id", "release_type", "start_date", "end_date"),
        [("BL02", "Q08", "S08A", "rui", D(2024, 5, 20), D(2024, 5, 10))],
    ),
    "bail_suspect_not_linked": (
        ("bail_id", "crime_ref", "suspect_id", "release_type", "start_date"),
        [
            ("BL03", "Q03", "S99", "pre_charge_bail", D(2024, 4, 16)),
            ("BL04", "Q08", "S01", "rui", D(2024, 5, 17)),
        ],
    ),
    "biometrics_suspect_not_linked": (
        ("crime_ref", "suspect_id", "nfa_date", "application_date"),
        [("Q03", "S77", D(2024, 5, 1), None)],
    ),
    "breach_action_before_breach": (
        ("breach_id", "breach_of", "ref_id", "breach_at", "action", "action_at"),
        [("BR02", "bail", "BL01", T(2024, 6, 1, 20, 0), "warning", T(2024, 6, 1, 19, 30))],
    ),
    "breach_before_bail_or_order": (
        ("breach_id", "breach_of", "ref_id", "breach_at", "began_date"),
        [
            ("BR05", "order", "OR02", T(2024, 5, 30, 12, 0), D(2024, 6, 1)),
            ("BR07", "bail", "BL04", T(2024, 5, 16, 23, 0), D(2024, 5, 17)),
        ],
    ),
    "breach_reported_before_breach": (
        ("breach_id", "breach_of", "ref_id", "breach_at", "reported_at"),
        [("BR03", "order", "OR01", T(2024, 4, 20, 9, 0), T(2024, 4, 19, 18, 0))],
    ),
    "charged_without_suspect": (
        ("crime_ref", "record_type", "outcome_code", "outcome_date"),
        [("Q06", "crime", "1A", D(2024, 8, 1))],
    ),
    "crimes_unknown_local_authority": (
        ("crime_ref", "record_type", "reported_date", "local_authority"),
        [
            ("N01", "n100", D(2024, 5, 20), None),
            ("Q02", "crime", D(2024, 4, 10), None),
            ("Q04", "crime", D(2024, 4, 20), "unknown"),
        ],
    ),
    "no_suspect_outcome_with_suspect": (
        ("crime_ref", "record_type", "outcome_code", "outcome_date", "suspect_count"),
        [("Q07", "crime", "18", D(2024, 7, 1), 1)],
    ),
    "offence_after_report": (
        ("crime_ref", "record_type", "offence_date", "reported_date"),
        [("Q04", "crime", D(2024, 4, 25), D(2024, 4, 20))],
    ),
    "order_decided_before_applied": (
        (
            "order_id",
            "suspect_id",
            "crime_ref",
            "order_type",
            "applied_date",
            "decision",
            "decision_date",
        ),
        [("OR02", "S08A", "Q08", "SHPO", D(2024, 6, 1), "granted", D(2024, 5, 25))],
    ),
    "order_expiry_before_decision": (
        (
            "order_id",
            "suspect_id",
            "crime_ref",
            "order_type",
            "decision",
            "decision_date",
            "expiry_date",
        ),
        [("OR03", "S09X", None, "SRO", "granted", D(2024, 6, 20), D(2024, 6, 15))],
    ),
    "outcome_before_recorded": (
        ("crime_ref", "record_type", "recorded_date", "outcome_code", "outcome_date"),
        [("Q03", "crime", D(2024, 4, 15), "16", D(2024, 4, 13))],
    ),
    "recorded_before_reported": (
        ("crime_ref", "record_type", "reported_date", "recorded_date"),
        [("Q02", "crime", D(2024, 4, 10), D(2024, 4, 8))],
    ),
    "s63g_application_before_nfa": (
        ("crime_ref", "suspect_id", "nfa_date", "application_date"),
        [("Q08", "S08A", D(2024, 6, 1), D(2024, 5, 20))],
    ),
    "s63g_decision_before_application": (
        ("crime_ref", "suspect_id", "application_date", "decision", "decision_date"),
        [
            ("Q03", "S03", None, "granted", D(2024, 6, 1)),
            ("Q08", "S08B", D(2024, 6, 5), "refused", D(2024, 6, 2)),
        ],
    ),
    "victim_withdrawal_before_report": (
        ("crime_ref", "record_type", "reported_date", "victim_withdrawal_date"),
        [("Q05", "crime", D(2024, 5, 2), D(2024, 4, 30))],
    ),
}


def _plain(value: object) -> object:
    """A comparable Python value: None for any null, datetime for a timestamp, int for int64."""
    # NaT is a datetime (so a date) to isinstance: test for it by identity.
    if value is None or value is pd.NaT or (not isinstance(value, str | date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(_plain(v) for v in row) for row in frame.itertuples(index=False)]


def sample_counts(engine: Engine) -> dict[str, int]:
    return {result.name: result.count for result in data_quality.run_checks(engine)}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(load_fixture(tmp_path_factory.mktemp("checks"), CHECKS_FIXTURE), "checks") as e:
        yield e


@pytest.fixture(scope="module")
def sample_engine(tmp_path_factory):
    with Engine(load_fixture(tmp_path_factory.mktemp("sample"), SAMPLE), "sample") as e:
        yield e


# --- The check files ---------------------------------------------------------------------------


def test_every_check_file_is_a_checks_query():
    assert CHECK_NAMES
    assert [q.name for q in queries.queries_of_kind("checks")] == CHECK_NAMES


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_check_header_says_count_of_problems(name):
    query = queries.get_query("checks", name)
    assert query.metric == name
    assert (query.unit, query.better, query.basis) == ("count", "down", "none")
    assert query.params == ()


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_fixture_triggers_every_check(engine, name):
    assert len(data_quality.offending_rows(engine, name)) > 0, (
        f"nothing in the fixture breaks {name}"
    )


def test_every_check_has_its_expected_rows_written_down():
    assert sorted(EXPECTED) == CHECK_NAMES


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_check_returns_exactly_the_offending_rows(engine, name):
    columns, expected = EXPECTED[name]
    frame = data_quality.offending_rows(engine, name)
    assert tuple(frame.columns) == columns
    assert rows(frame) == expected


# --- run_checks ----------------------------------------------------------------------------------


def test_run_checks_on_the_fixture(engine):
    results = data_quality.run_checks(engine)
    assert [r.name for r in results] == CHECK_NAMES
    for result in results:
        query = queries.get_query("checks", result.name)
        assert (result.label, result.definition) == (query.label, query.definition)
        assert result.count == len(EXPECTED[result.name][1])
        assert rows(result.first_rows) == EXPECTED[result.name][1]
        assert not result.passed


class _ManyRows:
    """A stand-in engine whose every check returns 25 offending rows."""

    def query(self, sql, params=None):
        assert params == {}
        return pd.DataFrame({"crime_ref": [f"C{i:02d}" for i in range(25)]})


def test_first_rows_are_capped_but_count_is_not():
    result = data_quality.run_checks(_ManyRows())[0]
    assert result.count == 25
    assert list(result.first_rows["crime_ref"]) == [f"C{i:02d}" for i in range(20)]


def test_no_check_fires_on_an_empty_store(tmp_path):
    with Engine(tmp_path, "empty") as empty:
        assert all(r.passed and r.first_rows.empty for r in data_quality.run_checks(empty))


# --- The bundled sample (golden counts) ---------------------------------------------------------


def test_sample_counts_match_the_recorded_results(sample_engine):
    recorded = json.loads(SAMPLE_RESULTS.read_text(encoding="utf-8"))["counts"]
    assert sorted(recorded) == CHECK_NAMES, (
        "a check was added or removed: record its sample count deliberately (module docstring)"
    )
    assert sample_counts(sample_engine) == recorded, (
        "the checks on data/sample differ from sample_results.json; if the change is intended, "
        "rewrite the file as the module docstring says and review the diff"
    )


# --- Completeness by month ----------------------------------------------------------------------

APRIL_TO_JULY = Period(date(2024, 4, 1), date(2024, 7, 31))
OPTIONAL = {
    "crimes": (
        "offence_date",
        "local_authority",
        "victim_id",
        "victim_age",
        "victim_sex",
        "relationship",
        "domestic_abuse",
        "isva_referral_date",
        "victim_withdrawal_date",
    ),
    "outcomes": ("outcome_date",),
    "suspects": (
        "identified_date",
        "arrest_date",
        "voluntary_interview_date",
        "interview_date",
        "biometrics_taken",
    ),
    "bail": ("end_date", "has_conditions", "authorised_by"),
    "orders": ("crime_ref", "decision_date", "expiry_date"),
    "breaches": ("reported_at", "action", "action_at", "breach_crime_ref"),
    "biometrics": ("application_date", "decision", "decision_date"),
    "training": ("team", "completed_date"),
}
COLUMNS = [(table, column) for table, columns in OPTIONAL.items() for column in columns]


def month(**tables: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(filled, total) for every optional column, in contract order; tables not given: none."""
    return [
        cell
        for table, columns in OPTIONAL.items()
        for cell in tables.get(table, [(0, 0)] * len(columns))
    ]


# (filled, total) per column, by month, counted from the fixture's CSVs. A row's month: crimes
# by recorded date; outcomes, suspects, bail and biometrics by their crime's recorded month;
# orders by applied_date; breaches by breach_at.
# April: crimes Q01-Q04. offence_date: Q01 Q03 Q04 = 3; local_authority: Q01 Q03 = 2 (Q02 blank,
#   Q04 unknown); victim_id 4; victim_age: not Q02 = 3; victim_sex 4 (Q02's "U" counts);
#   relationship: not Q02 = 3; domestic_abuse: not Q02 = 3; isva: Q01 = 1; withdrawal 0.
#   Outcomes of those crimes: Q01, Q02 (code 0, no date), Q03 = 3, 2 dated.
#   Suspects: Q01/S01, Q03/S03 = 2. identified 2; arrest S01 = 1; voluntary interview S03 = 1;
#   interview S01 = 1; biometrics S01 = 1.
#   Bail: BL01 (Q01: ended, conditions, inspector), BL03 (Q03: open, conditions, custody
#   officer) = 2: end 1, conditions 2, authorised 2.
#   Orders applied in April: OR01 (crime, decided, expiry) = 1 of each.
#   Breaches in April: BR03 (reported), BR04 (action "none" and its time), BR06 (reported) = 3:
#   reported 2, action 1, action_at 1, breach crime 0.
#   Biometrics of those crimes: S01/Q01 (all three), S03/Q03 (decision and its date), S77/Q03
#   (none) = 3: application 1, decision 2, decision date 2.
# May: crimes Q05-Q08 (N01 is an N100, not a crime). offence_date: not Q06 = 3; local authority
#   4; victim_id: not Q08 = 3; age, sex, relationship, domestic abuse 4; isva: Q05 Q07 = 2;
#   withdrawal: Q05 Q07 = 2. Outcomes: Q06, Q07, Q08 = 3, all dated. Suspects: Q07/S07
#   (nothing filled), Q08/S08A, Q08/S08B = 3. identified 2; arrest 2; voluntary 0; interview
#   S08A = 1; biometrics 2 (false is a value). Bail: BL02 (ended, conditions false), BL04
#   (nothing) = 2: end 1, conditions 1, authorised 0. No order applied. Breaches: BR01 and BR07
#   (reported, arrest, its time), BR05 (nothing) = 3: 2, 2, 2, 0. Biometrics: S08A/Q08
#   (application, pending), S08B/Q08 (all three) = 2: application 2, decision 2, date 1.
# June: Q09, every crime column filled but isva and withdrawal; nothing linked to it. Orders
#   applied: OR02 (crime, decided, expiry), OR03 (no crime, decided, expiry) = 2: 1, 2, 2.
#   Breaches: BR02 (reported, warning, its time) = 1.
# July: only OR04 (applied 07-01: no crime, pending so no decision date, an expiry) = 1: 0, 0, 1.
COUNTS = {
    date(2024, 4, 1): month(
        crimes=[(3, 4), (2, 4), (4, 4), (3, 4), (4, 4), (3, 4), (3, 4), (1, 4), (0, 4)],
        outcomes=[(2, 3)],
        suspects=[(2, 2), (1, 2), (1, 2), (1, 2), (1, 2)],
        bail=[(1, 2), (2, 2), (2, 2)],
        orders=[(1, 1), (1, 1), (1, 1)],
        breaches=[(2, 3), (1, 3), (1, 3), (0, 3)],
        biometrics=[(1, 3), (2, 3), (2, 3)],
    ),
    date(2024, 5, 1): month(
        crimes=[(3, 4), (4, 4), (3, 4), (4, 4), (4, 4), (4, 4), (4, 4), (2, 4), (2, 4)],
        outcomes=[(3, 3)],
        suspects=[(2, 3), (2, 3), (0, 3), (1, 3), (2, 3)],
        bail=[(1, 2), (1, 2), (0, 2)],
        breaches=[(2, 3), (2, 3), (2, 3), (0, 3)],
        biometrics=[(2, 2), (2, 2), (1, 2)],
    ),
    date(2024, 6, 1): month(
        crimes=[(1, 1)] * 7 + [(0, 1), (0, 1)],
        orders=[(1, 2), (2, 2), (2, 2)],
        breaches=[(1, 1), (1, 1), (1, 1), (0, 1)],
    ),
    date(2024, 7, 1): month(orders=[(0, 1), (0, 1), (1, 1)]),
}


def expected_completeness(counts: dict[date, list[tuple[int, int]]]) -> list[tuple]:
    return [
        (
            month_start,
            table,
            column,
            filled,
            total - filled,
            total,
            filled / total if total else None,
        )
        for month_start, cells in counts.items()
        for (table, column), (filled, total) in zip(COLUMNS, cells, strict=True)
    ]


def test_completeness_columns_are_the_contracts_optional_columns():
    def optional(table: str) -> tuple[str, ...]:
        return tuple(
            c.name
            for c in contract.TABLES[table].columns
            if not c.required and c.required_when is None and c.default is None
        )

    # the eight tables of records, in contract order (targets and process changes are not records)
    assert tuple(OPTIONAL) == contract.RECORD_TABLES
    for table, columns in OPTIONAL.items():
        assert optional(table) == columns, table


def test_completeness_by_month(engine):
    frame = data_quality.completeness(engine, APRIL_TO_JULY)
    assert list(frame.columns) == [
        "month_start",
        "table_name",
        "column_name",
        "filled",
        "missing",
        "total",
        "complete_share",
    ]
    # SQL and Python divide the same integers, so the shares compare exactly.
    assert rows(frame) == expected_completeness(COUNTS)


def test_completeness_with_a_filter_and_a_part_month(engine):
    # Unknown local authority, 1 to 15 April: Q02 (04-08) only; Q04 (04-20) is after the period.
    # Q02 has victim_id and victim_sex and nothing else optional; its outcome (code 0) has no
    # date; it has no suspects, bail or biometrics. OR01 (04-05) and the breach of it BR04
    # (04-10) belong to Q01 in Newport: filtered out.
    period = Period(date(2024, 4, 1), date(2024, 4, 15))
    frame = data_quality.completeness(engine, period, Filters(local_authority="unknown"))
    april = [(0, 1), (0, 1), (1, 1), (0, 1), (1, 1), (0, 1), (0, 1), (0, 1), (0, 1)]
    expected = expected_completeness({date(2024, 4, 1): month(crimes=april, outcomes=[(0, 1)])})
    assert rows(frame) == expected


def test_training_counts_once_in_the_last_month(tmp_path):
    # The sample has training rows (no date of their own): every one of them counts in the
    # period's last month, and in no other.
    with Engine(load_fixture(tmp_path, SAMPLE), "sample") as e:
        frame = data_quality.completeness(e, Period(date(2024, 4, 1), date(2024, 6, 30)))
        staff = e.query("select count(*) as n from training")["n"].iat[0]
    training = frame[frame["table_name"] == "training"]
    assert set(training.loc[training["month_start"] < date(2024, 6, 1), "total"]) == {0}
    assert staff > 0
    assert set(training.loc[training["month_start"] == date(2024, 6, 1), "total"]) == {staff}


def test_least_complete_column_comes_from_its_own_query(engine):
    """The page's sentence reads queries/breakdown/completeness_by_column.sql (no pandas in the
    page): the columns added up over the period, the least complete first."""
    query = queries.get_query("breakdown", "completeness_by_column")
    frame = queries.run(engine, query, metric_params(APRIL_TO_JULY))
    assert list(frame.columns) == [
        "table_name",
        "column_name",
        "filled",
        "missing",
        "total",
        "complete_share",
    ]
    # Over April to July: breaches.breach_crime_ref 0 of 3 + 3 + 1 = 7; suspects'
    # voluntary_interview_date 1 of 2 + 3 = 5; crimes.victim_withdrawal_date 2 of 4 + 4 + 1 = 9.
    assert rows(frame.head(3)) == [
        ("breaches", "breach_crime_ref", 0, 7, 7, 0.0),
        ("suspects", "voluntary_interview_date", 1, 4, 5, 0.2),
        ("crimes", "victim_withdrawal_date", 2, 7, 9, 2 / 9),
    ]
    # Columns with no rows come last (no share), and every optional column is there once.
    assert rows(frame.tail(2)) == [
        ("training", "team", 0, 0, 0, None),
        ("training", "completed_date", 0, 0, 0, None),
    ]
    assert sorted(zip(frame["table_name"], frame["column_name"], strict=True)) == sorted(COLUMNS)
    # The same figures as the months added up.
    monthly = data_quality.completeness(engine, APRIL_TO_JULY)
    sums = monthly.groupby(["table_name", "column_name"])[["filled", "total"]].sum()
    for _, row in frame.iterrows():
        assert tuple(sums.loc[(row["table_name"], row["column_name"])]) == (
            row["filled"],
            row["total"],
        )


def write_sample_results() -> None:
    """Recompute the sample's counts and rewrite the golden file: run by hand, never by a test."""
    with tempfile.TemporaryDirectory() as tmp:
        with Engine(load_fixture(Path(tmp), SAMPLE), "sample") as e:
            counts = sample_counts(e)
    about = (
        "Offending-row counts of each queries/checks/*.sql on data/sample, recorded by "
        "`python -m tests.test_data_quality --write-sample-results`; compared by "
        "tests/test_data_quality.py."
    )
    text = json.dumps({"about": about, "counts": counts}, indent=2) + "\n"
    SAMPLE_RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {SAMPLE_RESULTS.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-sample-results"]:
        sys.exit("usage: python -m tests.test_data_quality --write-sample-results")
    write_sample_results()
