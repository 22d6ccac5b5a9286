"""The force extract's DuckDB database: one per data version (typed contract tables, reference
lists, the shared facts of `queries/_schema.sql`), built on `dashboard.database`, the only door
to DuckDB."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard import reference
from dashboard.database import Database, VersionCache
from dashboard.ingest import contract
from dashboard.settings import QUERIES

# Contract column type -> DuckDB type of the stored (canonical) value.
DUCKDB_TYPES = {
    contract.TEXT: "varchar",
    contract.ENUM: "varchar",
    contract.OFFENCE_CODE: "varchar",
    contract.OUTCOME_CODE: "varchar",
    contract.LOCAL_AUTHORITY: "varchar",
    contract.METRIC: "varchar",
    contract.DATE: "date",
    contract.DATETIME: "timestamp",
    contract.BOOLEAN: "boolean",
    contract.INTEGER: "integer",
    contract.NUMBER: "double",
}
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
    """A table or column name from contract.py, checked, then quoted (a column may be named
    like a keyword: targets' `from`) before it is written into SQL."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a safe identifier: {name!r}")
    return f'"{name}"'


class Engine(Database):
    """DuckDB over one data version: typed contract tables, reference lists, shared facts."""

    def __init__(self, tables_dir: Path, version_id: str) -> None:
        super().__init__()
        self.tables_dir = Path(tables_dir)
        self.version_id = version_id
        try:
            for table in contract.TABLES:
                self._load_table(table)
            for table, columns in _REFERENCE_TABLES.items():
                self._load_reference(table, columns)
            self.run_script(SCHEMA_SQL)
        except BaseException:
            self.close()
            raise

    def _load_table(self, table: str) -> None:
        columns = contract.stored_columns(table)
        ddl = ", ".join(f"{_identifier(n)} {DUCKDB_TYPES[t]}" for n, t in columns)
        self.execute(f"create table {_identifier(table)} ({ddl})")
        path = self.tables_dir / f"{table}.parquet"
        if not path.exists():
            return
        present = set(
            self.query("select name from parquet_schema($path)", {"path": str(path)})["name"]
        )
        # A column missing from the file (an older writer) loads as null rather than failing.
        select = ", ".join(
            f"cast({_identifier(n)} as {DUCKDB_TYPES[t]})"
            if n in present
            else f"null::{DUCKDB_TYPES[t]}"
            for n, t in columns
        )
        names = ", ".join(_identifier(n) for n, _ in columns)
        # Identifiers come from contract.py (checked and quoted); the path is a bound parameter.
        sql = f"insert into {_identifier(table)} ({names}) select {select} from read_parquet($path)"  # noqa: S608
        self.execute(sql, {"path": str(path)})

    def _load_reference(self, table: str, columns: str) -> None:
        self.execute(f"create table {_identifier(table)} ({columns})")
        rows = _reference_rows(table)
        marks = ", ".join("?" for _ in rows[0])
        self.executemany(f"insert into {_identifier(table)} values ({marks})", rows)  # noqa: S608


_cache: VersionCache[Engine] = VersionCache(CACHE_SIZE)


def engine_for(tables_dir: Path, version_id: str) -> Engine:
    """The engine of a data version, loaded once and kept for the last few versions used."""
    key = (str(Path(tables_dir).resolve()), version_id)
    return _cache.get(key, lambda: Engine(Path(tables_dir), version_id))


def release_all_but(store_root: Path | str, keep: set[str]) -> list[str]:
    """Forget the engines of a store's versions other than `keep` (the current one and those
    a run is still using); return the ids of the versions released."""
    versions = (Path(store_root) / "versions").resolve()
    released = _cache.discard(lambda key: Path(key[0]).parent == versions and key[1] not in keep)
    return sorted(version for _, version in released)


def cached_versions(store_root: Path | str) -> list[str]:
    """The ids of the store's versions whose engine is loaded."""
    versions = (Path(store_root) / "versions").resolve()
    return sorted(v for path, v in _cache.keys() if Path(path).parent == versions)


def clear_cache() -> None:
    """Forget every cached engine (tests, or after a store is deleted)."""
    _cache.clear()
