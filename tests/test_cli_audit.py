"""Uploads and rollbacks from the command line reach the audit trail, as the browser's do.

DPA 2018 Part 3 s62 asks who disclosed or changed data and when, whatever the door: a
`flightdeck ingest` (committed, refused or unchanged) and a `flightdeck rollback` each append
one line to `<store>/audit/audit.jsonl`, naming the operating-system user (or --uploader), the
files with their SHA-256, and the versions; the chain of hashes stays intact.
"""

from __future__ import annotations

import getpass
import hashlib
import json

from dashboard.access import audit
from dashboard.store.versions import Store
from tests.test_cli import flightdeck, no_traceback

HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code\n"


def events(store) -> list[dict]:
    lines = audit.audit_path(store).read_text(encoding="utf-8").splitlines()
    return [e for e in map(json.loads, lines) if e["kind"] in ("upload", "rollback")]


def test_cli_uploads_and_rollbacks_are_audited(tmp_path):
    store = tmp_path / "store"
    crimes = tmp_path / "crimes.csv"
    crimes.write_text(HEADER + "C1,2024-04-01,2024-04-02,19C\n")
    sha = hashlib.sha256(crimes.read_bytes()).hexdigest()

    assert flightdeck("ingest", str(crimes), "--store", str(store)).returncode == 0
    assert flightdeck("ingest", str(crimes), "--store", str(store)).returncode == 0  # the same
    bad = tmp_path / "bad" / "crimes.csv"
    bad.parent.mkdir()
    bad.write_text(HEADER + "C2,31/02/2024,2024-03-01,19C\n")
    refused = flightdeck("ingest", str(bad), "--store", str(store), "--uploader", "a.analyst")
    assert refused.returncode == 1
    no_traceback(refused)
    crimes.write_text(HEADER + "C1,2024-04-01,2024-04-02,19C\nC3,2024-05-01,2024-05-02,20A\n")
    assert flightdeck("ingest", str(crimes), "--store", str(store)).returncode == 0
    # No reason, no rollback: a usage error, nothing changed, nothing logged.
    unexplained = flightdeck("rollback", "v0001", "--store", str(store))
    assert unexplained.returncode == 2 and "--reason" in unexplained.stderr
    no_traceback(unexplained)
    assert Store(store).current_id() == "v0002"
    too_long = flightdeck("rollback", "v0001", "--reason", "x" * 201, "--store", str(store))
    assert too_long.returncode == 2 and "200 characters" in too_long.stderr
    reason = "June extract cut short\n**see** ticket 42"
    rolled = flightdeck("rollback", "v0001", "--reason", reason, "--store", str(store))
    assert rolled.returncode == 0, rolled.stderr

    seen = events(store)
    assert [(e["kind"], e.get("outcome"), e.get("version")) for e in seen] == [
        ("upload", "committed", "v0001"),
        ("upload", "unchanged", "v0001"),
        ("upload", "refused", None),
        ("upload", "committed", "v0002"),
        ("rollback", None, None),
    ]
    assert seen[0]["files"] == [{"name": "crimes.csv", "sha256": sha}]
    assert seen[0]["user"].startswith(getpass.getuser() + "@")
    assert seen[2]["user"] == "a.analyst"
    assert all(e["session"].startswith("cli:") for e in seen)
    assert (seen[-1]["from"], seen[-1]["to"]) == ("v0002", "v0001")
    assert seen[-1]["reason"] == "June extract cut short **see** ticket 42"  # one line
    assert audit.verify(store) == []


def test_an_ingest_that_crashes_is_audited(tmp_path, monkeypatch, capsys):
    from dashboard.cli.main import main

    def crash(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr("dashboard.ingest.pipeline.ingest", crash)
    store = tmp_path / "store"
    crimes = tmp_path / "crimes.csv"
    crimes.write_text(HEADER + "C1,2024-04-01,2024-04-02,19C\n")
    assert main(["ingest", str(crimes), "--store", str(store), "--uploader", "a.analyst"]) == 1
    assert "MemoryError" in capsys.readouterr().err
    (crashed,) = events(store)
    assert (crashed["outcome"], crashed["error"], crashed["user"]) == (
        "error",
        "MemoryError",
        "a.analyst",
    )
    assert crashed["inputs"] == ["crimes.csv"] and crashed["files"] == []
    assert not (store / "versions").exists() or not any((store / "versions").iterdir())
