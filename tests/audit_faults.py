"""Three ways an audit log fails, for the "audit first, then change" tests (CLI and browser).

Tests run as root here, so mode bits alone stop nothing: each fault is made so that even root
cannot write the log.

- `unwritable`: a directory stands where the log file should be (open gives EISDIR);
- `full`: the log is a symbolic link to /dev/full (every write gives ENOSPC);
- `read_only`: opening the log or its lock for writing gives EROFS, as on a file system
  mounted read-only (`os.open` patched for those two paths only; the store itself still works).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.access import audit

FAULTS = ("unwritable", "full", "read_only")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


@contextmanager
def broken_audit_log(store: Path, fault: str) -> Iterator[None]:
    """The store's audit log broken by `fault` inside the block, as it was after it."""
    path = audit.audit_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = path.with_name("kept.jsonl")
    if path.exists():
        os.replace(path, kept)
    patch = pytest.MonkeyPatch()
    try:
        if fault == "unwritable":
            path.mkdir()
        elif fault == "full":
            path.symlink_to("/dev/full")
        elif fault == "read_only":
            if kept.exists():
                os.link(kept, path)  # the old lines are still there to read
            _refuse_writes(patch, {path, path.with_name(audit.LOCK_FILE)})
        else:
            raise ValueError(fault)
        yield
    finally:
        patch.undo()
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink(missing_ok=True)
        if kept.exists():
            os.replace(kept, path)


def _refuse_writes(monkeypatch: pytest.MonkeyPatch, paths: set[Path]) -> None:
    real_open = os.open
    refused = {str(p) for p in paths}

    def read_only_open(file, flags, *args, **kwargs):
        if str(file) in refused and flags & _WRITE_FLAGS:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)


def log_bytes(store: Path) -> bytes:
    path = audit.audit_path(store)
    return path.read_bytes() if path.is_file() else b""


def store_state(store: Path) -> tuple[str | None, list[str], list[str]]:
    """What an audit failure must leave unchanged: CURRENT, versions/ (every entry, complete or
    not) and the versions' manifests."""
    current = (store / "CURRENT").read_text() if (store / "CURRENT").exists() else None
    entries = sorted(p.name for p in (store / "versions").iterdir())
    manifests = sorted(str(p.relative_to(store)) for p in store.glob("versions/*/manifest.json"))
    return current, entries, manifests
