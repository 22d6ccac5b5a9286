"""Audit first, then change, on the command line: a `flightdeck ingest` or `flightdeck rollback`
whose audit line cannot be written changes nothing, and says so in one line with exit status 1.

Issue 18 found the opposite: with the audit log unwritable, `rollback` moved v0002 to v0001 and
`ingest` made v0003 current, each exiting 1 with "unexpected error (AuditError)". Here the log is
unwritable, full and read-only in turn (tests/audit_faults.py); every command runs in this
process through `dashboard.cli.main.main`, as the console script calls it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.access import audit
from dashboard.i18n import t
from dashboard.store import durable
from tests.audit_faults import FAULTS, broken_audit_log, log_bytes, store_state
from tests.test_cli_disruption import flightdeck

HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code\n"
ROWS = ("C1,2024-04-01,2024-04-02,19C\n", "C2,2024-05-01,2024-05-02,20A\n")


def extract(folder: Path, *rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crimes.csv"
    path.write_text(HEADER + "".join(rows))
    return path


@pytest.fixture
def store(tmp_path, two_loads) -> Path:
    """A store at v0002 (two loads), its audit log intact: a copy of the module's."""
    root = tmp_path / "store"
    shutil.copytree(two_loads, root, symlinks=True)
    return root


@pytest.fixture(scope="module")
def two_loads(tmp_path_factory) -> Path:
    """Two loads by the command line, once for the module (each test changes its own copy)."""
    work = tmp_path_factory.mktemp("two-loads")
    root = work / "store"
    for n in (1, 2):
        path = extract(work / f"load{n}", *ROWS[:n])
        assert flightdeck("ingest", str(path), "--store", str(root)).returncode == 0
    assert (root / "CURRENT").read_text() == "v0002\n"
    (root / ".lock").unlink(missing_ok=True)
    return root


def events(store: Path) -> list[dict]:
    return [json.loads(line) for line in log_bytes(store).splitlines()]


def assert_refused_in_one_line(result) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("flightdeck: The audit log "), result.stderr
    assert lines[-1].endswith("nothing was changed."), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "unexpected error" not in result.stderr
    assert "AuditError" not in result.stderr


@pytest.mark.parametrize("fault", FAULTS)
def test_rollback_with_a_broken_audit_log_changes_nothing(store, fault):
    before, logged = store_state(store), log_bytes(store)
    with broken_audit_log(store, fault):
        result = flightdeck("rollback", "v0001", "--reason", "test", "--store", str(store))
    assert_refused_in_one_line(result)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""  # never "Version v0001 is current again."
    assert store_state(store) == before  # still v0002
    assert log_bytes(store) == logged


@pytest.mark.parametrize("fault", FAULTS)
def test_ingest_with_a_broken_audit_log_changes_nothing(store, tmp_path, fault):
    before, logged = store_state(store), log_bytes(store)
    path = extract(tmp_path / "load3", *ROWS, "C3,2024-06-01,2024-06-02,19C\n")
    with broken_audit_log(store, fault):
        result = flightdeck("ingest", str(path), "--store", str(store))
    assert_refused_in_one_line(result)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Loaded as version" not in result.stdout
    assert store_state(store) == before  # no v0003, complete or not; still v0002
    assert list((store / "tmp").iterdir()) == []
    assert log_bytes(store) == logged
    # With the log mended, the same files load, audited, as the next version.
    assert flightdeck("ingest", str(path), "--store", str(store)).returncode == 0
    assert (store / "CURRENT").read_text() == "v0003\n"
    last = events(store)[-1]
    assert (last["kind"], last["outcome"], last["version"]) == ("upload", "committed", "v0003")
    assert audit.verify(store) == []


@pytest.mark.parametrize("fault", FAULTS)
def test_unchanged_ingest_with_a_broken_audit_log_says_so(store, tmp_path, fault):
    path = extract(tmp_path / "load2", *ROWS[:2])  # the files of v0002 again
    before = store_state(store)
    with broken_audit_log(store, fault):
        result = flightdeck("ingest", str(path), "--store", str(store))
    assert_refused_in_one_line(result)
    assert "Nothing to do" not in result.stdout  # not reported until recorded
    assert store_state(store) == before


@pytest.mark.parametrize("fault", FAULTS)
def test_a_refused_ingest_with_a_broken_audit_log_still_exits_1(store, tmp_path, fault):
    bad = extract(tmp_path / "bad", "C9,31/02/2024,2024-03-01,19C\n")
    before = store_state(store)
    with broken_audit_log(store, fault):
        result = flightdeck("ingest", str(bad), "--store", str(store))
    assert_refused_in_one_line(result)  # the report, then the one line about the log
    assert store_state(store) == before


def test_a_refused_ingest_is_audited_as_a_refusal_when_the_log_works(store, tmp_path):
    bad = extract(tmp_path / "bad", "C9,31/02/2024,2024-03-01,19C\n")
    result = flightdeck("ingest", str(bad), "--store", str(store))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = events(store)[-1]
    assert (last["kind"], last["outcome"], last["version"]) == ("upload", "refused", None)


def test_each_change_is_recorded_before_the_pointer_moves(store, tmp_path, monkeypatch):
    """When the audit line is written, CURRENT still names the version before the change."""
    seen = []
    real_append = audit.AuditLog._append

    def spy(self, event):
        seen.append((event["kind"], (store / "CURRENT").read_text().strip()))
        real_append(self, event)

    monkeypatch.setattr(audit.AuditLog, "_append", spy)
    path = extract(tmp_path / "load3", *ROWS, "C3,2024-06-01,2024-06-02,19C\n")
    assert flightdeck("ingest", str(path), "--store", str(store)).returncode == 0
    assert (
        flightdeck("rollback", "v0001", "--reason", "test", "--store", str(store)).returncode == 0
    )
    assert seen == [("upload", "v0002"), ("rollback", "v0003")]
    assert (store / "CURRENT").read_text() == "v0001\n"


@pytest.mark.parametrize("command", ["ingest", "rollback"])
def test_a_switch_that_fails_after_its_audit_line_is_recorded_as_failed(
    store, tmp_path, monkeypatch, command
):
    """The audit line is written, then the pointer cannot be moved: a second line says the
    change failed, the store is as it was, and the command exits 1 in one line."""
    real_replace = durable.replace_atomically

    def no_pointer(path, text):
        if path.name == "CURRENT":
            raise OSError(28, "No space left on device")
        real_replace(path, text)

    before = store_state(store)
    monkeypatch.setattr(durable, "replace_atomically", no_pointer)
    if command == "ingest":
        path = extract(tmp_path / "load3", *ROWS, "C3,2024-06-01,2024-06-02,19C\n")
        result = flightdeck("ingest", str(path), "--store", str(store))
    else:
        result = flightdeck("rollback", "v0001", "--reason", "test", "--store", str(store))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert store_state(store) == before
    first, second = events(store)[-2:]
    if command == "ingest":
        assert (first["outcome"], first["version"]) == ("committed", "v0003")
        assert (second["outcome"], second["version"]) == ("failed", "v0003")
    else:
        assert (first["from"], first["to"], first.get("outcome")) == ("v0002", "v0001", None)
        assert (second["to"], second["outcome"]) == ("v0001", "failed")
    assert audit.verify(store) == []


def test_the_line_is_translated():
    line = t("cli.audit_failed", path="/s/audit/audit.jsonl", error="[Errno 28] disk full")
    assert line == (
        "The audit log /s/audit/audit.jsonl could not be written ([Errno 28] disk full): "
        "nothing was changed."
    )
