"""Dates a records system cannot have produced (before 1900, after the as-at date or the day of
the upload) are errors of their rows, set aside like any invalid row, and never set the as-at
date; the as-at date is the analyst's or the latest plausible one, and the report says which."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from dashboard.ingest import pipeline, plausible
from dashboard.store.versions import Store
from tests.contract_helpers import crimes, prepare, write

OUTCOMES = "crime_ref,outcome_code,outcome_date\n"
TODAY = date(2025, 6, 30)


@pytest.fixture(autouse=True)
def upload_day(monkeypatch):
    monkeypatch.setattr(plausible, "today", lambda: TODAY)


def errors(up):
    return sorted((p.file, p.line, p.column, p.value) for p in up.report.errors)


def test_a_placeholder_date_is_an_error_of_its_row_and_never_the_as_at(tmp_path):
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-05-01,9999-12-31,19C"),
        "outcomes.csv": OUTCOMES + "C1,16,3000-01-01\n",
    }
    up = prepare(tmp_path, files)
    assert errors(up) == [
        ("crimes.csv", 3, "recorded_date", "9999-12-31"),
        ("outcomes.csv", 2, "outcome_date", "3000-01-01"),
    ]
    assert "After 2025-06-30, the day of this upload" in up.report.errors[0].rule
    assert not up.can_commit(accept_invalid=False)  # all or nothing, as any invalid row
    assert up.default_as_at() == date(2024, 4, 2)  # not 9999-12-31, nor 3000-01-01
    store = Store(tmp_path / "store")
    v = pipeline.commit(store, up, accept_invalid=True)
    assert store.manifest(v)["as_at"] == "2024-04-02"
    assert store.manifest(v)["as_at_rule"] == plausible.LATEST
    rules = store.read_table(v, "_quarantine").column("rule").to_pylist()
    assert rules[0].startswith("recorded_date: After 2025-06-30")
    assert rules[1].startswith("outcome_date: After 2025-06-30")


def test_the_upload_day_itself_is_plausible(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes("C1,2025-06-30,2025-06-30,19C")})
    assert not up.report.has_errors and up.default_as_at() == TODAY
    up = prepare(tmp_path, {"crimes.csv": crimes("C1,2025-06-30,2025-07-01,19C")})
    assert errors(up) == [("crimes.csv", 2, "recorded_date", "2025-07-01")]


def test_dates_before_the_floor_are_errors(tmp_path):
    header = "crime_ref,reported_date,recorded_date,offence_date,ho_offence_code"
    text = crimes(
        "C1,2024-04-01,2024-04-02,01/01/1900,19C",
        "C2,2024-04-01,2024-04-02,31/12/1899,19C",
        "C3,0001-01-01,2024-04-02,,19C",
        header=header,
    )
    up = prepare(tmp_path, {"crimes.csv": text})
    assert errors(up) == [
        ("crimes.csv", 3, "offence_date", "31/12/1899"),
        ("crimes.csv", 4, "reported_date", "0001-01-01"),
    ]
    assert all("Before 1900-01-01" in p.rule for p in up.report.errors)


def test_date_times_are_bounded_too(tmp_path):
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C"),
        "bail.csv": "bail_id,crime_ref,suspect_id,release_type,start_date\n"
        "B1,C1,S1,rui,2024-04-03\n",
        "breaches.csv": "breach_id,breach_of,ref_id,breach_at\n"
        "X1,bail,B1,2024-04-05 10:00\nX2,bail,B1,3000-01-01T12:00\n",
    }
    assert errors(prepare(tmp_path, files)) == [
        ("breaches.csv", 3, "breach_at", "3000-01-01T12:00")
    ]


def test_the_analysts_as_at_date_is_the_ceiling_but_planned_dates_may_pass_it(tmp_path):
    folder = tmp_path / "upload"
    write(
        folder, "crimes.csv", crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,2024-10-02,19C")
    )
    write(
        folder,
        "bail.csv",
        "bail_id,crime_ref,suspect_id,release_type,start_date,end_date\n"
        "B1,C1,S1,rui,2024-04-03,2030-01-01\n",
    )
    write(
        folder,
        "orders.csv",
        "order_id,suspect_id,crime_ref,order_type,applied_date,decision,"
        "decision_date,expiry_date\nO1,S1,C1,SHPO,2024-05-01,granted,2024-06-01,2040-06-01\n",
    )
    store = Store(tmp_path / "store")
    up = pipeline.prepare(store, [folder], as_at=date(2024, 9, 30))
    assert errors(up) == [("crimes.csv", 3, "recorded_date", "2024-10-02")]
    assert "After 2024-09-30, the as-at date given for this extract" in up.report.errors[0].rule
    assert "As-at date 2024-09-30: given by the analyst" in up.report.as_text()
    v = pipeline.commit(store, up, as_at=date(2024, 9, 30), accept_invalid=True)
    assert (store.manifest(v)["as_at"], store.manifest(v)["as_at_rule"]) == ("2024-09-30", "given")
    assert store.manifest(v)["quarantined"] == 1


def test_an_as_at_date_after_the_upload_day_is_refused(tmp_path):
    store = Store(tmp_path / "store")
    path = write(tmp_path / "upload", "crimes.csv", crimes("C1,2024-04-01,2024-04-02,19C"))
    up = pipeline.prepare(store, [path], as_at=date(9999, 12, 31))
    assert [(p.file, p.column, p.value) for p in up.report.errors] == [("-", "as_at", "9999-12-31")]
    assert not up.can_commit(accept_invalid=True)
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(store, up, accept_invalid=True)
    assert store.current_id() is None


@pytest.mark.parametrize(
    ("as_at", "rule"),
    [
        (date(2025, 7, 1), "after 2025-06-30, the day of this upload"),
        (date(2024, 4, 1), "before 2024-04-02, the latest reported, recorded or outcome date"),
        (date(1899, 12, 31), "before 1900-01-01"),
    ],
)
def test_an_as_at_date_given_at_commit_is_checked_too(tmp_path, as_at, rule):
    # The browser asks for the as-at date after the check: it is held to the same rules.
    store = Store(tmp_path / "store")
    up = prepare(tmp_path, {"crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C")}, store)
    with pytest.raises(pipeline.UploadRefused) as refused:
        pipeline.commit(store, up, as_at=as_at)
    [problem] = refused.value.report.errors
    assert (problem.column, problem.value) == ("as_at", as_at.isoformat()) and rule in problem.rule
    assert store.current_id() is None


def test_the_report_states_the_as_at_date_and_its_rule(tmp_path):
    files = {
        "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C"),
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\n",
    }
    up = prepare(tmp_path, files)
    note = up.report.as_text().splitlines()[-1]
    assert note.startswith("As-at date 2024-05-01: the latest reported, recorded or outcome date")
    assert "after 2025-06-30, the day of this upload" in note and "before 1900-01-01" in note
    assert "(except the planned dates bail end_date, orders expiry_date, targets from)" in note


def test_a_date_carried_over_from_before_the_rule_does_not_set_the_as_at(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    monkeypatch.setattr(plausible, "today", lambda: date.max)  # as loaded before the rule
    pipeline.commit(
        store, prepare(tmp_path, {"crimes.csv": crimes("C1,2024-04-01,9999-12-31,19C")}, store)
    )
    monkeypatch.setattr(plausible, "today", lambda: TODAY)
    path = write(tmp_path / "more", "crimes.csv", crimes("C2,2024-05-01,2024-05-02,19C"))
    v = pipeline.commit(store, pipeline.prepare(store, [path], "upsert"))
    assert store.manifest(v)["as_at"] == "2024-05-02"


def test_the_command_line_refuses_a_placeholder_date_and_states_the_as_at_rule(tmp_path):
    path = write(
        tmp_path / "upload",
        "crimes.csv",
        crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,9999-12-31,19C"),
    )
    store = tmp_path / "store"
    cli = [sys.executable, "-m", "dashboard.cli", "ingest", str(path), "--store", str(store)]
    refused = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1 and Store(store).current_id() is None
    assert "crimes.csv:3 [recorded_date] '9999-12-31': After " in refused.stderr
    loaded = subprocess.run(
        [*cli, "--accept-invalid-rows"], capture_output=True, text=True, timeout=300
    )
    assert loaded.returncode == 0, loaded.stderr
    assert (
        "as at 2024-04-02" in loaded.stdout and "As-at date 2024-04-02: the latest" in loaded.stdout
    )
