"""CSV downloads that a spreadsheet opens safely: formulas neutralised, Welsh letters intact."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from numbers import Number

import pandas as pd

from dashboard.formatting import is_missing

# OWASP's list: a cell starting with one of these may be run as a formula by Excel or Calc.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain negative number ("-1", "-2.5", "-1,234") is data, not a formula: leave it readable.
PLAIN_NEGATIVE = re.compile(r"-(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")


def _text(value: object) -> str:
    """A non-numeric cell as text; dates as ISO 8601, midnight timestamps as plain dates."""
    if isinstance(value, datetime | pd.Timestamp):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def escape_cell(value: object) -> object:
    """The cell as written to CSV: numbers unchanged, missing empty, risky text led by a quote."""
    if is_missing(value):
        return ""
    if isinstance(value, Number) and not isinstance(value, bool):
        return value
    text = _text(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NEGATIVE.fullmatch(text):
        return "'" + text
    return text


def to_csv_bytes(df: pd.DataFrame, *, header_comment_lines: list[str] | None = None) -> bytes:
    """UTF-8 with a byte-order mark, CRLF lines, every cell and header escaped."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in header_comment_lines or []:
        writer.writerow([escape_cell(line)])
    writer.writerow([escape_cell(str(column)) for column in df.columns])
    for row in df.itertuples(index=False, name=None):
        writer.writerow([escape_cell(cell) for cell in row])
    # The BOM tells Excel the file is UTF-8, so "Caerffili" and "ŵ" survive a double-click.
    return buffer.getvalue().encode("utf-8-sig")
