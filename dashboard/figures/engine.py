"""The force extract's DuckDB database: one per data version (typed contract tables, reference
lists, the shared facts of `queries/_schema.sql`), built on `dashboard.database`, the only door
to DuckDB.

`Engine(tables_dir, version_id)` builds one in memory. `engine_for`, which every page and
command uses, serves a store's version from its database file instead (`engine_files`): built
once, by the first process to need it, then opened read-only by every process, with DuckDB
keeping at most `MEMORY_LIMIT` of it in memory. At 10M crimes the version held in memory would
take several gigabytes in each serving process; read from its file, it takes what the queries
touch (docs/performance.md, "National scale")."""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from pathlib import Path

from dashboard import database as duckdb_door
from dashboard import reference
from dashboard.database import Connection, Database, VersionCache, connect
from dashboard.figures import engine_files
from dashboard.ingest import contract
from dashboard.settings import QUERIES
from dashboard.store.durable import LockTimeout

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
# Contract tables stored in the order of a column, so that a query bounding that column by a
# period skips the row groups outside it: the crimes a breakdown joins for their columns not in
# crime_facts (offence code, victim, relationship) are a year's, not ten years'.
SORTED_BY = {"crimes": "recorded_date"}
SCHEMA_SQL = QUERIES / "_schema.sql"
# Per version's database file: its blocks read, and its queries' working memory (a query that
# needs more spills to disk). A server holds the current version, and the last one for a moment
# after an ingest: two of these, with the rest of the process, stay under issue 16's 4 GB.
MEMORY_LIMIT = "1GB"
BUILD_MEMORY_LIMIT = "1500MB"  # while building a version's file (the facts' joins spill beyond)

log = logging.getLogger(__name__)

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

    def __init__(self, tables_dir: Path, version_id: str, con: Connection | None = None) -> None:
        """Build the version's database in memory, or wrap `con`, a database already built
        (an opened file: see `engine_for`)."""
        super().__init__(con)
        self.tables_dir = Path(tables_dir)
        self.version_id = version_id
        if con is not None:
            return
        try:
            build(self, self.tables_dir)
        except BaseException:
            self.close()
            raise


def build(db: Database, tables_dir: Path) -> None:
    """Create the version's whole database in `db`: contract tables, references, facts."""
    for table in contract.TABLES:
        _load_table(db, tables_dir, table)
    for table, columns in _REFERENCE_TABLES.items():
        _load_reference(db, table, columns)
    db.run_script(SCHEMA_SQL)


def _load_table(db: Database, tables_dir: Path, table: str) -> None:
    columns = contract.stored_columns(table)
    ddl = ", ".join(f"{_identifier(n)} {DUCKDB_TYPES[t]}" for n, t in columns)
    db.execute(f"create table {_identifier(table)} ({ddl})")
    path = tables_dir / f"{table}.parquet"
    if not path.exists():
        return
    present = set(db.query("select name from parquet_schema($path)", {"path": str(path)})["name"])
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
    if table in SORTED_BY:  # a column from this module's own list, checked and quoted
        sql += f" order by {_identifier(SORTED_BY[table])}"
    db.execute(sql, {"path": str(path)})


def _load_reference(db: Database, table: str, columns: str) -> None:
    db.execute(f"create table {_identifier(table)} ({columns})")
    rows = _reference_rows(table)
    marks = ", ".join("?" for _ in rows[0])
    db.executemany(f"insert into {_identifier(table)} values ({marks})", rows)  # noqa: S608


@functools.cache
def code_digest() -> str:
    """A digest of everything besides the tables that goes into a version's database: a file
    built by other code (this module with its column types, another schema, the contract's
    columns, reference lists or DuckDB) is not used."""
    parts = [
        duckdb_door.VERSION,
        Path(__file__).read_text(encoding="utf-8"),  # this module: how the tables are loaded
        SCHEMA_SQL.read_text(encoding="utf-8"),
        repr([(t, contract.stored_columns(t)) for t in contract.TABLES]),
        repr([(t, c, _reference_rows(t)) for t, c in _REFERENCE_TABLES.items()]),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _opened(path: Path, tables_dir: Path, version_id: str) -> Engine:
    con = connect(path, read_only=True, memory_limit=MEMORY_LIMIT)
    return Engine(tables_dir, version_id, con)


def _built_file(target: Path, tables_dir: Path) -> None:
    """Build the version's database into a new file and put it in place as `target`."""
    scratch = engine_files.scratch(target)
    try:
        with Database(connect(scratch, memory_limit=BUILD_MEMORY_LIMIT)) as db:
            build(db, tables_dir)
            db.execute("checkpoint")
        engine_files.publish(scratch, target)
    except BaseException:
        engine_files.discard(scratch)
        raise


def _load(tables_dir: Path, version_id: str) -> Engine:
    """A store version's engine from its database file, built first if need be; built in
    memory when the version is outside a store or its file cannot be written."""
    target = engine_files.path_for(tables_dir, version_id, code_digest())
    if target is None:
        return Engine(tables_dir, version_id)
    engine = _opened_if_sound(target, tables_dir, version_id)
    if engine is not None:
        return engine
    try:
        _file_ready(target, tables_dir, version_id)
    except LockTimeout:  # another builder held it for an hour: something is wrong, say so
        raise
    except (OSError, duckdb_door.Error) as exc:  # a store this process cannot write, or full
        log.warning("%s built in memory: no file at %s (%s)", version_id, target, exc)
        return Engine(tables_dir, version_id)
    return _opened(target, tables_dir, version_id)


def _opened_if_sound(target: Path, tables_dir: Path, version_id: str) -> Engine | None:
    """The engine of an existing file; None if there is none, or it cannot be opened (damaged
    outside our control: the caller builds it again)."""
    if not target.exists():
        return None
    try:
        return _opened(target, tables_dir, version_id)
    except duckdb_door.Error as exc:
        log.warning("building the database file of %s again: %s", version_id, exc)
        return None


def _file_ready(target: Path, tables_dir: Path, version_id: str) -> None:
    """Make sure `target` is a sound database file: wait for another process building it, or
    build it (one builder at a time)."""
    with engine_files.building(target):
        engine = _opened_if_sound(target, tables_dir, version_id)  # built while we waited
        if engine is not None:
            engine.close()
            return
        _built_file(target, tables_dir)


def prepare(tables_dir: Path, version_id: str) -> bool:
    """Build a store version's database file now, if it is not built yet, so that the first
    page to show the version does not wait for it (`flightdeck ingest` calls this once the new
    version is current); whether there is a file to serve it from afterwards."""
    target = engine_files.path_for(Path(tables_dir), version_id, code_digest())
    if target is None:
        return False
    try:
        _file_ready(target, Path(tables_dir), version_id)
    except (OSError, duckdb_door.Error, KeyboardInterrupt) as exc:  # the version is current
        log.warning("%s not prepared: no file at %s (%r)", version_id, target, exc)
        return False
    return True


_cache: VersionCache[Engine] = VersionCache(CACHE_SIZE)


def engine_for(tables_dir: Path, version_id: str) -> Engine:
    """The engine of a data version, loaded once and kept for the last few versions used."""
    key = (str(Path(tables_dir).resolve()), version_id)
    return _cache.get(key, lambda: _load(Path(tables_dir), version_id))


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
