"""A pack's bytes onto disk only once their audit line is written: the file is written beside
its target under a temporary name, hashed, audited (`record`, which raises when the line cannot
be written), and only then renamed into place; on any failure the temporary file is removed,
so no pack exists that the audit log does not name."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from dashboard.store import durable


def deliver(pdf: bytes, target: Path, record: Callable[[dict], None]) -> dict:
    """Write `pdf` to `target` after `record({"name", "sha256", "bytes"})` has returned; the
    entry as recorded."""
    entry = {"name": target.name, "sha256": hashlib.sha256(pdf).hexdigest(), "bytes": len(pdf)}
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
            out.flush()
            os.fsync(out.fileno())
        record(entry)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    durable.fsync_dir(target.parent)
    return entry
