"""Read Home Office outcomes open data files (.csv, .csv.gz, .xlsx, .ods) into tables of strings.

A CSV's header is its first line. A workbook may hold cover and notes sheets and title rows above
the table, so each sheet is searched near its top for a row naming the required columns; every
sheet that has one is read, the others are skipped. Line numbers are as a text editor (CSV) or
the spreadsheet's row numbers (workbook) show them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from python_calamine import CalamineError, CalamineWorkbook

from dashboard.i18n import t
from dashboard.ingest.csvread import RawTable, read_strings
from dashboard.ingest.reading import InputFile, decode
from dashboard.ingest.report import Report

TABLE = "outcomes_open_data"
# The shared copy's snake_case names, in the Home Office's column order.
COLUMNS = (
    "financial_year",
    "financial_quarter",
    "force_name",
    "offence_description",
    "offence_group",
    "offence_subgroup",
    "offence_code",
    "offence_code_expired",
    "outcome_description",
    "outcome_group",
    "outcome_type",
    "offences",
    "force_outcomes_recorded_in_quarter",
)
REQUIRED = (
    "financial_year",
    "financial_quarter",
    "force_name",
    "offence_subgroup",
    "outcome_type",
    "offences",
    "force_outcomes_recorded_in_quarter",
)
# Normalised Home Office headers whose snake_case name is not simply the normalised header.
ALIASES = {"force_outcomes_for_offences_recorded_in_quarter": "offences"}
CSV_SUFFIXES = (".csv", ".csv.gz")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
HEADER_SEARCH_ROWS = 30

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def column_name(header: object) -> str:
    """`'Force outcomes for offences recorded in quarter'` -> `offences`; others snake_case."""
    name = _NOT_WORD.sub("_", str(header).strip().lower()).strip("_")
    return ALIASES.get(name, name)


@dataclass
class ReadFile:
    """One file as given: display name, SHA-256 of its bytes, and the tables found in it."""

    name: str
    sha256: str
    tables: list[RawTable] = field(default_factory=list)


def read_file(path: Path, report: Report) -> ReadFile | None:
    """The file's tables of strings; None (with the reason in `report`) if it cannot be read."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError:
        report.error(str(path), None, None, None, t("rule.no_such_path"))
        return None
    read = ReadFile(name, hashlib.sha256(raw).hexdigest())
    lower = name.lower()
    if lower.endswith(CSV_SUFFIXES):
        table = _read_csv(name, raw, read.sha256, report)
        read.tables = [table] if table is not None else []
    elif lower.endswith(WORKBOOK_SUFFIXES):
        read.tables = _read_workbook(name, raw, report)
    else:
        kinds = ", ".join(CSV_SUFFIXES + WORKBOOK_SUFFIXES)
        report.error(name, None, None, None, t("national.rule.file_type", kinds=kinds))
        return None
    return read if read.tables else None


def _read_csv(name: str, raw: bytes, sha256: str, report: Report) -> RawTable | None:
    if name.lower().endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            report.error(name, None, None, None, t("rule.bad_gzip"))
            return None
    decoded = decode(raw)
    if decoded is None:
        report.error(name, None, None, None, t("rule.bad_encoding"))
        return None
    data, encoding = decoded
    return read_strings(InputFile(name, TABLE, data, sha256, encoding), report)


def _read_workbook(name: str, raw: bytes, report: Report) -> list[RawTable]:
    """Every sheet of the workbook that holds the outcomes table."""
    tables: list[RawTable] = []
    best: tuple[int, str, int, list[str]] = (-1, "?", 0, [])  # closest miss: for the message
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            top = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
            for index, row in enumerate(top):
                cells = [_cell_text(c) for c in row]
                score = len(set(REQUIRED) & {column_name(c) for c in cells})
                if score > best[0]:
                    best = (score, sheet_name, index, cells)
            at = _header_row(top)
            if at is not None:
                rows = sheet.to_python(skip_empty_area=False)
                tables.append(_sheet_table(f"{name} [{sheet_name}]", rows, at))
    except (CalamineError, ValueError, OSError) as exc:
        detail = f"{type(exc).__name__}: {exc}"
        report.error(name, None, None, None, t("national.rule.bad_workbook", detail=detail))
        return []
    if not tables:
        _, sheet_name, index, cells = best
        missing_columns(f"{name} [{sheet_name}]", index + 1, cells, report)
    return tables


def _header_row(rows: list[list]) -> int | None:
    """Index of the first row naming every required column."""
    for index, row in enumerate(rows):
        if set(REQUIRED) <= {column_name(cell) for cell in row}:
            return index
    return None


def _sheet_table(label: str, rows: list[list], at: int) -> RawTable:
    """The rows below the header row as strings; row numbers are the sheet's (1-based)."""
    header = [_cell_text(c) for c in rows[at]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    data = rows[at + 1 :]
    if any(len(row) < width for row in data):  # calamine gives whole ranges: not expected
        data = [row + [""] * (width - len(row)) for row in data]
    # Every row is at least `width` long; cells right of the header are dropped.
    columns = list(zip(*data, strict=False))[:width] if data else [()] * width
    strings = pa.table({f"f{i}": _column_strings(col) for i, col in enumerate(columns)})
    first_data_row = at + 2
    return RawTable(label, TABLE, header, strings, lambda i: i + first_data_row)


def _column_strings(values: tuple) -> pa.Array:
    """A column of cells as text. Arrow converts a column of only text, or only whole numbers,
    at once; a mixed column (numbers and `NA`, say) goes cell by cell."""
    try:
        array = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        array = None
    if array is not None and pa.types.is_string(array.type):
        return array
    if array is not None and pa.types.is_floating(array.type):
        if pc.all(pc.equal(pc.floor(array), array)).as_py() is not False:
            return pc.cast(pc.cast(array, pa.int64()), pa.string())
    return pa.array([v if type(v) is str else _cell_text(v) for v in values], pa.string())


def _cell_text(value: object) -> str:
    """A cell as the text a CSV export would hold: whole numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def missing_columns(label: str, line: int, header: list[str], report: Report) -> bool:
    """Report each required column the header lacks; True if any."""
    found = {column_name(h) for h in header}
    missing = [column for column in REQUIRED if column not in found]
    for column in missing:
        report.error(label, line, column, None, t("rule.missing_column"))
    return bool(missing)
