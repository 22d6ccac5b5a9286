"""Load Home Office outcomes open data files into the national store, one version per upload.

The national store is `<store>/national/`, a `dashboard.store.versions.Store` of its own. Each
version holds one table, `outcomes_open_data`, with every financial year loaded so far: an
upload's years replace the same years of the current version and the other years are carried
over. Every file of an upload is read and checked before anything is written, so a refused
upload changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from dashboard.i18n import t
from dashboard.ingest.report import Report
from dashboard.national.parse import SCHEMA, parse
from dashboard.national.read import TABLE, read_file
from dashboard.store.versions import Record, Store

Progress = Callable[[str, float], None]  # stage ("read", "write", "done"), fraction done

SOURCE = (
    "Home Office, Police recorded crime and outcomes open data tables "
    "(Open Government Licence v3.0)"
)


class LoadRefused(Exception):
    """An upload refused as a whole; `report` lists each problem with file, line and reason."""

    def __init__(self, report: Report) -> None:
        super().__init__(t("national.load.refused", errors=report.error_count))
        self.report = report


@dataclass(frozen=True)
class LoadResult:
    """What an upload did: the version now current and the years it brought."""

    version: str
    years: tuple[str, ...]
    replaced: tuple[str, ...]
    held: tuple[str, ...]
    files: tuple[dict, ...]
    noop: bool = False


def national_store(store_root: Path | str) -> Store:
    """The national store inside a flight deck store folder."""
    return Store(Path(store_root) / "national")


def current_manifest(store_root: Path | str) -> dict | None:
    """The manifest of the current national version; None when nothing is loaded."""
    store = national_store(store_root)
    version = store.current_id()
    return None if version is None else store.manifest(version)


def read_upload(
    paths: Sequence[Path], progress: Progress | None = None
) -> tuple[list[dict], list[pa.Table]]:
    """Each file's description and typed rows; LoadRefused if any file is unreadable or invalid."""
    report = Report()
    if not paths:
        report.error("-", None, None, None, t("national.rule.no_files"))
    loaded = []
    for i, path in enumerate(paths):
        if progress is not None:
            progress("read", i / len(paths))
        if (item := _read_one(Path(path), report)) is not None:
            loaded.append(item)
    seen: dict[str, str] = {}  # year -> the file that gave it
    for info, _ in loaded:
        for year in info["years"]:
            if year in seen:
                rule = t("national.rule.year_twice", other=seen[year])
                report.error(info["name"], None, None, year, rule)
            seen.setdefault(year, info["name"])
    if report.has_errors:
        raise LoadRefused(report)
    return [info for info, _ in loaded], [table for _, tables in loaded for table in tables]


def _read_one(path: Path, report: Report) -> tuple[dict, list[pa.Table]] | None:
    """A file's description (name, SHA-256, rows per year) and tables; None if refused."""
    read = read_file(path, report)
    if read is None:
        return None
    tables = [parse(raw, report) for raw in read.tables]
    if any(table is None for table in tables):
        return None
    years: dict[str, int] = {}
    for table in tables:
        for item in pc.value_counts(table["financial_year"]).to_pylist():
            years[item["values"]] = years.get(item["values"], 0) + item["counts"]
    if not years:
        report.error(read.name, None, None, None, t("national.rule.no_rows"))
    info = {
        "name": read.name,
        "sha256": read.sha256,
        "rows": sum(years.values()),
        # The trailing all-NA (or blank) rows, not loaded.
        "ignored_rows": sum(raw.strings.num_rows for raw in read.tables) - sum(years.values()),
        "years": dict(sorted(years.items())),
        "sheets": [raw.file for raw in read.tables],
    }
    return info, tables


def load(
    store_root: Path | str,
    paths: Sequence[Path],
    record: Record | None = None,
    progress: Progress | None = None,
) -> LoadResult:
    """Check every file, then write one new version holding their years beside the others;
    `record` (the audit line) runs before the new version becomes current (no line, no
    version), as for an extract; `progress` hears of each stage."""
    files, tables = read_upload(paths, progress)
    if progress is not None:
        progress("write", 0.0)
    store = national_store(store_root)
    current = store.current_id()
    previous = store.manifest(current)["years"] if current else {}
    new = {
        year: {"file": f["name"], "sha256": f["sha256"], "rows": rows}
        for f in files
        for year, rows in f["years"].items()
    }
    years = tuple(sorted(new))
    replaced = tuple(y for y in years if y in previous)
    if current and all(previous.get(y, {}).get("sha256") == new[y]["sha256"] for y in years):
        return LoadResult(current, years, replaced, tuple(sorted(previous)), tuple(files), True)
    combined = _combined(store, current, tables, list(years))
    sources = dict(sorted({**previous, **new}.items()))
    manifest = {
        "kind": "national",
        "source": SOURCE,
        "table": TABLE,
        "rows": combined.num_rows,
        "years": sources,
        "loaded_years": list(years),
        "replaced_years": list(replaced),
        "files": files,
    }
    version = store.write_version(
        {TABLE: combined}, manifest, expect_current=current, record=record
    )
    return LoadResult(version, years, replaced, tuple(sources), tuple(files))


def _combined(
    store: Store, current: str | None, tables: list[pa.Table], years: list[str]
) -> pa.Table:
    """The current version's rows for other years, then the new rows, ordered by year."""
    parts = list(tables)
    existing = store.read_table(current, TABLE) if current else None
    if existing is not None:
        keep = pc.invert(pc.is_in(existing["financial_year"], value_set=pa.array(years)))
        parts.insert(0, existing.filter(keep).cast(SCHEMA))
    combined = pa.concat_tables(parts)
    # A stable sort: rows keep the file's order within a year.
    return combined.take(pc.sort_indices(combined, [("financial_year", "ascending")]))
