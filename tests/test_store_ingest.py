"""Upload semantics (contract §3) through the one ingest path: versions, modes, carry-over,
rollback, same-file no-op, quarantine, and a real `flightdeck ingest` killed mid-write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from dashboard.ingest import pipeline
from dashboard.store.versions import Store
from tests.contract_helpers import crimes, prepare

OUTCOMES = "crime_ref,outcome_code,outcome_date\n"


def load(tmp_path, store, files, **kw):
    up = prepare(tmp_path, files, store)
    return pipeline.commit(store, up, **kw), up


def refs(store, table="crimes", column="crime_ref"):
    return sorted(store.read_table(store.current_id(), table).column(column).to_pylist())


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "store")
    load(
        tmp_path,
        s,
        {
            "crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,2024-04-03,20A"),
            "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\n",
            "training.csv": "staff_id,in_scope,course\nT1,Y,word_on_word\n",
        },
    )
    return s


def test_first_version_is_current_with_manifest(store):
    m = store.manifest(store.current_id())
    assert m["id"] == "v0001" and m["mode"] == "replace"
    # Default as-at: the latest reported, recorded or outcome date (2024-05-01).
    assert m["as_at"] == "2024-05-01"
    assert {f["table"]: f["rows"] for f in m["files"]} == {
        "crimes": 2,
        "outcomes": 1,
        "training": 1,
    }
    assert all(len(f["sha256"]) == 64 for f in m["files"])


def test_replace_takes_the_table_whole_and_carries_the_rest(tmp_path, store):
    v, _ = load(
        tmp_path,
        store,
        {"crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C3,2024-06-01,2024-06-02,19C")},
    )
    assert refs(store) == ["C1", "C3"]  # C2 gone: replace
    assert refs(store, "outcomes") == ["C1"]  # carried over unchanged
    m = store.manifest(v)
    assert m["tables"]["outcomes"]["from"] == "v0001"
    assert m["tables"]["crimes"]["from"] == "upload"
    # Carry-over shares the bytes of the earlier version's file.
    old, new = (store.table_path(x, "training") for x in ("v0001", v))
    assert old.read_bytes() == new.read_bytes()


def test_upsert_merges_by_key(tmp_path, store):
    text = OUTCOMES + "C1,1,2024-06-01\nC2,15,2024-06-02\n"
    up = pipeline.prepare(store, [_write(tmp_path, "outcomes.csv", text)], "upsert")
    pipeline.commit(store, up)
    table = store.read_table(store.current_id(), "outcomes").to_pylist()
    assert sorted((r["crime_ref"], r["outcome_code"]) for r in table) == [("C1", "1"), ("C2", "15")]


def test_upsert_keeps_rows_not_in_the_upload(tmp_path, store):
    path = _write(tmp_path, "crimes.csv", crimes("C3,2024-06-01,2024-06-02,19C"))
    pipeline.commit(store, pipeline.prepare(store, [path], "upsert"))
    assert refs(store) == ["C1", "C2", "C3"]


def test_rollback_and_forward(tmp_path, store):
    v2, _ = load(
        tmp_path,
        store,
        {
            "crimes.csv": crimes(
                "C1,2024-04-01,2024-04-02,19C",
                "C2,2024-04-01,2024-04-03,20A",
                "C9,2024-06-01,2024-06-02,19C",
            )
        },
    )
    assert refs(store) == ["C1", "C2", "C9"]
    store.rollback("v0001")
    assert refs(store) == ["C1", "C2"]
    store.rollback(v2)
    assert refs(store) == ["C1", "C2", "C9"]
    assert [v["id"] for v in store.versions()] == ["v0001", v2]


def test_same_files_again_is_a_no_op(tmp_path, store):
    first = sorted(tmp_path.glob("upload0/*.csv"))  # the fixture's own files, byte for byte
    up = pipeline.prepare(store, first)
    assert up.noop_version == "v0001"
    assert pipeline.commit(store, up) == "v0001"
    assert len(store.versions()) == 1


def test_refused_upload_changes_nothing(tmp_path, store):
    before = (store.current_id(), [v["id"] for v in store.versions()])
    up = prepare(tmp_path, {"crimes.csv": crimes("C1,31/02/2024,2024-04-02,19C")}, store)
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(store, up)
    assert (store.current_id(), [v["id"] for v in store.versions()]) == before
    assert refs(store) == ["C1", "C2"]


def test_quarantine_sets_aside_invalid_rows_and_what_refers_to_them(tmp_path, store):
    files = {
        "crimes.csv": crimes(
            "C1,2024-04-01,2024-04-02,19C",
            "C2,2024-04-01,2024-04-03,20A",
            "C5,31/02/2024,2024-04-02,19C",
        ),  # line 4: impossible date
        "outcomes.csv": OUTCOMES + "C1,16,2024-05-01\nC5,1,2024-05-02\n",  # line 3 refers to C5
    }
    up = prepare(tmp_path, files, store)
    # One error; the count offered covers the outcome that goes with C5 too.
    assert up.report.error_count == 1 and up.invalid_rows == 2
    assert not up.can_commit(False) and up.can_commit(True)
    v = pipeline.commit(store, up, accept_invalid=True)
    assert refs(store) == ["C1", "C2"]
    assert refs(store, "outcomes") == ["C1"]
    q = store.read_table(v, "_quarantine").to_pylist()
    assert [(r["table"], r["file"], r["line"]) for r in q] == [
        ("crimes", "crimes.csv", 4),
        ("outcomes", "outcomes.csv", 3),
    ]
    assert "reported_date" in q[0]["rule"] and "C5" in q[1]["rule"]
    assert store.manifest(v)["quarantined"] == 2 == up.invalid_rows


def test_as_at_given_by_the_analyst(tmp_path, store):
    files = {"crimes.csv": crimes("C1,2024-04-01,2024-04-02,19C", "C3,2024-04-01,2024-04-03,20A")}
    v, _ = load(tmp_path, store, files, as_at=date(2024, 9, 30))
    assert store.manifest(v)["as_at"] == "2024-09-30"


def test_synthetic_only_when_every_file_came_from_synth(tmp_path):
    from dashboard.synth import generator, proof

    folder = tmp_path / "synth"
    generator.generate(folder, crimes=300, seed=3)
    s = Store(tmp_path / "s")
    v, _ = pipeline.ingest(s, [folder], regenerate=proof.regenerate)
    assert s.manifest(v)["synthetic"] is True
    # A hand-made file in the next upload makes the version non-synthetic. (It replaces the
    # synthetic training table with 1 row, far more than a fifth fewer: allowed, as meant.)
    path = _write(tmp_path, "training.csv", "staff_id,in_scope,course\nT1,Y,word_on_word\n")
    v2, _ = pipeline.ingest(s, [path], allow_shrink=True)
    assert s.manifest(v2)["synthetic"] is False
    assert s.manifest(v2)["tables"]["crimes"]["synthetic"] is True


def _write(tmp_path, name, text):
    folder = tmp_path / f"single{len(list(tmp_path.glob('single*')))}"
    folder.mkdir()
    path = folder / name
    path.write_text(text)
    return path


def _cli(*args):
    return [sys.executable, "-m", "dashboard.cli", *args]


@pytest.mark.parametrize("stage", ["after_tables", "before_switch"])
def test_killed_ingest_leaves_previous_version_serving(tmp_path, store, stage):
    rows = ("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,2024-04-03,20A")
    path = _write(tmp_path, "crimes.csv", crimes(*rows, "C7,2024-04-01,2024-04-02,19C"))
    env = {**os.environ, "FLIGHTDECK_TEST_PAUSE_AT": stage}
    proc = subprocess.Popen(
        _cli("ingest", str(path), "--store", str(store.root)),
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.readline()
    assert f"paused at {stage}" in line
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert store.current_id() == "v0001"
    assert refs(store) == ["C1", "C2"]
    # The next ingest works and leftovers are ignored.
    v, _ = pipeline.ingest(store, [path])
    assert refs(store) == ["C1", "C2", "C7"] and store.current_id() == v


def test_ingest_killed_at_random_instants(tmp_path, store):
    path = _write(
        tmp_path, "crimes.csv", crimes(*(f"K{i},2024-04-01,2024-04-02,19C" for i in range(3000)))
    )
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0):
        before = store.current_id()
        proc = subprocess.Popen(
            _cli("ingest", str(path), "--mode", "upsert", "--store", str(store.root)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.kill()
        proc.wait()
        current = store.current_id()
        assert current in (before, *(v["id"] for v in store.versions()))
        ids = refs(store)  # whatever is current reads back whole
        assert ids in (["C1", "C2"], sorted(["C1", "C2", *(f"K{i}" for i in range(3000))]))


def test_concurrent_ingests_both_land(tmp_path, store):
    # Two processes upsert different crimes at once: both versions are listed, and the final
    # current version holds both crimes (the second re-checks against the first's result).
    paths = []
    for ref in ("P1", "P2"):
        paths.append(_write(tmp_path, "crimes.csv", crimes(f"{ref},2024-04-01,2024-04-02,19C")))
    procs = [
        subprocess.Popen(
            _cli("ingest", str(p), "--mode", "upsert", "--store", str(store.root)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in paths
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    ids = [v["id"] for v in store.versions()]
    assert ids == ["v0001", "v0002", "v0003"]
    assert refs(store) == ["C1", "C2", "P1", "P2"]
    for v in ids:  # every version complete and readable
        assert store.read_table(v, "crimes").num_rows >= 2
