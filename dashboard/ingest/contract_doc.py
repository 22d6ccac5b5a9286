"""Render the extract contract for analysts (`docs/extract-contract.md`) from `contract.py`.

Regenerate with `python -m dashboard.ingest.contract_doc > docs/extract-contract.md`; a test
fails when the file and the code disagree. The words are the catalogue's (`contract_doc.json`),
so the Definitions page shows the contract in the page's language; the file is the English.
"""

from __future__ import annotations

import re

from dashboard import reference
from dashboard.i18n import t, t_or
from dashboard.ingest import contract as c
from dashboard.ingest.guards import SHRINK_LIMIT_PERCENT


def _meaning(key: str, english: str) -> str:
    """A table's or column's meaning: declared in English in `contract.py`, translated in the
    catalogue (`contract_doc.table.<table>`, `contract_doc.column.<table>.<column>`)."""
    return t_or(key, english)


def _column_row(table: c.Table, col: c.Column) -> str:
    kind = t(f"contract_doc.type.{col.type}")
    if col.type in (c.ENUM, c.METRIC):
        kind = t(
            "contract_doc.enum_values", kind=kind, values=", ".join(f"`{v}`" for v in col.values)
        )
    required = t(
        "contract_doc.required."
        + (
            "yes"
            if col.required
            else ("when" if col.required_when or col.required_unless else "no")
        )
    )
    meaning = _meaning(f"contract_doc.column.{table.name}.{col.name}", col.meaning)
    meaning = meaning.replace("|", "\\|")  # a pipe inside a Markdown table cell
    return f"| `{col.name}` | {kind} | {required} | {meaning} |"


def _table_section(table: c.Table) -> list[str]:
    key = " + ".join(f"`{k}`" for k in table.key)
    meaning = _meaning(f"contract_doc.table.{table.name}", table.meaning)
    lines = [
        "### " + t("contract_doc.table_heading", table=table.name, meaning=meaning),
        "",
        t("contract_doc.key", key=key),
        "",
        t("contract_doc.columns_header"),
        "|---|---|---|---|",
    ]
    lines += [_column_row(table, col) for col in table.columns]
    for fk in table.foreign_keys:
        when = (
            t("contract_doc.foreign_key_when", column=fk.when_column, value=fk.when_value)
            if fk.when_column
            else ""
        )
        lines.append("")
        lines.append(
            t(
                "contract_doc.foreign_key",
                column=fk.column,
                when=when,
                target_column=fk.target_column,
                target=fk.target,
            )
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
        t("contract_doc.planned_date", column=column, table=table)
        for table, column in (p.split() for p in c.planned_dates())
    )

    lines = [
        "# " + t("contract_doc.title", version=c.CONTRACT_VERSION),
        "",
        t("contract_doc.intro"),
        "",
        t(
            "contract_doc.file_rules",
            identifiers=identifiers,
            fragments=fragments,
            cap=LISTED_CAP,
            shrink=SHRINK_LIMIT_PERCENT,
            floor=c.DATE_FLOOR.isoformat(),
            planned=planned,
            **sizes,
        ),
        "## " + t("contract_doc.tables"),
        "",
    ]
    for table in c.TABLES.values():
        lines += _table_section(table)
    lines += [t("contract_doc.analyst_tables"), ""]
    lines += [
        "## " + t("contract_doc.code_lists"),
        "",
        t(
            "contract_doc.offence_codes",
            codes=", ".join(f"`{k}`" for k in reference.offence_codes()),
        ),
        t(
            "contract_doc.outcome_types",
            codes=", ".join(f"`{k}`" for k in reference.outcome_types()),
        ),
        t(
            "contract_doc.local_authorities",
            areas="; ".join(
                f"`{r['gss_code']}` {r['name_en']} / {r['name_cy']}"
                for r in reference.local_authorities()
            ),
        ),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
