"""Store tests: versions, current pointer, rollback, carry-over, leftovers, concurrency, kills."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from dashboard.store import durable
from dashboard.store.versions import Store, StoreConflict, StoreError

REPO = Path(__file__).resolve().parent.parent


def crimes(*refs: str) -> pa.Table:
    """A tiny crimes table with the given references."""
    return pa.table({"crime_ref": list(refs), "victims": list(range(len(refs)))})


def write(store: Store, *refs: str, **manifest: object) -> str:
    """Write a version holding only a crimes table."""
    return store.write_version(
        {"crimes": crimes(*refs)}, {"mode": "replace", "as_at": "2025-03-31", **manifest}
    )


def assert_complete(store: Store) -> None:
    """Every listed version has its manifest and readable tables; CURRENT names one of them."""
    ids = [v["id"] for v in store.versions()]
    assert store.current_id() in ids
    assert sum(v["current"] for v in store.versions()) == 1
    for version_id in ids:
        assert (store.version_dir(version_id) / "manifest.json").is_file()
        assert store.read_table(version_id, "crimes").num_rows >= 1


def test_empty_store_creates_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    assert store.current_id() is None
    assert store.versions() == []
    assert store.cleanup(0) == []
    assert not store.root.exists()


def test_versions_listed_in_order_and_current_switches(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    assert write(store, "C1") == "v0001"
    assert store.current_id() == "v0001"
    assert write(store, "C1", "C2") == "v0002"
    assert write(store, "C3") == "v0003"
    listed = store.versions()
    assert [v["id"] for v in listed] == ["v0001", "v0002", "v0003"]
    assert [v["current"] for v in listed] == [False, False, True]
    assert [v["parent"] for v in listed] == [None, "v0001", "v0002"]
    assert (store.root / "CURRENT").read_text() == "v0003\n"
    assert store.read_table("v0002", "crimes").column("crime_ref").to_pylist() == ["C1", "C2"]


def test_version_written_without_becoming_current(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    assert store.write_version({"crimes": crimes("C2")}, {}, make_current=False) == "v0002"
    assert store.current_id() == "v0001"
    assert [v["current"] for v in store.versions()] == [True, False]


def test_rollback_to_an_earlier_version_and_back(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for refs in (["C1"], ["C1", "C2"], ["C1", "C2", "C3"]):
        write(store, *refs)
    store.rollback("v0001")
    assert store.current_id() == "v0001"
    assert store.read_table(store.current_id(), "crimes").num_rows == 1
    store.rollback("v0003")
    assert store.current_id() == "v0003"
    # Rollback records nothing: no new version, manifests untouched.
    assert [v["id"] for v in store.versions()] == ["v0001", "v0002", "v0003"]
    # A write after a rollback names the rolled-back-to version as its parent.
    store.rollback("v0002")
    assert store.manifest(write(store, "C9"))["parent"] == "v0002"


@pytest.mark.parametrize("bad", ["v0009", "v1", "../v0001", "latest", ""])
def test_rollback_to_an_unknown_id_lists_known_ids(tmp_path: Path, bad: str) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    write(store, "C2")
    with pytest.raises(StoreError, match="known versions: v0001, v0002"):
        store.rollback(bad)
    assert store.current_id() == "v0002"


def test_current_naming_a_missing_version_is_a_clear_error(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    (tmp_path / "CURRENT").write_text("v0007\n")
    with pytest.raises(StoreError, match="'v0007', which is missing or incomplete.*v0001"):
        store.current_id()
    store.rollback("v0001")  # the way out
    assert store.current_id() == "v0001"


def test_carry_over_shares_content_and_earlier_versions_stay_unchanged(tmp_path: Path) -> None:
    store = Store(tmp_path)
    outcomes = pa.table({"crime_ref": ["C1"], "outcome_code": ["16"]})
    v1 = store.write_version({"crimes": crimes("C1"), "outcomes": outcomes}, {})
    old_crimes = store.table_path(v1, "crimes").read_bytes()
    carried = store.table_path(v1, "outcomes")
    v2 = store.write_version({"crimes": crimes("C1", "C2"), "outcomes": carried}, {})
    new_outcomes = store.table_path(v2, "outcomes")
    assert new_outcomes.read_bytes() == carried.read_bytes()
    assert new_outcomes.stat().st_ino == carried.stat().st_ino  # a hard link, not a copy
    assert store.table_path(v1, "crimes").read_bytes() == old_crimes
    assert store.read_table(v1, "crimes").equals(crimes("C1"))
    assert store.read_table(v2, "outcomes").equals(outcomes)
    assert store.table_path(v2, "bail") is None
    assert store.read_table(v2, "bail") is None


def test_carry_over_from_outside_the_store_is_copied(tmp_path: Path) -> None:
    source = Store(tmp_path / "other")
    source.write_version({"crimes": crimes("C1")}, {})
    outside = source.table_path("v0001", "crimes")
    store = Store(tmp_path / "store")
    store.write_version({"crimes": outside}, {})
    assert store.table_path("v0001", "crimes").stat().st_ino != outside.stat().st_ino
    assert store.read_table("v0001", "crimes").equals(crimes("C1"))


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ({"../crimes": crimes("C1")}, "not a valid table name"),
        ({"crimes": "missing.parquet"}, "cannot carry over"),
        ({"crimes": [1, 2]}, "expected a pyarrow.Table or a Path"),
    ],
)
def test_bad_tables_are_refused_and_leave_nothing(tmp_path: Path, tables, message) -> None:
    store = Store(tmp_path)
    with pytest.raises(StoreError, match=message):
        store.write_version(tables, {})
    assert store.versions() == []
    assert list((tmp_path / "tmp").iterdir()) == []


def test_manifest_fields_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path)
    files = [{"name": "crimes.csv", "sha256": "ab" * 32, "rows": 1}]
    given = {
        "as_at": date(2024, 6, 30),
        "uploader": "Analyst Ŵ",
        "mode": "upsert",
        "files": files,
        "warnings": ["2 rows have no offence code"],
        "id": "ignored",
        "parent": "ignored",
    }
    version_id = store.write_version({"crimes": crimes("C1")}, given)
    record = store.manifest(version_id)
    assert record["as_at"] == "2024-06-30"
    assert (record["uploader"], record["mode"], record["files"]) == ("Analyst Ŵ", "upsert", files)
    assert record["warnings"] == ["2 rows have no offence code"]
    assert (record["id"], record["parent"]) == ("v0001", None)
    assert record["created"].endswith("+00:00")
    on_disk = json.loads((store.version_dir(version_id) / "manifest.json").read_text())
    assert on_disk["id"] == "v0001"
    kept = store.write_version({}, {"created": "2024-07-01T09:00:00+00:00"})
    assert store.manifest(kept)["created"] == "2024-07-01T09:00:00+00:00"
    with pytest.raises(StoreError, match="cannot be saved as JSON"):
        store.write_version({}, {"bad": object()})
    assert len(store.versions()) == 2


def test_expect_current_refuses_a_stale_base(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    assert store.write_version({}, {}, expect_current="v0001") == "v0002"
    with pytest.raises(StoreConflict, match="now 'v0002', not 'v0001'"):
        store.write_version({"crimes": crimes("C2")}, {}, expect_current="v0001")
    assert [v["id"] for v in store.versions()] == ["v0001", "v0002"]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_leftovers_are_ignored_then_removed_by_cleanup(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    partial = tmp_path / "tmp" / "xyz"
    partial.mkdir(parents=True)
    (partial / "crimes.parquet").write_bytes(b"PAR1 half a file")
    no_manifest = tmp_path / "versions" / "v0002"
    no_manifest.mkdir()
    (no_manifest / "crimes.parquet").write_bytes(b"PAR1")
    stale_pointer = tmp_path / "CURRENT.tmp-abc"
    stale_pointer.write_text("v0002\n")
    assert [v["id"] for v in store.versions()] == ["v0001"]
    assert store.current_id() == "v0001"
    assert store.cleanup() == []  # younger than an hour: could be a live writer's
    assert sorted(store.cleanup(older_than_seconds=0)) == sorted(
        [partial, no_manifest, stale_pointer]
    )
    assert not partial.exists() and not no_manifest.exists() and not stale_pointer.exists()
    assert write(store, "C2") == "v0002"
    assert_complete(store)


def test_readers_never_wait_and_a_busy_lock_times_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    monkeypatch.setattr(durable, "LOCK_TIMEOUT_SECONDS", 0.2)
    with durable.exclusive_lock(tmp_path / ".lock"):
        assert store.current_id() == "v0001"
        assert [v["id"] for v in store.versions()] == ["v0001"]
        assert store.read_table("v0001", "crimes").num_rows == 1
        with pytest.raises(StoreError, match="busy with another write"):
            write(store, "C2")
        with pytest.raises(StoreError, match="busy with another write"):
            store.rollback("v0001")
    assert [v["id"] for v in store.versions()] == ["v0001"]
    assert list((tmp_path / "tmp").iterdir()) == []
    assert write(store, "C2") == "v0002"


def test_concurrent_writes_from_threads(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write(store, "C0")
    barrier = threading.Barrier(2)
    ids: list[str] = []

    def writer(label: str) -> None:
        barrier.wait()
        for n in range(5):
            ids.append(write(Store(tmp_path), f"{label}{n}", uploader=label))

    threads = [threading.Thread(target=writer, args=(label,)) for label in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == len(set(ids)) == 10
    assert [v["id"] for v in store.versions()] == [f"v{n:04d}" for n in range(1, 12)]
    assert store.current_id() in ids
    assert_complete(store)


_CONCURRENT_WRITER = """
import sys, time
from pathlib import Path
import pyarrow as pa
from dashboard.store.versions import Store
root, label, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
while not go.exists():  # both writers start together
    time.sleep(0.01)
for n in range(3):
    table = pa.table({"crime_ref": [f"{label}{n}"]})
    Store(root).write_version({"crimes": table}, {"mode": "replace", "uploader": label})
"""


def test_concurrent_writes_from_processes(tmp_path: Path) -> None:
    # Real processes (not multiprocessing, whose spawn re-runs whatever __main__ is).
    go = tmp_path / "go"
    root = tmp_path / "store"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _CONCURRENT_WRITER, str(root), label, str(go)],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label in "AB"
    ]
    go.touch()
    for process in processes:
        _, err = process.communicate(timeout=300)  # generous: CI machines are shared
        assert process.returncode == 0, err
    store = Store(root)
    listed = store.versions()
    assert [v["id"] for v in listed] == [f"v{n:04d}" for n in range(1, 7)]
    assert sorted(v["uploader"] for v in listed) == ["A"] * 3 + ["B"] * 3
    assert_complete(store)


_KILLED_WRITER = """
import sys
import pyarrow as pa
from dashboard.store.versions import Store
Store(sys.argv[1]).write_version({"crimes": pa.table({"crime_ref": ["NEW"]})}, {"mode": "x"})
"""


@pytest.mark.parametrize("stage", ["after_tables", "before_switch"])
def test_writer_killed_mid_write_leaves_previous_version_current(
    tmp_path: Path, stage: str
) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    env = {**os.environ, "FLIGHTDECK_TEST_PAUSE_AT": stage, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(tmp_path)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in child.stderr:  # the hook announces the pause, then sleeps
            if line.strip() == f"paused at {stage}":
                break
        else:
            pytest.fail(f"writer never paused at {stage}")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert store.current_id() == "v0001"
    assert store.read_table("v0001", "crimes").column("crime_ref").to_pylist() == ["C1"]
    # Killed before the switch, the renamed version is complete but was never made current.
    expected = ["v0001"] if stage == "after_tables" else ["v0001", "v0002"]
    assert [v["id"] for v in store.versions()] == expected
    store.cleanup(older_than_seconds=0)
    assert list((tmp_path / "tmp").iterdir()) == []
    assert write(store, "C2") == f"v{len(expected) + 1:04d}"  # the dead writer's lock is gone
    assert_complete(store)
