"""Filesystem primitives for the store: inter-process lock, durable writes, links, test pauses."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from dashboard import settings

LOCK_TIMEOUT_SECONDS = 60.0
_POLL_SECONDS = 0.02


class LockTimeout(TimeoutError):
    """The lock stayed busy for longer than the timeout."""


@contextmanager
def exclusive_lock(
    path: Path, timeout: float | None = None, *, poll: float = _POLL_SECONDS, mode: int = 0o644
) -> Iterator[None]:
    """Hold an exclusive `flock` on `path` (created with `mode` if absent); LockTimeout (a
    TimeoutError) after `timeout` s, trying again every `poll` s."""
    timeout = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    # Each call opens its own file description, so threads of one process exclude each other
    # too. The kernel drops the lock when the holder dies, so a killed writer never wedges it.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, mode)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"could not lock {path} within {timeout:g} s") from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file's contents to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a directory's entries (creations, renames) to disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(path: Path, text: str) -> None:
    """Create `path` (which must not exist) with `text`, fsynced before returning."""
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def replace_atomically(path: Path, text: str) -> None:
    """Switch `path` to `text` so a reader sees the old or the new content, never a mix."""
    temporary = path.with_name(f"{path.name}.tmp-{uuid.uuid4().hex}")
    try:
        write_durably(temporary, text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def link_or_copy(source: Path, target: Path, link: bool) -> None:
    """Hard-link `source` to `target` if `link` (copying if linking fails), else copy it."""
    if link:
        try:
            os.link(source, target)
            return
        except OSError:
            pass  # another filesystem, or links not allowed: a copy is as good, only bigger
    shutil.copyfile(source, target)


def children(directory: Path) -> list[Path]:
    """Entries of a directory; empty if it does not exist."""
    try:
        return list(directory.iterdir())
    except FileNotFoundError:
        return []


def newest_mtime(path: Path) -> float:
    """The latest modification time of a path and its direct children (inf if it vanished)."""
    try:
        times = [path.lstat().st_mtime]
        if path.is_dir() and not path.is_symlink():
            times += [child.lstat().st_mtime for child in path.iterdir()]
    except FileNotFoundError:
        return float("inf")
    return max(times)


def remove(path: Path) -> bool:
    """Delete a file or directory tree; whether it is gone (another process may race us)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    return not path.exists()


def json_text(record: dict) -> str:
    """`record` as JSON text, dates and paths as strings; TypeError/ValueError if impossible."""

    def default(value: object) -> str:
        if isinstance(value, date | datetime | Path):
            return value.isoformat() if isinstance(value, date) else str(value)
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")

    return json.dumps(record, indent=2, ensure_ascii=False, default=default) + "\n"


def pause_for_test(stage: str) -> None:
    """Test hook: sleep at `stage` when FLIGHTDECK_TEST_PAUSE_AT names it (see
    dashboard.store.versions)."""
    if settings.current().test_pause_at == stage:
        print(f"paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(60)
