"""Immutable data versions on disk: write, list, read, switch current, roll back; crash-safe.

Layout under the store root:
  versions/<id>/  manifest.json + <table>.parquet (+ _quarantine.parquet); unchanged once complete
  CURRENT         the current version id on one line, switched with os.replace
  tmp/<unique>/   versions being written: ignored by readers, removed later by cleanup()
  .lock           flock held only around id allocation, rename, the record step, the switch
  engines/        not the store's: each version's DuckDB database, a cache the dashboard builds
                  (dashboard/figures/engine_files.py) and may be deleted at any time

A version is complete when versions/<id>/manifest.json exists. The tables are written in tmp/
and the directory renamed into versions/<id> (which takes the id, still invisible to readers);
then the caller's `record` step runs (the audit line of the change); only then is the manifest
put in place (atomically) and CURRENT switched. If `record` raises, the version is removed and
CURRENT is untouched, so no version appears, and no pointer moves, that was not recorded first.
Readers never lock.

Test hook: FLIGHTDECK_TEST_PAUSE_AT=<stage> makes write_version print "paused at <stage>" to
stderr and sleep 60 s there, so a test can kill a real writer at that instant. Stages:
`after_tables` (tables staged in tmp/, no manifest yet) and `before_switch` (lock held, version
recorded and complete in versions/, CURRENT not yet switched).
"""

from __future__ import annotations

import functools
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import EllipsisType

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.i18n import t
from dashboard.store import durable as fs
from dashboard.store import secret

MANIFEST = "manifest.json"
STAGE_WORKERS = 2  # the machines this runs on have two cores
_VERSION_ID = re.compile(r"v(\d{4,})")
_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StoreError(Exception):
    """A store operation that cannot be done; the message says why."""


class StoreConflict(StoreError):
    """The current version changed since the caller read it (see `expect_current`)."""


class UnreadableVersion(StoreError):
    """A version that cannot be served: `reason` is one of "missing" (CURRENT names a version
    that is not there), "manifest" (unreadable), "as_at" (no valid as-at date), "table" (a
    table's file is missing or damaged: `table` names it) or "rows" (a table's file does not
    hold the rows its manifest records). The caller words it for its reader."""

    def __init__(self, version_id: str, reason: str, table: str = "", detail: str = ""):
        super().__init__(f"version {version_id} cannot be read ({reason} {table}): {detail}")
        self.version_id, self.reason, self.table, self.detail = version_id, reason, table, detail

    def sentence(self, current: bool = True) -> str:
        """What a user is told, in the page's or command's language (the detail is for logs):
        about the current version, or (`current` False) a version asked to be made current."""
        why = t(f"version.unreadable.{self.reason}", table=self.table)
        key = "version.unreadable" if current else "version.unreadable.target"
        return t(key, version=self.version_id, reason=why)


@dataclass(frozen=True)
class Switch:
    """A move of CURRENT as a `record` step sees it: from `before` (None for an empty store) to
    `after`. The step is called once before the move; if the move then cannot be made, it is
    called again (best effort) with `failed` set, so the record can say so."""

    before: str | None
    after: str
    failed: BaseException | None = None


Record = Callable[[Switch], object]


class Store:
    """A directory of immutable versions with an atomically switched CURRENT pointer."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def current_id(self) -> str | None:
        """The current version id; None for an empty store; StoreError if CURRENT is broken."""
        current = self._read_current()
        if current is not None and not self._is_complete(current):
            detail = f"{self.root / 'CURRENT'} names version {current!r}, which is missing or "
            detail += "incomplete; roll back to one of: " + (", ".join(self._known_ids()) or "none")
            raise UnreadableVersion(current, "missing", detail=detail)
        return current

    def current(self) -> tuple[str, dict] | None:
        """(id, manifest) of the current version, checked (see `check`); None for an empty
        store; UnreadableVersion if it cannot be served."""
        version_id = self.current_id()
        return None if version_id is None else (version_id, self.check(version_id))

    def check(self, version_id: str) -> dict:
        """The manifest of a version that can be served; UnreadableVersion if it cannot: its
        manifest, its as-at date and every table it lists (file present, Parquet footer
        readable, the rows the manifest records). Cheap: footers are read once per file."""
        try:
            manifest = self.manifest(version_id)
        except StoreError as exc:
            reason = "manifest" if self._is_complete(version_id) else "missing"
            raise UnreadableVersion(version_id, reason, detail=str(exc)) from exc
        try:
            date.fromisoformat(manifest["as_at"])
        except (KeyError, TypeError, ValueError) as exc:
            raise UnreadableVersion(version_id, "as_at", detail=repr(exc)) from exc
        folder = self.version_dir(version_id)
        tables = manifest.get("tables")
        if not isinstance(tables, dict):  # not written by the ingest: every file it holds
            tables = {p.stem: {} for p in folder.glob("*.parquet") if not p.stem.startswith("_")}
        for name, info in tables.items():
            path = folder / f"{_checked_table(name)}.parquet"
            try:
                rows = _footer_rows(path)
            except (OSError, pa.ArrowException) as exc:
                raise UnreadableVersion(version_id, "table", name, str(exc)) from exc
            expected = info.get("rows") if isinstance(info, dict) else None
            if expected is not None and rows != expected:
                detail = f"{rows} rows, manifest says {expected}"
                raise UnreadableVersion(version_id, "rows", name, detail)
        return manifest

    def readable(self, version_id: str) -> bool:
        """Whether a version can be served (see `check`)."""
        try:
            self.check(version_id)
        except StoreError:
            return False
        return True

    def manifest(self, version_id: str) -> dict:
        """The parsed manifest of a complete version, with its "id"."""
        path = self.version_dir(version_id) / MANIFEST
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreError(f"version {version_id!r} is missing or incomplete") from None
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot read the manifest of {version_id!r}: {exc}") from exc
        if not isinstance(record, dict):
            raise StoreError(f"the manifest of {version_id!r} is not a JSON object")
        return {**record, "id": version_id}

    def versions(self) -> list[dict]:
        """Manifests of complete versions, oldest first, each with "id" and "current"."""
        current = self._read_current()
        found = []
        for version_id in self._known_ids():
            try:
                found.append({**self.manifest(version_id), "current": version_id == current})
            except StoreError:
                continue  # damaged outside the store's control: not listed
        return found

    def version_dir(self, version_id: str) -> Path:
        """The directory of a version (which may not exist); StoreError for a malformed id."""
        if not isinstance(version_id, str) or not _VERSION_ID.fullmatch(version_id):
            raise StoreError(f"not a version id: {version_id!r} (expected like v0001)")
        return self.root / "versions" / version_id

    def table_path(self, version_id: str, table: str) -> Path | None:
        """The parquet file of `table` in a complete version; None if it has no such table."""
        self._require_complete(version_id)
        path = self.version_dir(version_id) / f"{_checked_table(table)}.parquet"
        return path if path.is_file() else None

    def read_table(self, version_id: str, table: str) -> pa.Table | None:
        """The table as stored in a version; None if that version has no such table."""
        path = self.table_path(version_id, table)
        return None if path is None else pq.read_table(path)

    def write_version(
        self,
        tables: Mapping[str, pa.Table | Path],
        manifest: Mapping,
        make_current: bool = True,
        *,
        expect_current: str | None | EllipsisType = ...,
        record: Record | None = None,
    ) -> str:
        """Write a new complete version (new tables written, Paths carried over); return its id.

        `record` (the audit line of the change) runs under the lock once the tables are on disk
        and before the version becomes visible or current; if it raises, nothing changes."""
        try:  # fail before any work if the manifest cannot be saved
            fs.json_text(dict(manifest))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"the manifest cannot be saved as JSON: {exc}") from exc
        try:
            self.cleanup()  # opportunistic: only leftovers too old to be a live writer's
        except OSError:
            pass
        staging = self._stage(tables)
        try:
            fs.pause_for_test("after_tables")
            with self._locked():
                return self._publish(staging, manifest, make_current, expect_current, record)
        finally:
            fs.remove(staging)  # gone already unless something failed

    def _publish(
        self,
        staging: Path,
        manifest: Mapping,
        make_current: bool,
        expect: str | None | EllipsisType,
        record: Record | None,
    ) -> str:
        """Under the lock: move `staging` into versions/, record, add the manifest, switch."""
        try:  # made with the first version, so that a store served read-only has its key
            secret.ensure(self.root)
        except secret.RoundingKeyError as exc:
            raise StoreError(str(exc)) from exc
        current = self.current_id()
        if expect is not ... and current != expect:
            raise StoreConflict(f"the current version is now {current!r}, not {expect!r}")
        version_id = self._next_id()
        entry = {**manifest, "id": version_id, "parent": current}
        entry.setdefault("created", datetime.now(UTC).isoformat(timespec="seconds"))
        target = self.version_dir(version_id)
        target.parent.mkdir(exist_ok=True)
        os.rename(staging, target)  # the id is taken; with no manifest, readers ignore it
        fs.fsync_dir(target.parent)
        switch = Switch(current, version_id)
        try:
            if record is not None:
                record(switch)
        except BaseException:
            fs.remove(target)  # not recorded: it never existed
            raise
        try:
            fs.replace_atomically(target / MANIFEST, fs.json_text(entry))
            fs.pause_for_test("before_switch")
            if make_current:
                fs.replace_atomically(self.root / "CURRENT", version_id + "\n")
        except BaseException as exc:
            self._abandon(switch, exc, record)
            fs.remove(target)  # never current: nobody was shown it
            raise
        return version_id

    def _abandon(self, switch: Switch, error: BaseException, record: Record | None) -> None:
        """After a recorded move failed: StoreError if CURRENT did move (only its flush to disk
        failed); otherwise a best-effort second record saying the move failed."""
        if switch.before != switch.after and self._read_current() == switch.after:
            raise StoreError(
                f"version {switch.after} is now current, but the switch could not be saved to "
                f"disk: {error}"
            ) from error
        if record is not None:
            try:
                record(replace(switch, failed=error))
            except Exception:  # noqa: BLE001 (best effort: the caller reports `error`)
                pass

    def rollback(self, version_id: str, record: Record | None = None) -> None:
        """Make an existing complete version current; `record` (the audit line) runs under the
        lock before the move, and if it raises nothing changes."""
        with self._locked():
            self._require_complete(version_id)
            self.check(version_id)  # a version that cannot be served is never made current
            switch = Switch(self._read_current(), version_id)
            if record is not None:
                record(switch)
            try:
                fs.replace_atomically(self.root / "CURRENT", version_id + "\n")
            except BaseException as exc:
                self._abandon(switch, exc, record)
                raise

    def cleanup(self, older_than_seconds: float = 3600) -> list[Path]:
        """Remove leftovers of interrupted writes older than the threshold; return them."""
        cutoff = time.time() - older_than_seconds
        candidates = [*fs.children(self.root / "tmp"), *self.root.glob("CURRENT.tmp-*")]
        candidates += [
            path
            for path in fs.children(self.root / "versions")
            if path.is_dir() and not (path / MANIFEST).exists()
        ]
        return [p for p in candidates if fs.newest_mtime(p) <= cutoff and fs.remove(p)]

    def _stage(self, tables: Mapping[str, pa.Table | Path]) -> Path:
        """Write the tables into a fresh directory under tmp/, fsynced; return it."""
        staging = self.root / "tmp" / uuid.uuid4().hex
        staging.mkdir(parents=True)
        try:
            # Parquet encoding and compression release the GIL: two tables at once, two cores.
            with ThreadPoolExecutor(max_workers=STAGE_WORKERS) as pool:
                done = [pool.submit(self._stage_one, staging, n, s) for n, s in tables.items()]
                for future in done:
                    future.result()
            fs.fsync_dir(staging)
        except BaseException:
            fs.remove(staging)
            raise
        return staging

    def _stage_one(self, staging: Path, name: str, source: pa.Table | Path) -> None:
        target = staging / f"{_checked_table(name)}.parquet"
        if isinstance(source, pa.Table):
            pq.write_table(source, target, compression="zstd")
        elif isinstance(source, str | os.PathLike):
            self._carry_over(Path(source), target)
        else:
            raise StoreError(f"table {name!r}: expected a pyarrow.Table or a Path")
        fs.fsync_file(target)

    def _carry_over(self, source: Path, target: Path) -> None:
        """Hard-link a file of an earlier version into `target`; copy any other file."""
        if not source.is_file():
            raise StoreError(f"cannot carry over {source}: not a file")
        # A link to a file outside versions/ would let later edits of that file change this
        # version, so only the store's own immutable files are shared.
        inside = source.resolve().is_relative_to((self.root / "versions").resolve())
        fs.link_or_copy(source, target, link=inside)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the store's write lock."""
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            with fs.exclusive_lock(self.root / ".lock"):
                yield
        except fs.LockTimeout as exc:
            raise StoreError(f"store {self.root} is busy with another write: {exc}") from exc

    def _read_current(self) -> str | None:
        """The raw content of CURRENT, or None if absent or empty."""
        try:
            return (self.root / "CURRENT").read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def _known_ids(self) -> list[str]:
        """Ids of complete versions, oldest first."""
        ids = [p.name for p in fs.children(self.root / "versions") if self._is_complete(p.name)]
        return sorted(ids, key=lambda name: int(name[1:]))

    def _next_id(self) -> str:
        """One past the highest id used in versions/ (complete or not); call under the lock."""
        numbers = [
            int(match[1])
            for path in fs.children(self.root / "versions")
            if (match := _VERSION_ID.fullmatch(path.name))
        ]
        return f"v{max(numbers, default=0) + 1:04d}"

    def _is_complete(self, version_id: str) -> bool:
        """Whether `version_id` is well formed and its manifest exists."""
        return (
            bool(_VERSION_ID.fullmatch(version_id))
            and (self.root / "versions" / version_id / MANIFEST).is_file()
        )

    def _require_complete(self, version_id: str) -> None:
        """StoreError listing the known ids unless `version_id` is a complete version."""
        if not isinstance(version_id, str) or not self._is_complete(version_id):
            known = ", ".join(self._known_ids()) or "none"
            raise StoreError(f"unknown version {version_id!r}; known versions: {known}")


@functools.lru_cache(maxsize=4096)
def _footer_rows_of(path: Path, mtime_ns: int, size: int) -> int:
    return pq.read_metadata(path).num_rows


def _footer_rows(path: Path) -> int:
    """The rows a Parquet file's footer records (cached per file, size and time)."""
    stat = path.stat()
    return _footer_rows_of(path, stat.st_mtime_ns, stat.st_size)


def _checked_table(name: str) -> str:
    """The table name, if safe as a file name; StoreError otherwise."""
    if not isinstance(name, str) or not _TABLE_NAME.fullmatch(name):
        raise StoreError(f"not a valid table name: {name!r}")
    return name
