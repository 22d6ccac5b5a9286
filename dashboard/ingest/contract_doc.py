"""Render the extract contract for analysts (`docs/extract-contract.md`) from `contract.py`.

Regenerate with `python -m dashboard.ingest.contract_doc > docs/extract-contract.md`; a test
fails when the file and the code disagree.
"""

from __future__ import annotations

import re

from dashboard import reference
from dashboard.ingest import contract as c
from dashboard.ingest.guards import SHRINK_LIMIT_PERCENT

TYPE_WORDS = {
    c.TEXT: "text",
    c.DATE: "date",
    c.DATETIME: "date-time",
    c.BOOLEAN: "yes/no",
    c.INTEGER: "whole number",
    c.ENUM: "one of a list",
    c.OFFENCE_CODE: "Home Office offence code",
    c.OUTCOME_CODE: "Home Office outcome type",
    c.LOCAL_AUTHORITY: "local authority",
}

FILE_RULES = """\
## File rules (every table)

- **Names**: one file per table, named `<table>.csv` (any case), optionally gzip-compressed as
  `<table>.csv.gz`. Give a folder, single files, or one `.zip` holding them. Other names are
  refused.
- **Encoding**: UTF-8 with or without a byte-order mark; Windows-1252 (Excel's plain "CSV") is
  accepted when the bytes are not UTF-8.
- **Layout**: comma-separated, a header row, `"` quoting (a quote inside a quoted value doubled),
  LF or CRLF line ends. The layout is never guessed: a line that does not fit is refused with its
  line number.
- **Headers** are matched ignoring case and surrounding spaces; inner spaces and hyphens count as
  `_` (`Crime Ref` = `crime_ref`). A missing required column refuses the file; unknown columns are
  ignored with a warning.
- **Personal data**: a column named like a direct identifier ({identifiers}) is refused: any
  header with a word containing {fragments}, alone or run together with the next word
  (`Post Code`, `Victim Name`, `Email Address`, `Home Address`). Pseudonymise the export first.
- **Empty cell** = missing value.
- **Dates**: `YYYY-MM-DD` or `DD/MM/YYYY` (`D/M/YYYY` too), never month-first; an impossible date
  (`31/02/2024`) is an error. **Date-times**: a date, optionally followed by ` HH:MM` or
  ` HH:MM:SS` (or `T` instead of the space), UK local time; a bare date means 00:00.
- **Plausible dates**: a date or date-time before {floor}, or after the extract's as-at date
  (the one the analyst gives, else the day of the upload, UK time), is an error of its row, which
  can be set aside like any invalid row: a records system cannot have produced it (`9999-12-31`
  is a placeholder, not a date). Planned dates ({planned}) may lie after the as-at date.
- **Yes/no**: `Y`/`N`, `Yes`/`No`, `TRUE`/`FALSE`, `1`/`0`, any case; empty = unknown.
- **Lists** (enumerations) are matched ignoring case and surrounding spaces.
- **Line numbers** in reports are as a text editor shows them: the header is line 1.

## Uploads

- Each accepted upload is a new version; the newest is current and any earlier one can be made
  current again. `replace` (default): each table given is the whole table. `upsert`: rows are
  merged by key. Tables not given carry over unchanged. The first upload must include `crimes`.
- **Degenerate uploads** are refused: one that would leave the crimes table with no rows (or
  with none once the invalid rows are set aside), and a `replace` that would remove more than
  {shrink}% of any table's current rows (a failed or truncated export looks like this), unless
  the analyst says the smaller table is meant (`--allow-shrink`, or the tick box beside the red
  warning on the upload page). A table with no rows yet never shrinks; an `upsert` never does.
  Every version has an as-at date.
- An upload with any error changes nothing, and the report lists every problem (file, line,
  column, value, rule; the first {cap} of each kind, with the totals): first the errors that
  explain the others (a missing or unreadable file, a refused header, an empty crimes table),
  then the rows, then a hint that fits what went wrong. Warnings never block.
  `--accept-invalid-rows` loads the valid rows and sets the invalid ones aside (with the uploaded
  rows that refer to them) for the data-quality page; a set-aside row never replaces the current
  row with its key. A file that cannot be read as a whole (layout, encoding, a missing required
  column, or a conditionally required one that some row needs) cannot be set aside: it is refused
  until it is fixed. Rows carried over from the current data are never set aside: a `replace`
  that would leave them referring to nothing is refused, with one summary per table (always
  listed, whatever the number of other problems).
- References are checked against the data as it will be after the upload.
- **As-at date**: the one the analyst gives (`--as-at`, or on the upload page), which may not be
  after the day of the upload, before {floor}, or before the latest reported, recorded or outcome
  date loaded; else the latest reported, recorded or outcome date in the data after the upload,
  among plausible dates only (rows set aside do not count). The report states the date and the
  rule that chose it; the version records both (`as_at`, `as_at_rule`).
- **Limits**, checked before anything large is read (a file beyond one is refused, naming it):
  {upload_bytes} of data in one upload, unpacked; a compressed file unpacking to more than
  {ratio} times its size (past {ratio_floor}); {members} files in a `.zip`; {columns} columns in a
  header; {line_bytes} in one line; {lines} lines in a file. Only regular files and folders are
  read: a named pipe or a device is refused without being opened.
- Uploading files identical to the current version's is accepted and changes nothing.
"""


def _column_row(col: c.Column) -> str:
    kind = TYPE_WORDS[col.type]
    if col.type == c.ENUM:
        kind += ": " + ", ".join(f"`{v}`" for v in col.values)
    required = (
        "yes"
        if col.required
        else ("when stated" if col.required_when or col.required_unless else "no")
    )
    meaning = col.meaning.replace("|", "\\|")
    return f"| `{col.name}` | {kind} | {required} | {meaning} |"


def _table_section(table: c.Table) -> list[str]:
    key = " + ".join(f"`{k}`" for k in table.key)
    lines = [
        f"### {table.name}.csv: {table.meaning}",
        "",
        f"Key: {key} (unique within the file).",
        "",
        "| column | type | required | meaning and rules |",
        "|---|---|---|---|",
    ]
    lines += [_column_row(col) for col in table.columns]
    for fk in table.foreign_keys:
        when = f" (rows with `{fk.when_column}` = `{fk.when_value}`)" if fk.when_column else ""
        lines.append("")
        lines.append(
            f"- `{fk.column}`{when} must exist as `{fk.target_column}` in "
            f"`{fk.target}`, in this upload or the current data."
        )
    return lines + [""]


def render_embedded() -> str:
    """The document inside a page: its headings one level down, under the page's own."""
    return re.sub(r"(?m)^(#+) ", r"\1## ", render().split("\n", 1)[1])


def render() -> str:
    """The whole analysts' document."""
    identifiers = ", ".join(f"`{n}`" for n in c.PERSONAL_IDENTIFIER_COLUMNS)
    fragments = ", ".join(f"`{n}`" for n in c.PERSONAL_IDENTIFIER_FRAGMENTS)
    from dashboard.ingest import limits
    from dashboard.ingest.report import LISTED_CAP

    sizes = {
        "upload_bytes": limits.size_text(limits.MAX_UPLOAD_BYTES),
        "ratio": limits.MAX_COMPRESSION_RATIO,
        "ratio_floor": limits.size_text(limits.RATIO_FLOOR_BYTES),
        "members": f"{limits.MAX_ZIP_MEMBERS:,}",
        "columns": f"{limits.MAX_COLUMNS:,}",
        "line_bytes": limits.size_text(limits.MAX_LINE_BYTES),
        "lines": f"{limits.MAX_LINES:,}",
    }
    planned = ", ".join(
        f"`{column}` in {table}.csv" for table, column in (p.split() for p in c.planned_dates())
    )

    lines = [
        f"# Extract contract, version {c.CONTRACT_VERSION}",
        "",
        "What an extract from the records system must look like to load into Flight Deck.",
        "Generated from `dashboard/ingest/contract.py` by",
        "`python -m dashboard.ingest.contract_doc`: do not edit by hand.",
        "",
        FILE_RULES.format(
            identifiers=identifiers,
            fragments=fragments,
            cap=LISTED_CAP,
            shrink=SHRINK_LIMIT_PERCENT,
            floor=c.DATE_FLOOR.isoformat(),
            planned=planned,
            **sizes,
        ),
        "## Tables",
        "",
    ]
    for table in c.TABLES.values():
        lines += _table_section(table)
    lines += [
        "## Code lists",
        "",
        "- Sexual offence codes: " + ", ".join(f"`{k}`" for k in reference.offence_codes()),
        "- Outcome types: " + ", ".join(f"`{k}`" for k in reference.outcome_types()),
        "- Local authorities: "
        + "; ".join(
            f"`{r['gss_code']}` {r['name_en']} / {r['name_cy']}"
            for r in reference.local_authorities()
        ),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
