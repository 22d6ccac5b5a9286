"""Where a data version's database is kept on disk, so that it is built once, not by every
process that serves the version, and read from disk rather than held whole in memory.

A version's database (its contract tables typed, the reference lists, the shared facts of
`queries/_schema.sql`) is derived from the version's Parquet files and the code that builds it.
It is kept in the store as `engines/<version>-<digest>.duckdb`, where the digest covers both: the
building code's own digest (the schema, the column types, the reference lists, DuckDB's version),
and each table file's name, size and modification time. A file whose digest no longer matches
is never opened, and is removed a day after it was written once a file of the new digest is
built (replicas being upgraded one by one may still read it meanwhile; all replicas should run
the same code). `engines/` is a cache: delete it while nothing is serving, and it is built again.

A database is built into a file of its own (`….tmp-<unique>`), flushed to disk and renamed into
place, so a reader only ever opens a whole one. The builder holds a lock beside it
(`<name>.lock`, `building`): a second process that needs the same file waits for the first
one's, then opens it, rather than build it again. A store that cannot be written gives no file:
the engine is then built in memory, as it is for tables outside a store.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.store import durable as fs

FOLDER = "engines"
SUFFIX = ".duckdb"
STALE_SECONDS = 3600  # a build's leftover this old is no live builder's
STALE_DIGEST_SECONDS = 86400  # a file of another digest this old: no replica still reads it
BUILD_WAIT_SECONDS = 3600  # the longest another process's build is waited for (10M: 1.5 min)


def path_for(tables_dir: Path, version_id: str, code_digest: str) -> Path | None:
    """The database file of a store's version (which may not exist yet); None when the tables
    are not a version of a store (`<store>/versions/<id>/`)."""
    tables_dir = Path(tables_dir)
    if tables_dir.parent.name != "versions" or tables_dir.name != version_id:
        return None
    digest = hashlib.sha256(code_digest.encode())
    for path in sorted(tables_dir.glob("*.parquet")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    store = tables_dir.parent.parent
    return store / FOLDER / f"{version_id}-{digest.hexdigest()[:16]}{SUFFIX}"


@contextmanager
def building(target: Path) -> Iterator[None]:
    """Hold the lock of `target`'s build (its folder made if need be): one builder at a time."""
    target.parent.mkdir(exist_ok=True)
    with fs.exclusive_lock(target.with_name(target.name + ".lock"), BUILD_WAIT_SECONDS):
        yield


def scratch(target: Path) -> Path:
    """A new file name beside `target` to build into (its folder made if need be)."""
    target.parent.mkdir(exist_ok=True)
    return target.with_name(f"{target.name}.tmp-{uuid.uuid4().hex}")


def publish(built: Path, target: Path) -> None:
    """Put a finished database file in place: flushed, renamed over `target`, and the folder
    flushed; then old leftovers removed: builds abandoned over an hour ago, and the version's
    files of other digests not written for a day (another replica may still be running the
    code that reads one: a replica upgraded a day ago is not)."""
    fs.fsync_file(built)
    os.replace(built, target)
    fs.fsync_dir(target.parent)
    version = target.name.split("-", 1)[0]
    old = [p for p in target.parent.glob(f"{version}-*{SUFFIX}") if p != target]
    _remove_older(old, STALE_DIGEST_SECONDS)  # their lock files stay: a few bytes
    _remove_older(list(target.parent.glob(f"*{SUFFIX}.tmp-*")), STALE_SECONDS)


def _remove_older(paths: list[Path], seconds: float) -> None:
    now = time.time()
    for path in paths:
        try:
            if now - path.stat().st_mtime > seconds:
                fs.remove(path)
        except OSError:
            continue


def discard(path: Path) -> None:
    """Remove a build's file and DuckDB's write-ahead log beside it (a build that failed)."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        fs.remove(leftover)
