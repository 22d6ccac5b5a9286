"""DuckDB over one national data version: the door to DuckDB for the Home Office open data.

Built like `engine.Engine` (one in-memory database per version, a cursor per query, results
fetched at once, the last few versions cached) but kept apart from it: the national store has
its own versions and none of the force extract's tables.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard.engine import THREADS
from dashboard.national import national_store
from dashboard.national_parse import SCHEMA
from dashboard.national_read import TABLE
from dashboard.paths import QUERIES

NATIONAL_QUERIES = QUERIES / "national"
SCHEMA_SQL = NATIONAL_QUERIES / "_schema.sql"
CACHE_SIZE = 2
_TYPES = {"string": "varchar", "int8": "tinyint", "int64": "bigint"}


class NationalEngine:
    """The outcomes table of one national version and the shared sums the figures read."""

    def __init__(self, parquet: Path, version_id: str) -> None:
        self.version_id = version_id
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:", config={"threads": THREADS})
        try:
            ddl = ", ".join(f"{f.name} {_TYPES[str(f.type)]}" for f in SCHEMA)
            self._con.execute(f"create table {TABLE} ({ddl})")
            # Names come from SCHEMA (code, not data); the path is a bound parameter.
            insert = f"insert into {TABLE} select * from read_parquet($path)"  # noqa: S608
            self._con.execute(insert, {"path": str(parquet)})
            for statement in duckdb.extract_statements(SCHEMA_SQL.read_text(encoding="utf-8")):
                self._con.execute(statement)
        except BaseException:
            self._con.close()
            raise

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


_cache: OrderedDict[tuple[str, str], NationalEngine] = OrderedDict()
_cache_lock = threading.Lock()


def engine_for_version(store_root: Path | str, version_id: str) -> NationalEngine:
    """The engine of a national version, loaded once and kept for the last few used."""
    store = national_store(store_root)
    key = (str(store.root.resolve()), version_id)
    with _cache_lock:
        engine = _cache.get(key)
        if engine is not None:
            _cache.move_to_end(key)
            return engine
        # Loading under the lock is acceptable here: a version loads in about a second.
        path = store.table_path(version_id, TABLE)
        if path is None:
            raise FileNotFoundError(f"national version {version_id} has no {TABLE} table")
        engine = NationalEngine(path, version_id)
        _cache[key] = engine
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)  # not closed: a session may still be using it
        return engine


def current_engine(store_root: Path | str) -> NationalEngine | None:
    """The engine of the current national version; None when no national data is loaded."""
    version = national_store(store_root).current_id()
    return None if version is None else engine_for_version(store_root, version)


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
