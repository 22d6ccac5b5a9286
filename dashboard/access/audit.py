"""The audit trail that DPA 2018 Part 3 s62 asks of law-enforcement systems: who consulted or
disclosed data, when, and why.

One JSON object per line in `<store>/audit/audit.jsonl`, oldest first:

    {"time": "2025-04-01T09:30:12.345+00:00", "kind": "page_view", "user": "a@example.police.uk",
     "roles": ["analyst"], "session": "…", "page": "outcomes", "period": {…}, "filters": {…},
     "prev": "<SHA-256 of the previous line>"}

The app only ever appends. Each event is written by one `os.write` on a descriptor opened with
O_APPEND and then fsynced, so lines from concurrent threads and processes never interleave and
nothing earlier in the file is touched. A lock file (`audit/.lock`) is held around each append
so that every line can carry the SHA-256 of the line before it (`prev`): `verify` walks that
chain, so an edit, insertion or deletion inside the file shows. The writer reads nothing but the
last line, for that hash, and never seeks, truncates or rewrites.

Only the user's own identity, their roles, the session id, and what the product itself knows
(page keys, periods, filters, pseudonymised counts, file names and hashes, version ids) are
logged. The free texts are the purpose a user gives before seeing suspect-level rows and the
reason an analyst gives for a rollback, each cleaned and capped (`PURPOSE_MAX_CHARS`,
`REASON_MAX_CHARS`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path, PurePath

import pandas as pd

from dashboard.access.roles import Identity
from dashboard.i18n import t
from dashboard.store import durable

AUDIT_DIR = "audit"
AUDIT_FILE = "audit.jsonl"
LOCK_FILE = ".lock"
LOCK_TIMEOUT_SECONDS = 10.0
PURPOSE_MAX_CHARS = 200
REASON_MAX_CHARS = 200  # a rollback's reason
TEXT_MAX_CHARS = 200
FILE_MODE = 0o640

# kind -> (required fields, optional fields)
KINDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sign_in": ((), ("method",)),
    "sign_out": ((), ()),
    "page_view": (("page", "period", "filters"), ("version",)),
    "export": (("what", "rows", "page"), ("version", "format")),
    # the bytes of an export leaving the server (Streamlit's /media/ address), each time
    "file_served": (("what", "file", "page"), ("version",)),
    "upload": (("files", "version", "mode", "outcome"), ("rows", "error", "inputs")),
    "rollback": (("from", "to", "reason"), ("outcome",)),
    "suspect_level_view": (("what", "purpose", "rows"), ("page", "version")),
    "access_denied": ((), ("page", "capability")),
    # a board pack (`flightdeck report`), written before the file is put in place
    "board_pack": (("file", "period", "role", "language"), ("filters", "version")),
}
# unchanged: the same files again; failed: follows a "committed" line (or a rollback) written
# before the change, when the change could then not be made (the store is as it was)
# "error": the load stopped on an unexpected error before any change (`error` names its kind)
UPLOAD_OUTCOMES = ("committed", "refused", "unchanged", "failed", "error")
ROLLBACK_OUTCOMES = ("failed",)  # no outcome: done
COLUMNS = ("time", "kind", "user", "roles", "session", "page", "details", "line")
UNREADABLE = "unreadable"
_COMMON = ("time", "kind", "user", "roles", "session", "prev")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class AuditError(RuntimeError):
    """An event could not be recorded: the caller must not show or change data without it."""


def audit_path(store_root: Path | str) -> Path:
    return Path(store_root) / AUDIT_DIR / AUDIT_FILE


# ---------------------------------------------------------------- writing


class AuditLog:
    """The append-only audit log of one store."""

    def __init__(self, store_root: Path | str) -> None:
        self.path = audit_path(store_root)

    def record(self, kind: str, identity: Identity, session_id: str | None, **fields) -> dict:
        """Append one event; return it as written. ValueError for an event that breaks the
        schema (a bug), AuditError when the log cannot be written (disk, permissions, lock)."""
        event = _event(kind, identity, session_id, fields)
        self._append(event)
        return event

    # one method per kind, so that callers cannot forget a field

    def sign_in(self, identity: Identity, session_id: str | None, *, method: str) -> dict:
        """`method`: "oidc", "proxy", "demo" (`--demo-role`) or "none" (no sign-in)."""
        return self.record("sign_in", identity, session_id, method=method)

    def sign_out(self, identity: Identity, session_id: str | None) -> dict:
        return self.record("sign_out", identity, session_id)

    def page_view(
        self,
        identity: Identity,
        session_id: str | None,
        *,
        page: str,
        period: object,
        filters: object,
        version: str | None = None,
    ) -> dict:
        return self.record(
            "page_view",
            identity,
            session_id,
            page=page,
            period=period,
            filters=filters,
            version=version,
        )

    def export(
        self,
        identity: Identity,
        session_id: str | None,
        *,
        what: str,
        rows: int,
        page: str,
        version: str | None = None,
        format: str = "csv",
    ) -> dict:
        return self.record(
            "export",
            identity,
            session_id,
            what=what,
            rows=rows,
            page=page,
            version=version,
            format=format,
        )

    def file_served(
        self,
        identity: Identity,
        session_id: str | None,
        *,
        what: str,
        file: Mapping,
        page: str,
        version: str | None = None,
    ) -> dict:
        """Before an exported file's bytes are sent to a browser: `file` is `file_entry`."""
        return self.record(
            "file_served", identity, session_id, what=what, file=file, page=page, version=version
        )

    def upload(
        self,
        identity: Identity,
        session_id: str | None,
        *,
        files: Iterable[Mapping],
        version: str | None,
        mode: str,
        outcome: str,
        rows: int | None = None,
        error: str | None = None,
        inputs: Iterable[str] | None = None,
    ) -> dict:
        """`files`: `file_entry(name, data)` for each file; `version`: the version made (None
        when refused); `outcome`: "committed", "refused", "unchanged" (the same files again),
        "failed" (after a "committed" line: the version could not be made current) or "error"
        (the load stopped on an unexpected error, whose kind `error` names, before its files
        were read, so `files` is empty and `inputs` names what was given; nothing changed).

        A change is recorded before it is made (the store's `record` step): "committed" names
        the version about to become current, and nothing changes if that line cannot be
        written."""
        return self.record(
            "upload",
            identity,
            session_id,
            files=list(files),
            version=version,
            mode=mode,
            outcome=outcome,
            rows=rows,
            error=error,
            inputs=None if inputs is None else [PurePath(str(i)).name for i in inputs],
        )

    def rollback(
        self,
        identity: Identity,
        session_id: str | None,
        *,
        from_version: str,
        to_version: str,
        reason: str,
        failed: bool = False,
    ) -> dict:
        """Written before the switch, with the reason the analyst gave (required); `failed`: a
        second line when the switch could not be made after the first was written."""
        fields = {"from": from_version, "to": to_version, "reason": reason}
        fields["outcome"] = "failed" if failed else None
        return self.record("rollback", identity, session_id, **fields)

    def suspect_level_view(
        self,
        identity: Identity,
        session_id: str | None,
        *,
        what: str,
        purpose: str,
        rows: int,
        page: str | None = None,
        version: str | None = None,
    ) -> dict:
        """Before suspect-level rows are shown: the list, the purpose the user gave, the rows."""
        return self.record(
            "suspect_level_view",
            identity,
            session_id,
            what=what,
            purpose=purpose,
            rows=rows,
            page=page,
            version=version,
        )

    def access_denied(
        self,
        identity: Identity,
        session_id: str | None,
        *,
        page: str | None = None,
        capability: str | None = None,
    ) -> dict:
        return self.record("access_denied", identity, session_id, page=page, capability=capability)

    def board_pack(
        self,
        identity: Identity,
        session_id: str | None,
        *,
        file: Mapping,
        period: object,
        role: str,
        language: str,
        filters: object = None,
        version: str | None = None,
    ) -> dict:
        """Before a board pack is put in place: `file` is its name, SHA-256 and size."""
        return self.record(
            "board_pack",
            identity,
            session_id,
            file=file,
            period=period,
            role=role,
            language=language,
            filters=filters,
            version=version,
        )

    def _append(self, event: dict) -> None:
        directory = self.path.parent
        try:
            directory.mkdir(mode=0o750, parents=True, exist_ok=True)
            # Waiters poll often: an append holds the lock only for a moment.
            with durable.exclusive_lock(
                directory / LOCK_FILE, LOCK_TIMEOUT_SECONDS, poll=0.001, mode=FILE_MODE
            ):
                created = not self.path.exists()
                fd = os.open(
                    self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, FILE_MODE
                )
                try:
                    previous, complete = _last_line(self.path)
                    event["prev"] = None if previous is None else _line_hash(previous)
                    data = _line_bytes(event)
                    if not complete:  # a torn line from a failed write: start on a new line
                        data = b"\n" + data
                    written = os.write(fd, data)
                    if written != len(data):
                        raise AuditError(
                            t("audit.short_write", path=self.path, written=written, size=len(data))
                        )
                    os.fsync(fd)
                finally:
                    os.close(fd)
                if created:
                    durable.fsync_dir(directory)
        except AuditError:
            raise
        except OSError as exc:
            raise AuditError(t("audit.cannot_write", path=self.path, error=exc)) from exc


def _line_bytes(event: dict) -> bytes:
    text = json.dumps(event, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.encode("ascii") + b"\n"


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def _last_line(path: Path) -> tuple[bytes | None, bool]:
    """The last line of the file (without its newline; None if empty), and whether it ends in
    a newline. Called under the lock, so no other writer can append meanwhile."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            return None, True
        complete = os.pread(fd, 1, size - 1) == b"\n"
        end = size - 1 if complete else size
        tail = b""
        position = end
        while position > 0:  # lines are short: this reads one block
            step = min(65536, position)
            position -= step
            tail = os.pread(fd, step, position) + tail
            cut = tail.rfind(b"\n")
            if cut != -1:
                return tail[cut + 1 :], complete
        return tail, complete
    finally:
        os.close(fd)


def _event(kind: str, identity: Identity, session_id: str | None, fields: dict) -> dict:
    if kind not in KINDS:
        raise ValueError(f"unknown audit event kind {kind!r}; expected one of {', '.join(KINDS)}")
    required, optional = KINDS[kind]
    unknown = sorted(set(fields) - set(required) - set(optional))
    if unknown:
        raise ValueError(f"{kind} events have no field {', '.join(unknown)}")
    missing = [name for name in required if fields.get(name) is None and name != "version"]
    if missing:
        raise ValueError(f"{kind} events need {', '.join(missing)}")
    event: dict = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "kind": kind,
        "user": identity.user,
        "roles": sorted(identity.roles),
        "session": _text(session_id) if session_id is not None else None,
    }
    for name in (*required, *optional):
        if name in fields and (fields[name] is not None or name in required):
            event[name] = _field(kind, name, fields[name])
    if kind == "access_denied" and "page" not in event and "capability" not in event:
        raise ValueError("access_denied events need a page or a capability")
    return event


def _field(kind: str, name: str, value: object) -> object:
    if name == "purpose":
        purpose = clean_purpose(value if isinstance(value, str) else "")
        if not purpose:
            raise ValueError("a suspect-level view needs the purpose the user gave")
        return purpose
    if name == "reason":
        reason = clean_reason(value if isinstance(value, str) else "")
        if not reason:
            raise ValueError("a rollback needs the reason the analyst gave")
        return reason
    if name == "rows":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{kind}.rows must be a whole number of rows, not {value!r}")
        return value
    if name == "outcome":
        allowed = UPLOAD_OUTCOMES if kind == "upload" else ROLLBACK_OUTCOMES
        if value not in allowed:
            raise ValueError(f"{kind}.outcome must be one of {', '.join(allowed)}")
    if name == "files":
        return [_file(entry) for entry in value]  # type: ignore[union-attr]
    if name == "file":
        return _file(value)
    if name == "period":
        return _period(value)
    return _plain(value)


def _file(entry: object) -> dict:
    if not isinstance(entry, Mapping) or not _SHA256.fullmatch(str(entry.get("sha256", ""))):
        raise ValueError(f"an uploaded file needs a name and a SHA-256: {entry!r}")
    record = {"name": _text(PurePath(str(entry.get("name", ""))).name), "sha256": entry["sha256"]}
    if isinstance(entry.get("bytes"), int):
        record["bytes"] = entry["bytes"]
    return record


def _period(value: object) -> object:
    start, end = getattr(value, "start", None), getattr(value, "end", None)
    if isinstance(start, date) and isinstance(end, date):
        return {"start": start.isoformat(), "end": end.isoformat()}
    return _plain(value)


def _plain(value: object, depth: int = 0) -> object:
    """`value` as plain JSON (strings cleaned and capped); TypeError for anything else."""
    if depth > 4:
        raise ValueError("audit fields nest too deeply")
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {_text(str(k)): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_plain(v, depth + 1) for v in items]
    raise TypeError(f"{type(value).__name__} cannot go into the audit log")


def _text(value: str, limit: int = TEXT_MAX_CHARS) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def clean_purpose(text: str) -> str:
    """The purpose as logged: one line, no control characters, at most PURPOSE_MAX_CHARS."""
    return _text(text or "", PURPOSE_MAX_CHARS)


def clean_reason(text: str) -> str:
    """A rollback's reason as logged: one line, no control characters, at most
    REASON_MAX_CHARS."""
    return _text(text or "", REASON_MAX_CHARS)


def upload_error(
    log: AuditLog,
    identity: Identity,
    session_id: str | None,
    *,
    inputs: Iterable[str],
    mode: str,
    error: BaseException,
) -> None:
    """The audit line of a load that stopped on an unexpected error (nothing changed): written
    when it can be; when the log itself fails, the load's own error is what the user is told."""
    try:
        log.upload(
            identity,
            session_id,
            files=[],
            version=None,
            mode=mode,
            outcome="error",
            error=type(error).__name__,
            inputs=inputs,
        )
    except AuditError:
        pass


def file_entry(name: str, data: bytes) -> dict:
    """The log's record of one uploaded file: its own name (no folders), SHA-256 and size."""
    return {
        "name": PurePath(name).name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
    }


# ---------------------------------------------------------------- reading


def read_events(
    store_root: Path | str,
    *,
    kinds: str | Iterable[str] | None = None,
    user: str | None = None,
    since: date | datetime | str | None = None,
    until: date | datetime | str | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Events of the log, newest first, as the Audit page shows them (columns `COLUMNS`).

    `kinds`: one kind or several (`"unreadable"` for lines that are not valid events); `user`:
    exact, case-insensitive; `since`/`until`: inclusive (a date means that whole day, naive
    times are UTC); `text`: case-insensitive, anywhere in the event; `limit`: the newest N.
    """
    wanted = {kinds} if isinstance(kinds, str) else set(kinds) if kinds is not None else None
    low, high = _bound(since, start=True), _bound(until, start=False)
    needle = text.casefold() if text else None
    who = user.strip().lower() if user else None
    rows = []
    for number, raw in _lines(audit_path(store_root)):
        row = _row(number, raw)
        if wanted is not None and row["kind"] not in wanted:
            continue
        if who is not None and (row["user"] or "").lower() != who:
            continue
        if (low is not None or high is not None) and row["time"] is None:
            continue
        if low is not None and row["time"] < low:
            continue
        if high is not None and row["time"] > high:
            continue
        if needle is not None and needle not in _searchable(row).casefold():
            continue
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    frame = frame.sort_values(["time", "line"], ascending=False, na_position="last")
    if limit is not None:
        frame = frame.head(limit)
    return frame.reset_index(drop=True)


def verify(store_root: Path | str) -> list[str]:
    """Problems found in the log (empty when every line is a valid event chained to the one
    before it): an edited, inserted, deleted or torn line shows here."""
    problems = []
    previous: bytes | None = None
    for number, raw in _lines(audit_path(store_root)):
        try:
            event = json.loads(raw)
            if not isinstance(event, dict) or event.get("kind") not in KINDS:
                raise ValueError
        except ValueError:
            problems.append(t("audit.problem.unreadable", line=number))
            previous = raw
            continue
        expected = None if previous is None else _line_hash(previous)
        if event.get("prev") != expected:
            problems.append(t("audit.problem.chain", line=number))
        previous = raw
    return problems


def _lines(path: Path) -> Iterable[tuple[int, bytes]]:
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                raw = raw.rstrip(b"\n")
                if raw:
                    yield number, raw
    except FileNotFoundError:
        return


def _row(number: int, raw: bytes) -> dict:
    try:
        event = json.loads(raw)
        if not isinstance(event, dict) or event.get("kind") not in KINDS:
            raise ValueError
        when = datetime.fromisoformat(event["time"])
    except (ValueError, KeyError, TypeError):
        return {
            "time": None,
            "kind": UNREADABLE,
            "user": None,
            "roles": "",
            "session": None,
            "page": None,
            "details": raw.decode("utf-8", "replace")[:500],
            "line": number,
        }
    details = {k: v for k, v in event.items() if k not in _COMMON and k != "page"}
    return {
        "time": when if when.tzinfo else when.replace(tzinfo=UTC),
        "kind": event["kind"],
        "user": event.get("user"),
        "roles": ", ".join(event.get("roles") or ()),
        "session": event.get("session"),
        "page": event.get("page"),
        "details": "; ".join(f"{k}: {_shown(v)}" for k, v in details.items()),
        "line": number,
    }


def _shown(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _searchable(row: dict) -> str:
    return " ".join(str(row[c]) for c in ("kind", "user", "roles", "session", "page", "details"))


def _bound(value: date | datetime | str | None, *, start: bool) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = (
            datetime.fromisoformat(value)
            if "T" in value or " " in value
            else (date.fromisoformat(value))
        )
    if not isinstance(value, datetime):  # a whole day
        moment = datetime.combine(value, time.min, tzinfo=UTC)
        return moment if start else moment + timedelta(days=1) - timedelta(microseconds=1)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
