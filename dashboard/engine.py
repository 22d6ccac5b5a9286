"""The only door to DuckDB: one in-memory database per data version, a cursor per query."""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard import contract, reference
from dashboard.paths import QUERIES

# Contract column type -> DuckDB type of the stored (canonical) value.
DUCKDB_TYPES = {
    contract.TEXT: "varchar",
    contract.ENUM: "varchar",
    contract.OFFENCE_CODE: "varchar",
    contract.OUTCOME_CODE: "varchar",
    contract.LOCAL_AUTHORITY: "varchar",
    contract.DATE: "date",
    contract.DATETIME: "timestamp",
    contract.BOOLEAN: "boolean",
    contract.INTEGER: "integer",
}

# Per query. The target machines have two cores; queries are short, and several sessions may run
# at once, so more threads than that only adds contention.
THREADS = max(1, min(os.cpu_count() or 1, 2))
CACHE_SIZE = 4
SCHEMA_SQL = QUERIES / "_schema.sql"

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")

# Reference tables (rows from dashboard.reference): name -> column definitions.
_REFERENCE_TABLES = {
    "ref_offence_codes": "code varchar primary key, description varchar, subgroup varchar",
    "ref_outcome_types": "code varchar primary key, label varchar, outcome_group varchar",
    "ref_local_authorities": "gss_code varchar primary key, name_en varchar, name_cy varchar",
    "ref_order_types": "code varchar primary key, name varchar",
}


def _reference_rows(table: str) -> list[tuple[str, ...]]:
    if table == "ref_offence_codes":
        descriptions = reference.offence_descriptions()
        return [(c, descriptions[c], s) for c, s in reference.offence_codes().items()]
    if table == "ref_outcome_types":
        return [(c, label, group) for c, (label, group) in reference.outcome_types().items()]
    if table == "ref_local_authorities":
        return [(r["gss_code"], r["name_en"], r["name_cy"]) for r in reference.local_authorities()]
    return list(reference.order_types().items())


def _identifier(name: str) -> str:
    """A table or column name from contract.py, checked before it is written into DDL."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a safe identifier: {name!r}")
    return name


class Engine:
    """DuckDB over one data version: typed contract tables, reference lists, shared facts."""

    def __init__(self, tables_dir: Path, version_id: str) -> None:
        self.tables_dir = Path(tables_dir)
        self.version_id = version_id
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:", config={"threads": THREADS})
        try:
            for table in contract.TABLES:
                self._load_table(table)
            for table, columns in _REFERENCE_TABLES.items():
                self._load_reference(table, columns)
            self._run_script(SCHEMA_SQL.read_text(encoding="utf-8"))
        except BaseException:
            self._con.close()
            raise

    def _load_table(self, table: str) -> None:
        columns = contract.stored_columns(table)
        ddl = ", ".join(f"{_identifier(n)} {DUCKDB_TYPES[t]}" for n, t in columns)
        self._con.execute(f"create table {_identifier(table)} ({ddl})")
        path = self.tables_dir / f"{table}.parquet"
        if not path.exists():
            return
        present = {
            row[0]
            for row in self._con.execute(
                "select name from parquet_schema($path)", {"path": str(path)}
            ).fetchall()
        }
        # A column missing from the file (an older writer) loads as null rather than failing.
        select = ", ".join(
            f"cast({n} as {DUCKDB_TYPES[t]})" if n in present else f"null::{DUCKDB_TYPES[t]}"
            for n, t in columns
        )
        names = ", ".join(n for n, _ in columns)
        # Identifiers come from contract.py (checked above); the path is a bound parameter.
        sql = f"insert into {table} ({names}) select {select} from read_parquet($path)"  # noqa: S608
        self._con.execute(sql, {"path": str(path)})

    def _load_reference(self, table: str, columns: str) -> None:
        self._con.execute(f"create table {_identifier(table)} ({columns})")
        rows = _reference_rows(table)
        marks = ", ".join("?" for _ in rows[0])
        self._con.executemany(f"insert into {table} values ({marks})", rows)  # noqa: S608

    def _run_script(self, script: str) -> None:
        for statement in duckdb.extract_statements(script):
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

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_cache: OrderedDict[tuple[str, str], Engine] = OrderedDict()
_cache_lock = threading.Lock()
_loading: dict[tuple[str, str], threading.Lock] = {}


def _cached(key: tuple[str, str]) -> Engine | None:
    with _cache_lock:
        engine = _cache.get(key)
        if engine is not None:
            _cache.move_to_end(key)
        return engine


def engine_for(tables_dir: Path, version_id: str) -> Engine:
    """The engine of a data version, loaded once and kept for the last few versions used.

    A version is loaded under its own lock: sessions reading another (cached) version are not
    held up, and two sessions asking for the same new version load it once."""
    key = (str(Path(tables_dir).resolve()), version_id)
    engine = _cached(key)
    if engine is not None:
        return engine
    with _cache_lock:
        loading = _loading.setdefault(key, threading.Lock())
    with loading:
        engine = _cached(key)
        if engine is not None:
            return engine
        try:
            engine = Engine(Path(tables_dir), version_id)
        finally:
            with _cache_lock:
                _loading.pop(key, None)
        with _cache_lock:
            _cache[key] = engine
            while len(_cache) > CACHE_SIZE:
                # Not closed here: a session may still be running a query on it; the garbage
                # collector closes it when the last reference goes.
                _cache.popitem(last=False)
        return engine


def clear_cache() -> None:
    """Forget every cached engine (tests, or after a store is deleted)."""
    with _cache_lock:
        _cache.clear()
