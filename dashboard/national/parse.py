"""Check a table of strings read from an outcomes open data file and turn it into typed columns.

As PROVENANCE.md describes: cells are trimmed (`" 53 "` is 53), `-00` is 0, `NA` or blank is a
missing count (null), and trailing rows with nothing but `NA` or blanks are ignored. Counts may
be negative: the Home Office publishes net adjustments for offences later cancelled or
reclassified.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.i18n import t
from dashboard.ingest.csvread import RawTable
from dashboard.ingest.report import ERROR, Report
from dashboard.national.read import COLUMNS, column_name, missing_columns

MISSING = pa.array(["", "NA"])
COUNTS = ("offences", "force_outcomes_recorded_in_quarter")
REQUIRED_TEXT = ("force_name", "offence_subgroup")
KEY = (
    "financial_year",
    "financial_quarter",
    "force_name",
    "offence_code",
    "offence_description",
    "outcome_type",
)
_TYPES = {"financial_quarter": pa.int8(), **{name: pa.int64() for name in COUNTS}}
SCHEMA = pa.schema([(name, _TYPES.get(name, pa.string())) for name in COLUMNS])

_YEAR = r"^\d{4}[/-]\d{2}$"
_QUARTER = r"^[Qq]?[1-4]$"
_OUTCOME_TYPE = r"^\d{1,2}[A-Za-z]?$"
_INTEGER = r"^[+-]?\d+$"


def parse(raw: RawTable, report: Report) -> pa.Table | None:
    """The typed table (columns as SCHEMA); None, with every problem in `report`, if invalid."""
    index = _column_index(raw, report)
    if index is None:
        return None
    rows = _rows_kept(raw, index)
    before = report.error_count
    columns = {}
    for name in SCHEMA.names:
        if name not in index:
            columns[name] = pa.nulls(rows, SCHEMA.field(name).type)
            continue
        original = raw.strings.column(index[name]).slice(0, rows).combine_chunks()
        columns[name] = _convert(raw, report, name, original)
    if report.error_count > before:
        return None
    table = pa.table(columns, schema=SCHEMA)
    return table if _no_duplicate_keys(raw, report, table) else None


def _column_index(raw: RawTable, report: Report) -> dict[str, int] | None:
    """Known column -> position in the file; None (reported) on a missing or repeated column."""
    index: dict[str, int] = {}
    repeated = False
    line = raw.line_of(0) - 1 if raw.strings.num_rows else 1  # the header's line
    for position, header in enumerate(raw.header):
        name = column_name(header)
        if name in index:
            report.error(raw.file, line, header, None, t("rule.duplicate_column"))
            repeated = True
        elif name in COLUMNS:
            index[name] = position
    missing = missing_columns(raw.file, line, raw.header, report)
    return None if missing or repeated else index


def _rows_kept(raw: RawTable, index: dict[str, int]) -> int:
    """The number of rows before the trailing run of rows holding only `NA` and blanks."""
    empty = np.ones(raw.strings.num_rows, dtype=bool)
    for position in index.values():
        cells = pc.utf8_trim_whitespace(raw.strings.column(position).combine_chunks())
        empty &= _mask(pc.is_in(cells, MISSING))
    filled = np.flatnonzero(~empty)
    return int(filled[-1]) + 1 if filled.size else 0


def _convert(raw: RawTable, report: Report, name: str, original: pa.Array) -> pa.Array:
    """One column, typed; bad cells reported (their converted values are then meaningless)."""
    cells = pc.utf8_trim_whitespace(original)
    missing = pc.is_in(cells, MISSING)
    if name in COUNTS:
        bad = pc.and_(pc.invert(missing), pc.invert(pc.match_substring_regex(cells, _INTEGER)))
        _report(raw, report, name, original, bad, t("rule.bad_integer"))
        digits = pc.replace_substring_regex(pc.if_else(bad, "0", cells), r"^\+", "")
        return pc.if_else(missing, pa.scalar(None, pa.int64()), _to_int(digits, missing))
    if name == "financial_year":
        return _year(raw, report, original, cells)
    if name == "financial_quarter":
        bad = pc.invert(pc.match_substring_regex(cells, _QUARTER))
        _report(raw, report, name, original, bad, t("national.rule.bad_quarter"))
        last = pc.utf8_slice_codeunits(pc.if_else(bad, "1", cells), -1)
        return pc.cast(last, pa.int8())
    if name == "outcome_type":
        bad = pc.invert(pc.match_substring_regex(cells, _OUTCOME_TYPE))
        _report(raw, report, name, original, bad, t("national.rule.bad_outcome_type"))
        return pc.utf8_upper(cells)
    if name in REQUIRED_TEXT:
        _report(raw, report, name, original, missing, t("rule.required"))
    return pc.if_else(missing, pa.scalar(None, pa.string()), cells)


def _to_int(digits: pa.Array, missing: pa.Array) -> pa.Array:
    # Missing cells are nulled by the caller; a placeholder keeps the cast from failing on them.
    return pc.cast(pc.if_else(missing, "0", digits), pa.int64())


def _year(raw: RawTable, report: Report, original: pa.Array, cells: pa.Array) -> pa.Array:
    """`2017/18` (or `2017-18`) as `2017/18`; the second part must be the year after the first."""
    shaped = _mask(pc.match_substring_regex(cells, _YEAR))
    safe = pc.if_else(pa.array(shaped), cells, "2000/01")
    start = _mask(pc.cast(pc.utf8_slice_codeunits(safe, 0, 4), pa.int32()))
    end = _mask(pc.cast(pc.utf8_slice_codeunits(safe, 5, 7), pa.int32()))
    bad = ~(shaped & ((start + 1) % 100 == end))
    _report(raw, report, "financial_year", original, bad, t("national.rule.bad_year"))
    return pc.replace_substring(cells, "-", "/")


def _mask(values: pa.Array) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False))


def _report(
    raw: RawTable,
    report: Report,
    column: str,
    values: pa.Array,
    bad: pa.Array | np.ndarray,
    rule: str,
) -> None:
    """Report the bad cells of a column: as many as the report lists, the rest counted."""
    rows = np.flatnonzero(bad if isinstance(bad, np.ndarray) else _mask(bad))
    listed = rows[: report.room(ERROR)]
    for i in listed:
        report.error(raw.file, raw.line_of(int(i)), column, values[int(i)].as_py(), rule)
    report.count_only(ERROR, len(rows) - len(listed))


def _no_duplicate_keys(raw: RawTable, report: Report, table: pa.Table) -> bool:
    """False (reported) if two rows share force, year, quarter, offence and outcome type."""
    keys = table.select(list(KEY)).to_pandas()
    repeated = np.flatnonzero(keys.duplicated(keep="first").to_numpy())
    listed = repeated[: report.room(ERROR)]
    for i in listed:
        key = ", ".join(str(v) for v in keys.iloc[int(i)].tolist())
        report.error(raw.file, raw.line_of(int(i)), None, None, t("rule.duplicate_key", key=key))
    report.count_only(ERROR, len(repeated) - len(listed))
    return repeated.size == 0
