"""The only door to DuckDB: in-memory databases and read-only database files, a cursor per
query, results fetched at once, and the bounded cache that keeps the databases of the last few
data versions loaded.

DuckDB connections are not thread-safe and Streamlit runs each session in a thread: a query
takes its own cursor (under a lock: creating cursors is not thread-safe either) and fetches its
whole result before returning. `Database` is the base of both engines (the force extract's,
`dashboard.figures.engine`, and the Home Office open data's, `dashboard.national.engine`);
`connect()` gives the ingest checks a scratch connection with the same settings.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Generic, TypeVar

import duckdb
import pandas as pd

# Per query. The target machines have two cores; queries are short, and several sessions may run
# at once, so more threads than that only adds contention.
THREADS = max(1, min(os.cpu_count() or 1, 2))
Connection = duckdb.DuckDBPyConnection
Error = duckdb.Error  # anything DuckDB raises
VERSION = duckdb.__version__


def connect(
    path: Path | None = None, *, read_only: bool = False, memory_limit: str | None = None
) -> Connection:
    """A new connection with the project's settings (close it when done): in memory, or to a
    database file (`path`), read-only if asked. With `memory_limit`, DuckDB keeps its buffers
    (the file's blocks it has read, and a query's working memory) under that size, and spills a
    large query's intermediate results to the system's temporary folder rather than fail."""
    config: dict[str, Any] = {"threads": THREADS}
    if memory_limit is not None:
        config["memory_limit"] = memory_limit
        # A folder of this database's own: DuckDB before 2.0 named its spill files by number
        # alone, and an instance closing removed every spill file of its folder. The same for
        # every connection to one file: DuckDB refuses a second connection to a file open in
        # this process with another configuration.
        own = hashlib.sha256(str(path).encode()).hexdigest() if path else uuid.uuid4().hex
        folder = f"flightdeck-{os.getpid()}-{own[:12]}"
        config["temp_directory"] = os.path.join(tempfile.gettempdir(), folder)
    database = ":memory:" if path is None else str(path)
    return duckdb.connect(database, read_only=read_only, config=config)


class Database:
    """One DuckDB database (in memory unless `con` is given), queried with bound `$name`
    parameters only."""

    def __init__(self, con: Connection | None = None) -> None:
        self._lock = threading.Lock()
        self._con = connect() if con is None else con

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> None:
        """Run one statement while the database is being built (DDL, inserts)."""
        self._con.execute(sql, params or {})

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        """Run one statement once per row of `?` parameters (loading small reference lists)."""
        self._con.executemany(sql, rows)

    def run_script(self, path: Path) -> None:
        """Run every statement of a SQL file (a schema of views and macros)."""
        for statement in duckdb.extract_statements(path.read_text(encoding="utf-8")):
            self._con.execute(statement)

    def query(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run one statement with bound `$name` parameters; the whole result, fetched at once."""
        with self._lock:
            cursor = self._con.cursor()
        try:
            return cursor.execute(sql, params or {}).df()
        finally:
            cursor.close()

    def close(self) -> None:
        self._con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


D = TypeVar("D", bound=Database)


class VersionCache(Generic[D]):
    """The databases of the last `size` versions used, each loaded once.

    A version is loaded under its own lock: sessions reading another (cached) version are not
    held up, and two sessions asking for the same new version load it once. An evicted database
    is not closed here (a session may still be running a query on it); the garbage collector
    closes it when the last reference goes."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, D] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[Hashable, threading.Lock] = {}

    def _cached(self, key: Hashable) -> D | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def get(self, key: Hashable, load: Callable[[], D]) -> D:
        """The database for `key`, from the cache or from `load()`."""
        item = self._cached(key)
        if item is not None:
            return item
        with self._lock:
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:
            item = self._cached(key)
            if item is not None:
                return item
            try:
                item = load()
            finally:
                with self._lock:
                    self._loading.pop(key, None)
            with self._lock:
                self._items[key] = item
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return item

    def discard(self, doomed: Callable[[Hashable], bool]) -> list[Hashable]:
        """Forget the cached databases whose key is `doomed` (a version no longer current);
        return their keys. As for eviction, a query still running on one finishes."""
        with self._lock:
            keys = [key for key in self._items if doomed(key)]
            for key in keys:
                del self._items[key]
        return keys

    def keys(self) -> list[Hashable]:
        """The keys of the databases held, least recently used first."""
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        """Forget every cached database (tests, or after a store is deleted)."""
        with self._lock:
            self._items.clear()
