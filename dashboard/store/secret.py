"""The store's rounding key: 32 random bytes in `<store>/rounding.key`, made once, kept for good.

Disclosure control rounds every count a scrutiny user sees up or down at random, the draw keyed
by this secret (`dashboard.disclosure.rounding`). The key must stay the same for the life of the
store: a new key draws every number afresh, and anyone who kept figures shown under the old one
could set the two roundings of one number side by side. So it is made once, with the store (the
first version written makes it, so a store served read-only has one), never replaced, and it is
private to the store's owner (mode 0600). `$FLIGHTDECK_ROUNDING_KEY` (hex, see settings), when
set, is used instead: for servers whose store is shared read-only, and for tests.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from dashboard.store import durable as fs

KEY_FILE = "rounding.key"
KEY_BYTES = 32


class RoundingKeyError(RuntimeError):
    """The store has no usable rounding key and none can be made."""


def key_path(root: Path) -> Path:
    return Path(root) / KEY_FILE


def ensure(root: Path) -> bytes:
    """The store's key, made now if it has none (atomically: two processes making it at once
    both end with the one that was linked first). The folder must exist."""
    path = key_path(root)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    root = Path(root)
    if not root.is_dir():
        raise RoundingKeyError(f"no store at {root}: no rounding key for the scrutiny role")
    staging = root / "tmp" / f"{KEY_FILE}.{secrets.token_hex(8)}"  # cleanup() clears leftovers
    try:
        staging.parent.mkdir(exist_ok=True)
        descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
        fs.fsync_file(staging)
        try:
            os.link(staging, path)  # fails if another process made it first: theirs is kept
        except FileExistsError:
            pass
        fs.fsync_dir(root)
    except OSError as exc:
        raise RoundingKeyError(
            f"cannot make the rounding key {path}: {exc.strerror or exc}"
        ) from exc
    finally:
        try:
            fs.remove(staging)
        except OSError:
            pass  # never made (the folder could not be): nothing to remove
    return _read(path)


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    if len(data) < KEY_BYTES:
        raise RoundingKeyError(
            f"the rounding key {path} is damaged (shorter than {KEY_BYTES} bytes)"
        )
    return data
