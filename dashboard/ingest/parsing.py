"""Turn a table of strings into typed, canonical columns, checking every cell against the contract.

Each column type of `contract.py` has one SQL expression here; the SQL is assembled from the
contract's own names only and every value list is a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import database, reference
from dashboard.i18n import t
from dashboard.ingest import contract as c
from dashboard.ingest.csvread import RawTable, normalise_header
from dashboard.ingest.plausible import DateBounds
from dashboard.ingest.report import ERROR, Report, plural
from dashboard.ingest.rules_sql import (
    DATETIME_PATTERN,
    ISO_DATE,
    UK_DATE,
    Check,
    duplicate_sql,
    table_sql,
)


@dataclass
class ParsedTable:
    """A file's rows, typed as stored, with the rows that broke a rule marked invalid."""

    file: str
    table: str
    typed: pa.Table  # stored columns + `_row` (record index in the file)
    invalid: np.ndarray  # bool per row
    reasons: np.ndarray  # object per row: the first broken rule of an invalid row, else None
    raw: RawTable


def base_params() -> dict[str, object]:
    """The bound value lists every parsing query may use."""
    spellings = c.BOOLEAN_SPELLINGS
    la = reference.local_authority_spellings()
    return {
        "iso_date": ISO_DATE,
        "uk_date": UK_DATE,
        "datetime_pattern": DATETIME_PATTERN,
        "true_spellings": [k for k, v in spellings.items() if v],
        "false_spellings": [k for k, v in spellings.items() if not v],
        "offence_codes": sorted(reference.offence_codes()),
        "outcome_codes": sorted(reference.outcome_types()),
        "la_keys": list(la),
        "la_vals": list(la.values()),
    }


def check_header(raw: RawTable, report: Report) -> dict[str, int] | None:
    """Map contract column -> position in the file, reporting header problems; None if refused.

    A refusal is listed even beyond the report's cap: it is the only word about the whole file.
    """
    spec = c.TABLES[raw.table]
    names = [normalise_header(h) for h in raw.header]
    refused = False
    positions: dict[str, int] = {}
    for i, name in enumerate(names):
        if c.looks_personal(name):
            rule = t("rule.personal_identifier")
            report.error(raw.file, 1, raw.header[i], None, rule, pinned=True)
            refused = True
        elif name in positions:
            rule = t("rule.duplicate_column")
            report.error(raw.file, 1, raw.header[i], None, rule, pinned=True)
            refused = True
        elif name in spec.column_names:
            positions[name] = i
        else:
            report.warning(raw.file, 1, raw.header[i], None, t("rule.unknown_column"))
    for name in spec.required_names:
        if name not in positions:
            report.error(raw.file, 1, name, None, t("rule.missing_column"), pinned=True)
            refused = True
    return None if refused else positions


def _named_strings(raw: RawTable, positions: dict[str, int]) -> pa.Table:
    """The contract's columns by name (absent optional ones as empty), plus `_row`."""
    n = raw.strings.num_rows
    cols = {"_row": pa.array(np.arange(n, dtype=np.int64))}
    for col in c.TABLES[raw.table].columns:
        if col.name in positions:
            cols[col.name] = raw.column(positions[col.name])
        else:
            cols[col.name] = pa.nulls(n, pa.string())
    return pa.table(cols)


def parse(
    raw: RawTable, report: Report, con: database.Connection, bounds: DateBounds
) -> ParsedTable | None:
    """Parse and check one file (its dates against `bounds`); None when its header is refused
    (or lacks a column that some of its rows need)."""
    positions = check_header(raw, report)
    if positions is None:
        return None
    strings = _named_strings(raw, positions)
    spec = c.TABLES[raw.table]
    sql, checks, params = table_sql(spec, bounds)
    cur = con.cursor()
    cur.register("raw_strings", strings)
    # Rows may come back in any order; `_row` says where each stands in the file.
    typed = cur.sql(sql, params=_used({**base_params(), **params}, sql)).to_arrow_table()
    if _lacks_needed_column(raw, positions, typed, report):
        cur.close()
        return None
    cur.register("typed_rows", typed)
    dup_sql, dup_check = duplicate_sql(spec)
    duplicates = cur.sql(dup_sql).fetchnumpy()["_row"]
    cur.close()
    row_ids = typed.column("_row").to_numpy()
    position = np.empty(row_ids.size, dtype=np.int64)
    position[row_ids] = np.arange(row_ids.size)
    flag = np.zeros(typed.num_rows, dtype=bool)
    flag[position[duplicates]] = True
    typed = typed.append_column(dup_check.flag, pa.array(flag))
    checks = [*checks, dup_check]
    invalid, reasons = _report_checks(raw, strings, typed, checks, report)
    stored = [name for name, _ in c.stored_columns(raw.table)]
    return ParsedTable(raw.file, raw.table, typed.select(["_row", *stored]), invalid, reasons, raw)


def _lacks_needed_column(
    raw: RawTable, positions: dict[str, int], typed: pa.Table, report: Report
) -> bool:
    """Report, once on the header line, each conditionally required column absent from the
    header that some row needs (rather than once per row); True if there is one."""
    lacking = False
    for col in c.TABLES[raw.table].columns:
        condition = col.required_when or col.required_unless
        if condition is None or col.name in positions:
            continue
        # The row check holds exactly where a row needs the column (it is empty in every row).
        needing = pc.sum(pc.fill_null(typed.column(f"chk_cond_{col.name}"), False)).as_py() or 0
        if needing:
            kind = "when" if col.required_when else "unless"
            other, values = condition
            rule = plural(
                f"rule.missing_column_{kind}", needing, column=other, values=", ".join(values)
            )
            report.error(raw.file, 1, col.name, None, rule, pinned=True)
            lacking = True
    return lacking


def _used(params: dict[str, object], sql: str) -> dict[str, object]:
    """Only the parameters the statement names (DuckDB refuses unused ones)."""
    return {k: v for k, v in params.items() if f"${k}" in sql}


def _report_checks(
    raw: RawTable, strings: pa.Table, typed: pa.Table, checks: list[Check], report: Report
) -> tuple[np.ndarray, np.ndarray]:
    """Report every failed check (listing up to the cap); return the invalid mask and reasons."""
    invalid = np.zeros(typed.num_rows, dtype=bool)
    reasons = np.full(typed.num_rows, None, dtype=object)
    row_ids = typed.column("_row").to_numpy()
    for check in checks:
        mask = pc.fill_null(typed.column(check.flag), False).to_numpy(zero_copy_only=False)
        rows = np.sort(row_ids[mask])  # file order, so the first problems are listed first
        if rows.size == 0:
            continue
        if check.severity == ERROR:
            reasons[mask & ~invalid] = f"{check.column}: {check.rule}"
            invalid |= mask
        listed = rows[: report.room(check.severity)]
        values = strings.column(check.column).take(pa.array(listed)).to_pylist()
        for row, value in zip(listed.tolist(), values, strict=True):
            report.add(check.problem(raw.file, raw.line_of(row), value))
        unlisted = int(rows.size - listed.size)
        report.count_only(check.severity, unlisted, check.problem(raw.file, 0, None))
    return invalid, reasons
