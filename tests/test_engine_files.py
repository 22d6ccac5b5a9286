"""A store's version is served from its database file (`dashboard/figures/engine_files.py`):
built once, then opened read-only by every process; the same figures as the database built in
memory; never a file built from other tables or other code; a damaged file built again; a
store that cannot be written served from memory; a failed build leaves nothing behind."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from dashboard.figures import engine, engine_files
from dashboard.figures.disruption import RepeatRule, compute_disruption
from dashboard.figures.metrics import compute_metrics
from dashboard.filters import Filters
from dashboard.periods import financial_year
from tests.fixture_store import load_fixture

PERIOD = financial_year(2024)
RAPE_IN_NEWPORT = Filters(local_authority="W06000022", subgroup="rape")


def _figures(e: engine.Engine) -> tuple:
    """Every §2 metric for the year, all crimes and one filtered view, and every §3 figure."""
    return (
        compute_metrics(e, PERIOD),
        compute_metrics(e, PERIOD, RAPE_IN_NEWPORT),
        compute_disruption(e, PERIOD, Filters(), RepeatRule()),
    )


@pytest.fixture
def version(tmp_path) -> tuple[Path, str]:
    """The hand-made fixture as v0001 of a new store: (its directory, its id)."""
    engine.clear_cache()
    tables = load_fixture(tmp_path)
    yield tables, tables.name
    engine.clear_cache()


def _files(tables: Path) -> list[Path]:
    """The store's database files (and any build's leftovers), not the builders' lock files."""
    folder = tables.parent.parent / engine_files.FOLDER
    return sorted(p for p in folder.glob("*") if not p.name.endswith(".lock"))


def test_a_version_is_served_from_its_file_with_the_figures_built_in_memory(version):
    tables, version_id = version
    served = engine.engine_for(tables, version_id)
    [built] = _files(tables)
    assert built.name.startswith(f"{version_id}-") and built.suffix == ".duckdb"
    with engine.Engine(tables, version_id) as in_memory:
        assert _figures(served) == _figures(in_memory)

    # another process (the cache emptied) opens the same file, not a new build
    inode = built.stat().st_ino
    engine.clear_cache()
    again = engine.engine_for(tables, version_id)
    assert _files(tables) == [built] and built.stat().st_ino == inode
    assert _figures(again) == _figures(served)
    with pytest.raises(Exception, match="read-only"):  # nobody writes a served file
        again.query("create table scribble (x integer)")


def _touch(path: Path, seconds: int = 1) -> None:
    """Move a file's modification time on (a restore from backup, say): another digest."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 10**9))


def test_a_file_built_from_other_tables_is_never_opened(version):
    tables, version_id = version
    engine.engine_for(tables, version_id)
    [first] = _files(tables)
    _touch(tables / "crimes.parquet")  # the crimes table rewritten in place
    engine.clear_cache()
    engine.engine_for(tables, version_id)
    files = _files(tables)
    assert len(files) == 2 and first in files  # built again; the old one kept for a day
    [second] = [f for f in files if f != first]

    # a day later, the next build removes the old digest's file (no replica reads it now)
    day_ago = first.stat().st_mtime - engine_files.STALE_DIGEST_SECONDS - 60
    os.utime(first, (day_ago, day_ago))
    _touch(tables / "crimes.parquet", 2)
    engine.clear_cache()
    engine.engine_for(tables, version_id)
    files = _files(tables)
    assert first not in files and second in files and len(files) == 2


def test_a_file_built_by_other_code_is_never_opened(version):
    tables, version_id = version
    before = engine_files.path_for(tables, version_id, engine.code_digest())
    assert before != engine_files.path_for(tables, version_id, engine.code_digest() + "x")


def test_a_damaged_file_is_built_again(version):
    tables, version_id = version
    expected = _figures(engine.engine_for(tables, version_id))
    [built] = _files(tables)
    engine.clear_cache()
    built.write_bytes(b"not a database" * 1000)
    assert _figures(engine.engine_for(tables, version_id)) == expected
    [rebuilt] = _files(tables)
    assert rebuilt.read_bytes()[:100] != (b"not a database" * 1000)[:100]


def test_a_store_that_cannot_be_written_is_served_from_memory(version):
    tables, version_id = version
    # the engines folder cannot be made (a file holds its name; as root, permissions would not
    # stop these tests, but this does)
    (tables.parent.parent / engine_files.FOLDER).write_text("in the way")
    served = engine.engine_for(tables, version_id)
    with engine.Engine(tables, version_id) as in_memory:
        assert _figures(served) == _figures(in_memory)


def test_tables_outside_a_store_are_built_in_memory(tmp_path):
    tables = load_fixture(tmp_path)
    loose = tmp_path / "loose"
    loose.mkdir()
    for parquet in tables.glob("*.parquet"):
        (loose / parquet.name).write_bytes(parquet.read_bytes())
    assert engine_files.path_for(loose, "v0001", engine.code_digest()) is None
    engine.clear_cache()
    assert compute_metrics(engine.engine_for(loose, "v0001"), PERIOD)
    assert not (tables.parent.parent / engine_files.FOLDER).exists()
    assert not (tmp_path / engine_files.FOLDER).exists()
    engine.clear_cache()


def test_a_build_that_fails_leaves_nothing_and_says_why(version, monkeypatch):
    tables, version_id = version

    def broken(db, tables_dir):
        db.execute("create table half_built (x integer)")
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(engine, "build", broken)
    with pytest.raises(RuntimeError, match="the disk went away"):
        engine.engine_for(tables, version_id)
    assert _files(tables) == []


def test_prepare_builds_the_file_the_first_page_then_opens(version):
    tables, version_id = version
    assert engine.prepare(tables, version_id) is True
    [built] = _files(tables)
    inode = built.stat().st_ino
    assert engine.prepare(tables, version_id) is True  # already there: not built again
    engine.engine_for(tables, version_id)
    assert _files(tables) == [built] and built.stat().st_ino == inode


def test_a_second_builder_waits_for_the_first_and_opens_its_file(version, monkeypatch):
    """Two processes need the same version at once: the one that finds the build lock taken
    waits, then opens the first one's file (here the first builder is a thread of this test,
    holding the lock while it builds)."""
    tables, version_id = version
    target = engine_files.path_for(tables, version_id, engine.code_digest())
    real_build = engine._built_file
    builds = []
    monkeypatch.setattr(engine, "_built_file", lambda *args: builds.append(args))
    locked, served = threading.Event(), []

    def first_builder():
        with engine_files.building(target):
            locked.set()
            time.sleep(1.0)  # the second one asks meanwhile, and must wait
            real_build(target, tables)

    builder = threading.Thread(target=first_builder)
    builder.start()
    assert locked.wait(30)
    assert not target.exists()
    start = time.monotonic()
    served.append(engine.engine_for(tables, version_id))  # finds no file, waits on the lock
    waited = time.monotonic() - start
    builder.join()
    assert builds == []  # it did not build: it opened the first builder's file
    assert waited > 0.3 and _figures(served[0])


def test_the_ingest_command_prepares_a_large_version(tmp_path, monkeypatch, capsys):
    from dashboard.cli import ingest
    from dashboard.cli.main import main
    from tests.fixture_store import SMALL

    store = tmp_path / "store"
    monkeypatch.setattr(ingest, "PREPARE_FROM_CRIMES", 1)  # the fixture's few crimes count
    assert main(["ingest", str(SMALL), "--store", str(store), "--uploader", "a.analyst"]) == 0
    assert "v0001 prepared for the dashboard in" in capsys.readouterr().out
    [built] = sorted((store / engine_files.FOLDER).glob("*.duckdb"))
    assert built.name.startswith("v0001-")

    monkeypatch.setattr(ingest, "PREPARE_FROM_CRIMES", 10**9)  # a small version: left to serve
    assert main(["ingest", str(SMALL), "--store", str(tmp_path / "other")]) == 0
    assert "prepared" not in capsys.readouterr().out
    assert not (tmp_path / "other" / engine_files.FOLDER).exists()
