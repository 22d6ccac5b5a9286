"""The Home Office open data's DuckDB database: one per national data version (the outcomes table
and the shared sums its figures read), built on `dashboard.database`, the only door to DuckDB.
Kept apart from the force extract's engine: the national store has its own versions and none of
the extract's tables."""

from __future__ import annotations

from pathlib import Path

from dashboard.database import Database, VersionCache
from dashboard.national.loader import national_store
from dashboard.national.parse import SCHEMA
from dashboard.national.read import TABLE
from dashboard.settings import QUERIES

NATIONAL_QUERIES = QUERIES / "national"
SCHEMA_SQL = NATIONAL_QUERIES / "_schema.sql"
CACHE_SIZE = 2
_TYPES = {"string": "varchar", "int8": "tinyint", "int64": "bigint"}


class NationalEngine(Database):
    """The outcomes table of one national version and the shared sums the figures read."""

    def __init__(self, parquet: Path, version_id: str) -> None:
        super().__init__()
        self.version_id = version_id
        try:
            ddl = ", ".join(f"{f.name} {_TYPES[str(f.type)]}" for f in SCHEMA)
            self.execute(f"create table {TABLE} ({ddl})")
            # Names come from SCHEMA (code, not data); the path is a bound parameter.
            insert = f"insert into {TABLE} select * from read_parquet($path)"  # noqa: S608
            self.execute(insert, {"path": str(parquet)})
            self.run_script(SCHEMA_SQL)
        except BaseException:
            self.close()
            raise


_cache: VersionCache[NationalEngine] = VersionCache(CACHE_SIZE)


def engine_for_version(store_root: Path | str, version_id: str) -> NationalEngine:
    """The engine of a national version, loaded once and kept for the last few used."""
    store = national_store(store_root)

    def load() -> NationalEngine:
        path = store.table_path(version_id, TABLE)
        if path is None:
            raise FileNotFoundError(f"national version {version_id} has no {TABLE} table")
        return NationalEngine(path, version_id)

    return _cache.get((str(store.root.resolve()), version_id), load)


def current_engine(store_root: Path | str) -> NationalEngine | None:
    """The engine of the current national version; None when no national data is loaded."""
    version = national_store(store_root).current_id()
    return None if version is None else engine_for_version(store_root, version)


def release_all_but(store_root: Path | str, keep: set[str]) -> list[str]:
    """Forget the engines of a store's national versions other than `keep`; return the ids
    of the versions released."""
    root = str(national_store(store_root).root.resolve())
    released = _cache.discard(lambda key: key[0] == root and key[1] not in keep)
    return sorted(version for _, version in released)


def cached_versions(store_root: Path | str) -> list[str]:
    """The ids of the store's national versions whose engine is loaded."""
    root = str(national_store(store_root).root.resolve())
    return sorted(v for r, v in _cache.keys() if r == root)


def clear_cache() -> None:
    _cache.clear()
