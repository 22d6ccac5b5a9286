"""An upload read and checked against the current data, not yet committed: `prepare()` reads,
parses and merges the files, checks every rule (references against the data as it would be after
the upload) and what no row rule sees (no crimes, an empty crimes table, a table cut by more than
a fifth), and changes nothing. The CLI and the browser both call it through `ingest`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from dashboard import database
from dashboard.i18n import t
from dashboard.ingest import contract as c
from dashboard.ingest import csvread, guards, merging, parsing, plausible, reading, synthetic
from dashboard.ingest import upload as u
from dashboard.ingest.report import Report, plural
from dashboard.ingest.upload import Upload
from dashboard.store.versions import Store

Progress = Callable[[str, float], None]


def prepare(
    store: Store,
    paths: list[Path],
    mode: str = "replace",
    progress: Progress | None = None,
    as_at: date | None = None,
    regenerate: synthetic.Regenerate | None = None,
) -> Upload:
    """Read and check an upload against the current data; changes nothing.

    Dates are checked against the analyst's `as_at` when given, else against today. Files are
    synthetic only when their bytes prove it (`synthetic.prove`, with `regenerate`).
    """
    say = progress or (lambda stage, fraction: None)
    report = Report()
    say("read", 0.0)
    as_at_problem = as_at is not None and plausible.bounds().as_at_problem(as_at, None)
    with report.causes():  # every error reading the files refuses one
        files = reading.collect(paths, report)
    synthetic.prove(files, report, regenerate)
    upload = Upload(mode, store.current_id(), files, report, bounds=plausible.bounds(as_at))
    # Every error before the rows are checked refuses a whole file: no row of it can be set aside.
    upload.file_level_errors = report.error_count
    upload.causes += [u.FILE] if report.has_errors else []
    if as_at_problem:
        upload.refuse(u.AS_AT, "-", as_at_problem, "as_at", as_at.isoformat())
    if not files and not report.has_errors:
        upload.refuse(u.NO_FILES, "-", t("rule.no_files"))
    con = database.connect()
    for i, file in enumerate(files):
        say("parse", i / max(len(files), 1))
        _parse_file(upload, file, con)
    con.close()
    say("validate", 0.0)
    _merge(store, upload)
    _require_crimes(upload)
    _require_crime_rows(upload)
    upload.shrinks = _shrinks(store, upload)
    upload.noop_version = _same_files(store, upload)
    if upload.can_commit(accept_invalid=True, allow_shrink=True):  # else no as-at is taken
        if not upload.refuse_missing_as_at():
            report.note = upload.bounds.note(*upload.choose_as_at())
    return upload


def _parse_file(upload: Upload, file: reading.InputFile, con: database.Connection) -> None:
    """Read and parse one file; a file refused as a whole makes its errors causes."""
    report = upload.report
    before, listed = report.error_count, len(report.problems)
    wanted = c.TABLES[file.table].column_names.__contains__  # the rest is never read
    with report.causes():  # every error reading a file refuses it whole
        raw = csvread.read_strings(file, report, wanted)
    parsed = parsing.parse(raw, report, con, upload.bounds) if raw is not None else None
    if parsed is None:
        upload.file_level_errors += report.error_count - before
        report.mark_causes(listed)  # a refused header
        upload.causes.append(u.FILE)
    else:
        upload.parsed[file.table] = parsed
        parsed.raw.strings = None  # every problem is reported: free the text early
    file.data = b""  # likewise; line numbers keep what they need


def _require_crimes(upload: Upload) -> None:
    """Refuse an upload that would leave no crimes table (unless a crimes file failed already)."""
    report = upload.report
    if upload.file_level_errors and not upload.files:
        return  # nothing could be read: the errors already say why
    named = {f.table for f in upload.files} | {reading.table_for(p.file) for p in report.problems}
    if "crimes" in upload.merged or "crimes" in named:
        return
    first = upload.base_version is None
    rule = t("rule.first_upload_needs_crimes" if first else "rule.no_crimes_after_upload")
    upload.refuse(u.NO_CRIMES, ", ".join(f.name for f in upload.files) or "-", rule)


def _require_crime_rows(upload: Upload) -> None:
    """Refuse an upload that would leave a crimes table with no rows at all: a failed or
    truncated export would otherwise become current. (Rows that are all invalid are refused
    when the analyst asks to set them aside: see `Upload.refuse_no_valid_crimes`.)"""
    if "crimes" in upload.merged and not upload.merged["crimes"].num_rows:
        upload.refuse(u.EMPTY_CRIMES, upload.file_of("crimes"), t("rule.crimes_no_rows"))


def _shrinks(store: Store, upload: Upload) -> list[guards.Shrink]:
    """The uploaded tables of records that would keep fewer than four fifths of their current
    rows (an analyst's own targets or process changes are short lists, edited by hand: removing
    some is meant, never a truncated export)."""
    if upload.base_version is None:
        return []  # nothing to shrink from
    tables = store.manifest(upload.base_version).get("tables", {})
    before = {name: int(info.get("rows", 0)) for name, info in tables.items()}
    after = {name: upload.kept_rows(name) for name in upload.parsed if c.TABLES[name].records}
    return guards.shrinks(before, after)


def _merge(store: Store, upload: Upload) -> None:
    """The tables as they would be after the upload, with bookkeeping columns and set-aside marks.

    In upsert only rows that will load replace current rows: a row set aside (it breaks a rule,
    refers to nothing, or refers to a row set aside) leaves the current row with its key as it
    was. Setting a row aside can keep a current row, which can save a row that refers to it, so
    the merge runs again until the marks settle (they only grow, so this ends).
    Rows carried over from the current version are never marked (see `_report_orphans`).
    """
    bases = {name: _base_table(store, upload.base_version, name) for name in c.TABLES}
    held = {name: parsed.invalid.copy() for name, parsed in upload.parsed.items()}
    while True:
        _merge_tables(upload, bases, held)
        found = merging.mark_orphans(upload.merged, upload.invalid, upload.reasons)
        cascaded = merging.cascade(upload.merged, upload.invalid, upload.reasons)
        marks = {name: _upload_marks(upload, name) for name in held}
        if upload.mode != "upsert" or all((marks[n] == held[n]).all() for n in held):
            break
        held = {name: marks[name] | held[name] for name in held}
    _report_orphans(upload, found, cascaded)


def _base_table(store: Store, version: str | None, name: str) -> pa.Table | None:
    stored = store.read_table(version, name) if version else None
    if stored is None:
        return None
    return merging.with_bookkeeping(
        stored.append_column("_row", pa.nulls(stored.num_rows, pa.int64())), None
    )


def _merge_tables(upload: Upload, bases: dict, held: dict[str, np.ndarray]) -> None:
    """Merge every table afresh, marking the upload rows that break a rule of their own."""
    upload.merged, upload.invalid, upload.reasons = {}, {}, {}
    for name in c.TABLES:
        parsed = upload.parsed.get(name)
        new = merging.with_bookkeeping(parsed.typed, parsed.file) if parsed else None
        merged = merging.merge(name, bases[name], new, upload.mode, held.get(name))
        if merged is None:
            continue
        upload.merged[name] = merged
        mask = np.zeros(merged.num_rows, dtype=bool)
        reasons = np.full(merged.num_rows, None, dtype=object)
        if parsed is not None and parsed.invalid.any():
            # Upload rows keep their order at the end of the merged table (see merging.merge).
            offset = merged.num_rows - parsed.typed.num_rows
            mask[offset:] = parsed.invalid
            reasons[offset:] = parsed.reasons
        upload.invalid[name] = mask
        upload.reasons[name] = reasons


def _upload_marks(upload: Upload, name: str) -> np.ndarray:
    """The set-aside marks of the upload's own rows of a table (the end of the merged table)."""
    mask = upload.invalid[name]
    return mask[mask.size - upload.parsed[name].typed.num_rows :].copy()


def _report_orphans(
    upload: Upload, found: list[merging.Orphan], cascaded: list[merging.Orphan]
) -> None:
    """Report every upload row whose reference finds nothing after the upload, and once per
    carried-over table and rule the carried rows that would (always listed: they block)."""
    for o in found:
        if o.file is not None:
            line = upload.parsed[o.table].raw.line_of(o.row)
            upload.report.error(o.file, line, o.column, o.value, merging.orphan_rule(o))
    for s in merging.stranded(found, cascaded):
        rule = plural(
            f"rule.carried_{s.kind}",
            s.rows,
            version=upload.base_version,
            target=s.fk.target,
            target_column=s.fk.target_column,
            first=s.first,
            table=s.table,
        )
        where = t("ingest.current_table", table=s.table)
        upload.report.error(where, None, s.fk.column, s.first, rule, pinned=True)
        upload.carried_errors += 1


def _same_files(store: Store, upload: Upload) -> str | None:
    """The current version id when every uploaded file is byte-identical to its file there."""
    if upload.base_version is None or not upload.files:
        return None
    tables = store.manifest(upload.base_version).get("tables", {})
    same = all(
        tables.get(f.table, {}).get("sha256") == f.sha256
        and (upload.mode == "upsert" or tables[f.table].get("mode") == "replace")
        for f in upload.files
    )
    return upload.base_version if same else None
