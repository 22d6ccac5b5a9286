"""Read one decoded CSV file into a table of strings, with line numbers as a text editor shows them.

The dialect is fixed (comma, `"` quoting, header row), never sniffed. The fast path is Arrow's
multi-threaded reader; Python's csv module runs only to place errors on lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.csv as pacsv

from dashboard.i18n import t
from dashboard.ingest import limits
from dashboard.ingest.reading import InputFile
from dashboard.ingest.report import Report

_SEPARATORS = re.compile(r"[\s\-]+")
_NOT_BLANK = re.compile(rb"\S")


def normalise_header(name: str) -> str:
    """`' Crime Ref '` -> `crime_ref`: trimmed, lower case, inner spaces and hyphens as `_`."""
    return _SEPARATORS.sub("_", name.strip().lower())


@dataclass
class RawTable:
    """A file's cells as strings: column `f<i>` holds the header's i-th column (only the
    columns asked for are read)."""

    file: str
    table: str
    header: list[str]
    strings: pa.Table
    line_of: Callable[[int], int]

    def column(self, position: int) -> pa.ChunkedArray:
        return self.strings.column(f"f{position}")


class RecordError(csv.Error):
    """A record the csv module cannot read, with the line it starts on."""

    def __init__(self, line: int, detail: str):
        super().__init__(detail)
        self.line = line
        self.unclosed = detail == "unexpected end of data"  # csv's words for a quote left open


def _text_rows(data: bytes):
    """(start line, row) for each non-blank record, via Python's csv module; RecordError if bad."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")  # decoded lazily
    reader = csv.reader(text, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise RecordError(start, str(exc)) from exc
        if row:
            yield start, row
        start = reader.line_num + 1


def _header_only(data: bytes) -> bool:
    rows = _text_rows(data)
    try:
        next(rows)
        next(rows)
    except StopIteration:
        return True
    except csv.Error:
        return False
    return False


def _line_mapper(data: bytes, n_records: int) -> Callable[[int], int]:
    """Record index (0-based, after the header) -> first line of that record."""
    newlines = data.count(b"\n")
    expected = n_records + 1 if data.endswith(b"\n") else n_records
    if newlines == expected and b"\n\n" not in data and b"\n\r\n" not in data:
        return lambda i: i + 2
    starts: list[int] = []

    def line_of(i: int) -> int:
        if not starts:
            starts.extend(line for line, _ in _text_rows(data))
        return starts[i + 1]

    return line_of


def _report_malformed(file: InputFile, width: int, report: Report) -> None:
    """Place each structural problem of a file on its line."""
    try:
        for line, row in _text_rows(file.data):
            if len(row) != width:
                rule = t("rule.wrong_field_count", expected=width, found=len(row))
                report.error(file.name, line, None, None, rule)
    except RecordError as exc:
        _report_record_error(file, exc, report)


def _report_record_error(file: InputFile, exc: RecordError, report: Report) -> None:
    rule = t("rule.unclosed_quote") if exc.unclosed else t("rule.unparseable", detail=str(exc))
    report.error(file.name, exc.line, None, None, rule)


def _within_limits(file: InputFile, report: Report) -> bool:
    """Lines short enough and few enough for the readers (the csv module holds a whole line);
    reported on the file (and the line) if not."""
    lines = file.data.count(b"\n")
    if lines > limits.MAX_LINES:
        rule = t("rule.too_many_lines", count=f"{lines:,}", limit=f"{limits.MAX_LINES:,}")
        report.error(file.name, None, None, None, rule)
        return False
    found = limits.long_line(file.data)
    if found is not None:
        line, length = found
        size, limit = limits.size_text(length), limits.size_text(limits.MAX_LINE_BYTES)
        report.error(file.name, line, None, None, t("rule.line_too_long", size=size, limit=limit))
        return False
    return True


def read_strings(
    file: InputFile, report: Report, wanted: Callable[[str], bool] | None = None
) -> RawTable | None:
    """Parse a file's header and rows as strings; None (with errors reported) if it cannot be.

    With `wanted` (a test on a normalised header name), only those columns are read.
    """
    if not _within_limits(file, report):
        return None
    try:
        first = next(_text_rows(file.data), None) if _NOT_BLANK.search(file.data) else None
    except RecordError as exc:  # the header itself cannot be read
        _report_record_error(file, exc, report)
        return None
    if first is None:
        report.error(file.name, 1, None, None, t("rule.empty_file"))
        return None
    header = first[1]
    if len(header) > limits.MAX_COLUMNS:
        rule = t("rule.too_many_columns", count=f"{len(header):,}", limit=f"{limits.MAX_COLUMNS:,}")
        report.error(file.name, first[0], None, None, rule, pinned=True)
        return None
    keep = [f"f{i}" for i, h in enumerate(header) if wanted is None or wanted(normalise_header(h))]
    try:
        strings = pacsv.read_csv(
            io.BytesIO(file.data),
            # Named after the header's positions, so a row with more or fewer fields is an error.
            read_options=pacsv.ReadOptions(
                skip_rows=1, column_names=[f"f{i}" for i in range(len(header))], block_size=1 << 24
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=",",
                quote_char='"',
                double_quote=True,
                # Only a quoted value can hold a line break: without a quote anywhere, Arrow may
                # split the file at line ends and parse the pieces on every core.
                newlines_in_values=b'"' in file.data,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in keep},
                include_columns=keep,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, csv.Error):
        strings = None
    empty = pa.table({name: pa.array([], pa.string()) for name in keep})
    if strings is None and _header_only(file.data):
        strings = empty
    if strings is not None and strings.num_rows and strings.num_columns != len(keep):
        strings = None
    if strings is None:
        before = report.error_count
        _report_malformed(file, len(header), report)
        if report.error_count == before:
            report.error(file.name, None, None, None, t("rule.unparseable", detail="?"))
        return None
    if strings.num_rows == 0:
        strings = empty
    return RawTable(
        file.name, file.table, header, strings, _line_mapper(file.data, strings.num_rows)
    )
