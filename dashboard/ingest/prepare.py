"""An upload read and checked against the current data, not yet committed: `prepare()` reads,
parses and merges the files, checks every rule (references against the data as it would be after
the upload), and changes nothing. The CLI and the browser both call it through `ingest`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import database
from dashboard.i18n import t
from dashboard.ingest import contract as c
from dashboard.ingest import csvread, merging, parsing, plausible, reading
from dashboard.ingest.report import Report, plural
from dashboard.store.versions import Store

Progress = Callable[[str, float], None]


class UploadRefused(Exception):
    """The upload has errors and was not accepted; nothing changed."""

    def __init__(self, upload: Upload):
        key = "ingest.refused_carried" if upload.carried_errors else "ingest.refused"
        super().__init__(plural(key, upload.report.error_count))
        self.upload = upload
        self.report = upload.report


@dataclass
class Upload:
    """An upload read and checked against the current data, not yet committed."""

    mode: str
    base_version: str | None
    files: list[reading.InputFile]
    report: Report
    parsed: dict[str, parsing.ParsedTable] = field(default_factory=dict)
    merged: dict[str, pa.Table] = field(default_factory=dict)
    invalid: dict[str, np.ndarray] = field(default_factory=dict)
    reasons: dict[str, np.ndarray] = field(default_factory=dict)
    file_level_errors: int = 0
    # Summaries of rows carried over from the current version that would refer to nothing:
    # such rows are never set aside, so these block the upload as file-level errors do.
    carried_errors: int = 0
    noop_version: str | None = None
    # The dates the rows were checked against: the analyst's as-at date, or the upload's day.
    bounds: plausible.DateBounds = field(default_factory=plausible.bounds)

    @property
    def invalid_rows(self) -> int:
        """Rows that would be set aside: invalid upload rows and upload rows that refer to them
        (rows carried over from the current version are never among them)."""
        return int(sum(mask.sum() for mask in self.invalid.values()))

    @property
    def invalid_files(self) -> list[str]:
        names = set()
        for name, mask in self.invalid.items():
            files = self.merged[name].column("_file").to_pylist()
            names |= {files[i] for i in np.flatnonzero(mask)}
        return sorted(names)

    def can_commit(self, accept_invalid: bool) -> bool:
        if self.file_level_errors or self.carried_errors or "crimes" not in self.merged:
            return False
        return not self.report.has_errors or accept_invalid

    def default_as_at(self) -> date | None:
        """The latest plausible reported, recorded or outcome date in the data after the upload.

        Rows that would be set aside do not count: they are not in the data after the upload;
        nor do dates outside the bounds (rows carried over from before the bounds were checked).
        """
        floor, ceiling = self.bounds.floor, self.bounds.ceiling
        dates = []
        for table, columns in (
            ("crimes", ("reported_date", "recorded_date")),
            ("outcomes", ("outcome_date",)),
        ):
            if table in self.merged:
                kept = self.merged[table].select(list(columns))  # filter the dates only
                if self.invalid[table].any():
                    kept = kept.filter(pa.array(~self.invalid[table]))
                for col in columns:
                    values = kept.column(col)
                    plausible_ = pc.and_(
                        pc.greater_equal(values, floor), pc.less_equal(values, ceiling)
                    )
                    dates.append(pc.max(values.filter(plausible_)).as_py())
        dates = [d for d in dates if d is not None]
        return max(dates) if dates else None

    def choose_as_at(self, given: date | None = None) -> tuple[date | None, str]:
        """The as-at date and its rule: the one given (at commit, else at the check), or the
        latest plausible date."""
        given = given or (self.bounds.ceiling if self.bounds.given else None)
        if given is not None:
            return given, plausible.GIVEN
        return self.default_as_at(), plausible.LATEST

    def refuse_as_at(self, as_at: date | None) -> None:
        """Record why an as-at date given at commit cannot be this upload's, if it cannot."""
        chosen, rule = self.choose_as_at(as_at)
        if rule != plausible.GIVEN:
            return
        problem = self.bounds.as_at_problem(chosen, self.default_as_at())
        if problem is not None:
            self.report.error("-", None, "as_at", chosen.isoformat(), problem, pinned=True)
            self.file_level_errors += 1


def prepare(
    store: Store,
    paths: list[Path],
    mode: str = "replace",
    progress: Progress | None = None,
    as_at: date | None = None,
) -> Upload:
    """Read and check an upload against the current data; changes nothing.

    Dates are checked against the analyst's `as_at` when given, else against today.
    """
    say = progress or (lambda stage, fraction: None)
    report = Report()
    say("read", 0.0)
    if as_at is not None and (problem := plausible.bounds().as_at_problem(as_at, None)):
        report.error("-", None, "as_at", as_at.isoformat(), problem, pinned=True)
    files = reading.collect(paths, report)
    base = store.current_id()
    upload = Upload(mode, base, files, report, bounds=plausible.bounds(as_at))
    # Every error before the rows are checked refuses a whole file: no row of it can be set aside.
    upload.file_level_errors = report.error_count
    if not files and not report.has_errors:
        report.error("-", None, None, None, t("rule.no_files"))
        upload.file_level_errors += 1
    con = database.connect()
    for i, file in enumerate(files):
        say("parse", i / max(len(files), 1))
        before = report.error_count
        wanted = c.TABLES[file.table].column_names.__contains__  # the rest is never read
        raw = csvread.read_strings(file, report, wanted)
        parsed = parsing.parse(raw, report, con, upload.bounds) if raw is not None else None
        if parsed is None:
            upload.file_level_errors += report.error_count - before
        else:
            upload.parsed[file.table] = parsed
            parsed.raw.strings = None  # every problem is reported: free the text early
        file.data = b""  # likewise; line numbers keep what they need
    con.close()
    say("validate", 0.0)
    _merge(store, upload)
    _require_crimes(upload)
    upload.noop_version = _same_files(store, upload)
    if upload.can_commit(accept_invalid=True):  # else no as-at date can be taken
        report.note = upload.bounds.note(*upload.choose_as_at())
    return upload


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
    report.error(", ".join(f.name for f in upload.files) or "-", None, None, None, rule)
    upload.file_level_errors += 1


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
