"""The audit log: every event kind with its fields, append-only, whole lines under concurrency,
the tamper-evidence chain, and the reader's filters."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from dashboard.access import audit
from dashboard.access.audit import AuditError, AuditLog, audit_path, read_events, verify
from dashboard.access.roles import Identity
from dashboard.filters import Filters
from dashboard.periods import Period

ROOT = Path(__file__).resolve().parent.parent
ANALYST = Identity("ann.analyst@example.police.uk", ("FlightDeck.Analyst",), frozenset({"analyst"}))
LEADER = Identity("lee.leader@example.police.uk", (), frozenset({"leader", "analyst"}))
SCRUTINY = Identity("sam.scrutiny@example.police.uk", (), frozenset({"scrutiny"}))
SHA = "ab" * 32


def lines(store: Path) -> list[dict]:
    return [json.loads(line) for line in audit_path(store).read_bytes().splitlines()]


def one_of_each(log: AuditLog) -> None:
    log.sign_in(ANALYST, "s1", method="oidc")
    log.page_view(
        ANALYST,
        "s1",
        page="outcomes",
        period=Period(date(2025, 1, 1), date(2025, 3, 31)),
        filters=Filters(local_authority="W06000019"),
        version="v0002",
    )
    log.export(ANALYST, "s1", what="outcomes-by-month", rows=12, page="outcomes")
    log.upload(
        ANALYST,
        "s1",
        files=[audit.file_entry("/tmp/upload-x/crimes.csv", b"crime_id\n1\n")],
        version="v0003",
        mode="replace",
        outcome="committed",
    )
    log.upload(
        ANALYST,
        "s1",
        files=[{"name": "bail.csv", "sha256": SHA}],
        version=None,
        mode="upsert",
        outcome="refused",
    )
    log.rollback(ANALYST, "s1", from_version="v0003", to_version="v0002", reason="bad extract")
    log.suspect_level_view(
        LEADER,
        "s2",
        what="repeat-suspects",
        purpose="Weekly tasking meeting",
        rows=17,
        page="suspects",
    )
    log.access_denied(SCRUTINY, "s3", page="upload", capability="upload")
    log.sign_out(ANALYST, "s1")


# ---------------------------------------------------------------- what each event holds


def test_each_event_kind_is_recorded_with_its_fields(tmp_path):
    one_of_each(AuditLog(tmp_path))
    events = lines(tmp_path)
    assert [e["kind"] for e in events] == [
        "sign_in",
        "page_view",
        "export",
        "upload",
        "upload",
        "rollback",
        "suspect_level_view",
        "access_denied",
        "sign_out",
    ]
    for event in events:
        moment = datetime.fromisoformat(event["time"])
        assert moment.utcoffset() == timedelta(0)
        assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)
        assert {"time", "kind", "user", "roles", "session", "prev"} <= set(event)

    sign_in, page_view, export, upload, refused, rollback, suspects, denied, sign_out = events
    assert sign_in["user"] == "ann.analyst@example.police.uk"
    assert sign_in["roles"] == ["analyst"] and sign_in["session"] == "s1"
    assert sign_in["method"] == "oidc"
    assert page_view["page"] == "outcomes"
    assert page_view["period"] == {"start": "2025-01-01", "end": "2025-03-31"}
    assert page_view["filters"] == {
        "local_authority": "W06000019",
        "subgroup": None,
        "age_band": None,
        "domestic_abuse": None,
    }
    assert page_view["version"] == "v0002"
    assert (export["what"], export["rows"], export["page"]) == ("outcomes-by-month", 12, "outcomes")
    assert upload["files"] == [
        {
            "name": "crimes.csv",  # the file's own name: no server folders
            "sha256": hashlib.sha256(b"crime_id\n1\n").hexdigest(),
            "bytes": 11,
        }
    ]
    assert (upload["version"], upload["mode"], upload["outcome"]) == (
        "v0003",
        "replace",
        "committed",
    )
    assert refused["version"] is None and refused["outcome"] == "refused"
    assert (rollback["from"], rollback["to"], rollback["reason"]) == (
        "v0003",
        "v0002",
        "bad extract",
    )
    assert suspects["user"] == "lee.leader@example.police.uk"
    assert suspects["roles"] == ["analyst", "leader"]
    assert (suspects["what"], suspects["purpose"], suspects["rows"]) == (
        "repeat-suspects",
        "Weekly tasking meeting",
        17,
    )
    assert (denied["page"], denied["capability"], denied["roles"]) == (
        "upload",
        "upload",
        ["scrutiny"],
    )
    assert sign_out["session"] == "s1"


def test_the_file_hash_is_the_sha256_of_the_bytes():
    entry = audit.file_entry("a/b/crimes.csv", b"hello")
    assert entry == {
        "name": "crimes.csv",
        "sha256": hashlib.sha256(b"hello").hexdigest(),
        "bytes": 5,
    }


def test_a_rollback_reason_is_required_cleaned_and_capped(tmp_path):
    log = AuditLog(tmp_path)
    for empty in ("", "   ", "\n\t"):
        with pytest.raises(ValueError, match="reason"):
            log.rollback(ANALYST, "s", from_version="v2", to_version="v1", reason=empty)
    reason = "  **cut** short\nline\x00two " + "x" * 500
    event = log.rollback(ANALYST, "s", from_version="v2", to_version="v1", reason=reason)
    assert event["reason"].startswith("**cut** short line two xxx")  # kept as typed: text
    assert len(event["reason"]) == audit.REASON_MAX_CHARS


def test_the_purpose_is_required_cleaned_and_capped(tmp_path):
    log = AuditLog(tmp_path)
    for empty in ("", "   ", "\n\t"):
        with pytest.raises(ValueError, match="purpose"):
            log.suspect_level_view(LEADER, "s", what="breach-work-list", purpose=empty, rows=3)
    event = log.suspect_level_view(
        LEADER, "s", what="breach-work-list", purpose="  line one\nline\x00two " + "x" * 500, rows=3
    )
    assert event["purpose"].startswith("line one line two xxx")
    assert len(event["purpose"]) == audit.PURPOSE_MAX_CHARS
    assert "\n" not in audit_path(tmp_path).read_text().rstrip("\n")


def test_events_carry_no_fields_beyond_their_kinds(tmp_path):
    log = AuditLog(tmp_path)
    with pytest.raises(ValueError, match="no field comment"):
        log.record("export", ANALYST, "s", what="x", rows=1, page="p", comment="free text")
    with pytest.raises(ValueError, match="need rows"):
        log.record("export", ANALYST, "s", what="x", page="p")
    with pytest.raises(ValueError, match="unknown audit event kind"):
        log.record("delete", ANALYST, "s")
    with pytest.raises(ValueError, match="page or a capability"):
        log.access_denied(ANALYST, "s")
    with pytest.raises(ValueError, match="outcome"):
        log.upload(ANALYST, "s", files=[], version=None, mode="replace", outcome="maybe")
    with pytest.raises(ValueError, match="SHA-256"):
        log.upload(
            ANALYST, "s", files=[{"name": "a.csv"}], version=None, mode="x", outcome="refused"
        )
    with pytest.raises(ValueError, match="rows"):
        log.export(ANALYST, "s", what="x", rows=-1, page="p")
    assert not audit_path(tmp_path).exists()  # nothing half-recorded


def test_a_change_that_failed_after_its_line_is_recorded_as_failed(tmp_path):
    """A change is recorded before it is made; if it then cannot be made, a second line says
    so: "failed" for an upload, `outcome: failed` for a rollback (none when it was made)."""
    log = AuditLog(tmp_path)
    files = [{"name": "crimes.csv", "sha256": SHA}]
    log.upload(ANALYST, "s", files=files, version="v0003", mode="replace", outcome="committed")
    log.upload(ANALYST, "s", files=files, version="v0003", mode="replace", outcome="failed")
    log.rollback(ANALYST, "s", from_version="v0003", to_version="v0001", reason="r")
    log.rollback(ANALYST, "s", from_version="v0003", to_version="v0001", reason="r", failed=True)
    committed, failed, rolled, not_rolled = lines(tmp_path)
    assert (committed["outcome"], failed["outcome"]) == ("committed", "failed")
    assert "outcome" not in rolled and not_rolled["outcome"] == "failed"
    with pytest.raises(ValueError, match="rollback.outcome"):
        log.record(
            "rollback",
            ANALYST,
            "s",
            **{"from": "v1", "to": "v2", "reason": "r", "outcome": "maybe"},
        )
    assert verify(tmp_path) == []


def test_anonymous_and_demo_users_are_recorded_as_such(tmp_path):
    log = AuditLog(tmp_path)
    log.access_denied(Identity(None), None, page="flight-deck")
    log.sign_in(Identity("demo-scrutiny", (), frozenset({"scrutiny"})), "s", method="demo")
    anonymous, demo = lines(tmp_path)
    assert (anonymous["user"], anonymous["roles"], anonymous["session"]) == (None, [], None)
    assert (demo["user"], demo["method"]) == ("demo-scrutiny", "demo")


# ---------------------------------------------------------------- append only


def test_earlier_lines_are_byte_identical_after_more_events(tmp_path):
    log = AuditLog(tmp_path)
    one_of_each(log)
    before = audit_path(tmp_path).read_bytes()
    one_of_each(log)
    log.export(SCRUTINY, "s9", what="flight-deck-tiles", rows=20, page="flight-deck")
    after = audit_path(tmp_path).read_bytes()
    assert after.startswith(before)
    assert after.count(b"\n") == before.count(b"\n") * 2 + 1
    assert verify(tmp_path) == []


def test_the_writer_only_ever_opens_the_log_for_appending(tmp_path, monkeypatch):
    opened = []
    real_open = os.open

    def spy(path, flags, *args, **kwargs):
        if Path(path).name == audit.AUDIT_FILE:
            opened.append(flags)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    one_of_each(AuditLog(tmp_path))
    writes = [f for f in opened if f & (os.O_WRONLY | os.O_RDWR)]
    assert len(writes) == 9
    for flags in writes:
        assert flags & os.O_APPEND and not flags & os.O_TRUNC and not flags & os.O_RDWR
    for flags in opened:
        if flags not in writes:
            assert flags & (os.O_WRONLY | os.O_RDWR | os.O_TRUNC) == 0  # the chain's read


def test_each_event_is_one_write_of_one_whole_line(tmp_path, monkeypatch):
    writes = []
    real_write = os.write

    def spy(fd, data):
        writes.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", spy)
    one_of_each(AuditLog(tmp_path))
    assert len(writes) == 9
    assert b"".join(writes) == audit_path(tmp_path).read_bytes()
    for data in writes:
        assert data.endswith(b"\n") and data.count(b"\n") == 1
        json.loads(data)


def test_the_chain_shows_an_edited_removed_or_inserted_line(tmp_path):
    log = AuditLog(tmp_path)
    one_of_each(log)
    path = audit_path(tmp_path)
    original = path.read_bytes()
    assert verify(tmp_path) == []
    assert lines(tmp_path)[0]["prev"] is None

    path.write_bytes(original.replace(b'"rows":12', b'"rows":11'))
    assert verify(tmp_path) == ["Line 4 does not follow the line before it: "
                                "something was changed, inserted or removed there."]  # fmt: skip

    kept = original.splitlines(keepends=True)
    path.write_bytes(b"".join(kept[:2] + kept[3:]))
    assert len(verify(tmp_path)) == 1

    path.write_bytes(b"".join(kept[1:]))  # the first lines removed
    assert len(verify(tmp_path)) == 1

    path.write_bytes(b"".join(kept[:2] + [kept[5]] + kept[2:]))
    assert len(verify(tmp_path)) == 2


def test_a_torn_last_line_is_left_alone_and_the_next_event_starts_a_new_line(tmp_path):
    log = AuditLog(tmp_path)
    log.sign_in(ANALYST, "s1", method="oidc")
    path = audit_path(tmp_path)
    with open(path, "ab") as handle:  # as a write cut short by a full disk would leave it
        handle.write(b'{"time":"2025-')
    torn = path.read_bytes()
    log.sign_out(ANALYST, "s1")
    assert path.read_bytes().startswith(torn + b"\n")
    assert verify(tmp_path) == ["Line 2 is not a complete event."]
    frame = read_events(tmp_path)
    assert list(frame["kind"]) == ["sign_out", "sign_in", "unreadable"]
    assert frame["details"].iloc[2] == '{"time":"2025-'


def test_a_log_that_cannot_be_written_raises_audit_error(tmp_path):
    (tmp_path / "audit").write_text("not a folder")
    with pytest.raises(AuditError, match="Cannot write the audit log"):
        AuditLog(tmp_path).sign_in(ANALYST, "s", method="oidc")


@pytest.mark.parametrize("fault", ["unwritable", "full", "read_only"])
def test_each_fault_raises_audit_error_and_leaves_the_log_as_it_was(tmp_path, fault):
    from tests.audit_faults import broken_audit_log

    log = AuditLog(tmp_path)
    log.sign_in(ANALYST, "s", method="oidc")
    before = audit_path(tmp_path).read_bytes()
    with broken_audit_log(tmp_path, fault):
        with pytest.raises(AuditError, match="Cannot write the audit log"):
            log.export(ANALYST, "s", what="x", rows=1, page="data")
    assert audit_path(tmp_path).read_bytes() == before
    log.sign_out(ANALYST, "s")
    assert verify(tmp_path) == []


# ---------------------------------------------------------------- concurrency


def check_whole_lines(store: Path, expected: set[tuple[str, int]]) -> None:
    raw = audit_path(store).read_bytes()
    assert raw.endswith(b"\n")
    seen = []
    for line in raw.split(b"\n")[:-1]:
        event = json.loads(line)  # every line is one whole event
        seen.append((event["session"], event["rows"]))
    assert len(seen) == len(expected) and set(seen) == expected  # none lost, none doubled
    assert verify(store) == []
    writers = [session for session, _ in seen]
    switches = sum(1 for a, b in zip(writers, writers[1:], strict=False) if a != b)
    assert switches >= 5, "the writers did not overlap: the test proved nothing"


def test_concurrent_appends_from_two_threads_give_whole_lines(tmp_path):
    log = AuditLog(tmp_path)
    count = 150
    start = threading.Barrier(2)

    def writer(name: str) -> None:
        start.wait()
        for i in range(count):
            log.export(ANALYST, name, what="x" * (i % 50), rows=i, page="data")
            time.sleep(0.0005 * (i % 3))

    threads = [threading.Thread(target=writer, args=(f"thread-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check_whole_lines(tmp_path, {(f"thread-{n}", i) for n in (1, 2) for i in range(count)})


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from dashboard.access.audit import AuditLog
    from dashboard.access.roles import Identity

    store, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    log = AuditLog(store)
    who = Identity("p@example.police.uk", (), frozenset({"analyst"}))
    (go.parent / f"ready-{name}").touch()  # imports done: start together, not one after the other
    while not go.exists():
        time.sleep(0.005)
    for i in range(count):
        log.export(who, name, what="y" * (i % 70), rows=i, page="data")
        time.sleep(0.0005 * (i % 3))
    """
)


def test_concurrent_appends_from_two_processes_give_whole_lines(tmp_path):
    count = 150
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), f"process-{n}", str(count), str(go)],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-process-{n}").exists() for n in (1, 2)):
        assert time.monotonic() < deadline and all(w.poll() is None for w in writers)
        time.sleep(0.01)
    go.touch()
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    check_whole_lines(tmp_path, {(f"process-{n}", i) for n in (1, 2) for i in range(count)})


# ---------------------------------------------------------------- the reader


@pytest.fixture
def filled(tmp_path, monkeypatch):
    """A log with events at known times (the clock is set for each event)."""
    clock = {"now": datetime(2025, 3, 31, 23, 0, tzinfo=UTC)}

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return clock["now"]

    monkeypatch.setattr(audit, "datetime", Clock)
    log = AuditLog(tmp_path)

    def at(moment: datetime, write) -> None:
        clock["now"] = moment
        write()

    at(datetime(2025, 3, 31, 23, 0, tzinfo=UTC), lambda: log.sign_in(ANALYST, "a", method="oidc"))
    at(
        datetime(2025, 4, 1, 8, 0, tzinfo=UTC),
        lambda: log.page_view(ANALYST, "a", page="outcomes", period="2024-25", filters={}),
    )
    at(
        datetime(2025, 4, 1, 9, 0, tzinfo=UTC),
        lambda: log.suspect_level_view(
            LEADER, "b", what="repeat-suspects", purpose="Case review for Op Bluebell", rows=4
        ),
    )
    at(
        datetime(2025, 4, 2, 10, 0, tzinfo=UTC),
        lambda: log.export(SCRUTINY, "c", what="outcomes-table", rows=9, page="outcomes"),
    )
    at(
        datetime(2025, 4, 3, 0, 0, tzinfo=UTC),
        lambda: log.access_denied(SCRUTINY, "c", page="audit", capability="view_audit"),
    )
    monkeypatch.setattr(audit, "datetime", datetime)
    return tmp_path


def test_the_reader_lists_events_newest_first(filled):
    frame = read_events(filled)
    assert list(frame.columns) == list(audit.COLUMNS)
    assert list(frame["kind"]) == [
        "access_denied",
        "export",
        "suspect_level_view",
        "page_view",
        "sign_in",
    ]
    assert list(frame["line"]) == [5, 4, 3, 2, 1]
    assert str(frame["time"].dt.tz) == "UTC"
    top = frame.iloc[0]
    assert (top["user"], top["roles"], top["session"], top["page"]) == (
        "sam.scrutiny@example.police.uk",
        "scrutiny",
        "c",
        "audit",
    )
    assert top["details"] == "capability: view_audit"
    assert frame.iloc[2]["details"] == (
        "what: repeat-suspects; purpose: Case review for Op Bluebell; rows: 4"
    )
    assert frame.iloc[2]["roles"] == "analyst, leader"


def test_the_reader_filters(filled):
    def kinds(**filters) -> list[str]:
        return list(read_events(filled, **filters)["kind"])

    assert kinds(kinds="export") == ["export"]
    assert kinds(kinds=["sign_in", "page_view"]) == ["page_view", "sign_in"]
    assert kinds(user="ANN.analyst@example.police.uk") == ["page_view", "sign_in"]
    assert kinds(user="ann") == []  # the user is matched whole
    assert kinds(since=date(2025, 4, 1), until=date(2025, 4, 2)) == [
        "export",
        "suspect_level_view",
        "page_view",
    ]
    assert kinds(since=datetime(2025, 4, 1, 8, 30), until="2025-04-02T10:00:00+00:00") == [
        "export",
        "suspect_level_view",
    ]
    assert kinds(since="2025-04-03") == ["access_denied"]
    assert kinds(text="bluebell") == ["suspect_level_view"]
    assert kinds(text="OUTCOMES") == ["export", "page_view"]
    assert kinds(limit=2) == ["access_denied", "export"]
    assert kinds(kinds="page_view", user="sam.scrutiny@example.police.uk") == []


def test_the_reader_of_a_store_with_no_log_gives_an_empty_table(tmp_path):
    frame = read_events(tmp_path)
    assert frame.empty and list(frame.columns) == list(audit.COLUMNS)
    assert verify(tmp_path) == []
