"""Sign-out that holds on the server: the sign-in cookies of every session that signed out.

Streamlit's sign-in cookie is signed but kept by the browser alone: `st.logout()` asks the
browser to delete it, and a copy taken before (another browser, a stolen cookie file) would
still sign its holder in. So signing out also records a fingerprint of the cookie (SHA-256 of
its signed value, never the value) here, and `dashboard.app.guard` drops a recorded cookie from
every request before Streamlit reads it: that session is over wherever the cookie went.

One line per sign-out in `<store>/sessions/signed-out.jsonl`, appended under a lock and fsynced.
A cookie lives 30 days (Streamlit's `AUTH_COOKIE_MAX_AGE_SECONDS`), so lines older than that are
ignored; the file is read again only when it changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dashboard.store import durable

FOLDER = "sessions"
FILE = "signed-out.jsonl"
LOCK = ".lock"
FILE_MODE = 0o640
COOKIE_LIFETIME = timedelta(days=30)  # Streamlit's AUTH_COOKIE_MAX_AGE_SECONDS
# Streamlit's sign-in cookie, split into `_streamlit_user`, `_streamlit_user__1`, ... when long
COOKIE_PREFIX = "_streamlit_user"


class SignOutNotRecorded(OSError):
    """The sign-out could not be written down: the cookie would still work."""


def path(store_root: Path | str) -> Path:
    return Path(store_root) / FOLDER / FILE


def fingerprint(cookies: Mapping[str, str]) -> str | None:
    """SHA-256 of the sign-in cookie's parts (name=value, in name order); None without one."""
    parts = sorted(
        (name, value)
        for name, value in cookies.items()
        if name == COOKIE_PREFIX or name.startswith(COOKIE_PREFIX + "__")
    )
    if not parts:
        return None
    digest = hashlib.sha256()
    for name, value in parts:
        digest.update(f"{name}={value}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def record(store_root: Path | str, cookie_fingerprint: str, now: datetime | None = None) -> None:
    """Remember that the session of this cookie signed out; SignOutNotRecorded if it cannot be."""
    target = path(store_root)
    line = json.dumps(
        {
            "at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "cookie": cookie_fingerprint,
        }
    )
    try:
        target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        with durable.exclusive_lock(target.parent / LOCK, 10.0, mode=FILE_MODE):
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
            try:
                os.write(fd, (line + "\n").encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
    except (OSError, TimeoutError) as exc:
        raise SignOutNotRecorded(str(exc)) from exc


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int], frozenset[str]]] = {}


def is_signed_out(
    store_root: Path | str, cookie_fingerprint: str | None, now: datetime | None = None
) -> bool:
    """Whether the session of this cookie has signed out (in the last 30 days)."""
    if cookie_fingerprint is None:
        return False
    return cookie_fingerprint in _recorded(path(store_root), now or datetime.now(UTC))


def _recorded(target: Path, now: datetime) -> frozenset[str]:
    try:
        stat = target.stat()
    except FileNotFoundError:
        return frozenset()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _cache.get(str(target))
        if cached is not None and cached[0] == stamp:
            return cached[1]
    oldest = now - COOKIE_LIFETIME
    found = set()
    with target.open("rb") as lines:  # an unreadable file is an error: better no one than anyone
        for raw in lines:
            try:
                entry = json.loads(raw)
                if datetime.fromisoformat(entry["at"]) >= oldest:
                    found.add(str(entry["cookie"]))
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line from a crash: the others still count
    with _lock:
        _cache[str(target)] = (stamp, frozenset(found))
    return frozenset(found)
