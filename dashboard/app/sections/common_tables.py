"""Tables that pages show about the data itself: definitions, versions, files, warnings.

A role without exact figures (scrutiny) sees row counts under disclosure control (each
table's rows with their total, which is the version's total in the versions table), no
per-file row counts (a file's rows less its table's would give the rows set aside back), no
uploader, and no warnings (they quote records); see docs/disclosure-control.md."""

from __future__ import annotations

import pandas as pd

from dashboard import disclosure, formatting
from dashboard.app import data_access, records_access
from dashboard.app.data_access import DataVersion
from dashboard.app.markdown_text import literal
from dashboard.figures import version_changes
from dashboard.figures.queries import message_prefix
from dashboard.i18n import t, t_or, tn


def definitions_table(kind: str) -> pd.DataFrame:
    """Every query of a kind as its header defines it."""
    prefix = message_prefix(kind)
    rows = []
    for name, h in data_access.headers(kind).items():
        rows.append(
            {
                t("column.key"): name,
                t("column.label"): t_or(f"{prefix}.{name}.label", h["label"]),
                t("column.definition"): t_or(f"{prefix}.{name}.definition", h["definition"]),
                t("column.unit"): t(f"unit.{h['unit']}"),
                t("column.basis"): t(f"basis.{h['basis']}"),
                t("column.better"): t(f"better.{h['better']}"),
            }
        )
    return pd.DataFrame(rows)


def definitions_by_group() -> list[tuple[str, list[dict[str, str]]]]:
    """The flight deck's metrics as people read them: under their tile group's heading, each
    with its label, definition, unit, count basis and better direction (then those with no
    tile of their own)."""
    from dashboard.app.tiles import TILE_GROUPS

    headers = data_access.headers("kpi")
    groups = [(t(f"group.{g}"), list(keys)) for g, keys in TILE_GROUPS.items()]
    tiled = {k for _, keys in groups for k in keys}
    groups.append((t("definitions.other_figures"), [k for k in headers if k not in tiled]))
    return [(title, [_definition(k, headers[k]) for k in keys]) for title, keys in groups]


def _definition(name: str, h: dict[str, str]) -> dict[str, str]:
    return {
        "label": t_or(f"metric.{name}.label", h["label"]),
        "definition": t_or(f"metric.{name}.definition", h["definition"]),
        "about": t(
            "definitions.about",
            unit=t(f"unit.{h['unit']}"),
            basis=t(f"basis.{h['basis']}"),
            better=t(f"definitions.better.{h['better']}"),
        ),
    }


def _exact() -> bool:
    return data_access.can("exact_figures")


def _for_role(count: object, view: DataVersion) -> object:
    """A count for this role: exact, or as disclosure control shows it (a number rounded,
    or the words of a hidden figure)."""
    if _exact():
        return count
    return disclosure.shown_count(count, disclosure.rounding_for(view.store_root))


def _shown(count: object, view: DataVersion) -> object:
    """A count for this role: exact, or as disclosure control shows it (as text)."""
    return count if _exact() else disclosure.as_text(_for_role(count, view), "count")


def version_summary(view: DataVersion) -> str:
    m = view.manifest
    figures = {
        "version": view.id,
        "as_at": formatting.date_long(view.as_at),
        "created": formatting.time_uk(m.get("created", "")),
        "mode": m.get("mode", ""),
    }
    quarantined = _for_role(m.get("quarantined", 0), view)
    text = disclosure.as_text(quarantined, "count")
    if not _exact():
        return tn("data.summary_suppressed", quarantined, quarantined=text, **figures)
    uploader = literal(m.get("uploader", ""))  # a name from sign-in: shown as text in Markdown
    return tn("data.summary", quarantined, uploader=uploader, quarantined=text, **figures)


def files_table(view: DataVersion) -> pd.DataFrame:
    """The files of the upload that made this version (their rows for exact figures only)."""
    rows = []
    for f in view.manifest.get("files", []):
        row = {t("column.file"): f["name"], t("column.table"): f["table"]}
        if _exact():
            row[t("column.rows")] = f["rows"]
        row[t("column.sha256")] = f["sha256"]
        row[t("column.synthetic")] = t("yes") if f.get("synthetic") else t("no")
        rows.append(row)
    return pd.DataFrame(rows)


def _table_rows(manifest: dict, view: DataVersion) -> tuple[list, object]:
    """Each table's row count as this role may see it, and their total (the version's)."""
    counts = [int(info.get("rows") or 0) for info in manifest.get("tables", {}).values()]
    if _exact() or not counts:
        return counts, sum(counts)
    table = disclosure.suppress_table(pd.DataFrame({"rows": counts}), ["rows"])
    rounded = disclosure.rounding_for(view.store_root).count
    shown = [disclosure.as_text(rounded(v), "count") for v in table.frame["rows"]]
    return shown, disclosure.as_text(rounded(table.total("rows")), "count")


def tables_table(view: DataVersion) -> pd.DataFrame:
    """Every table in the version, with where its rows came from."""
    rows = []
    counts, _ = _table_rows(view.manifest, view)
    for (name, info), count in zip(view.manifest.get("tables", {}).items(), counts, strict=True):
        origin = t("data.from_upload") if info.get("from") == "upload" else info.get("from")
        rows.append(
            {
                t("column.table"): name,
                t("column.rows"): count,
                t("column.source_file"): info.get("file"),
                t("column.loaded_in"): origin,
                t("column.sha256"): info.get("sha256"),
            }
        )
    return pd.DataFrame(rows)


def warnings_table(view: DataVersion) -> pd.DataFrame:
    """The upload's warnings, with the file, line and value each quotes (record-level)."""
    cols = {
        "file": "column.file",
        "line": "column.line",
        "column": "column.column",
        "value": "column.value",
        "rule": "column.rule",
    }
    if not data_access.can("view_records"):
        return pd.DataFrame(columns=[t(v) for v in cols.values()])
    rows = [{t(v): w.get(k) for k, v in cols.items()} for w in view.manifest.get("warnings", [])]
    return pd.DataFrame(rows, columns=[t(v) for v in cols.values()])


def warnings_note(view: DataVersion) -> str:
    """For a role that may not see records: that warnings exist, and how many (protected)."""
    count = view.manifest.get("warning_count", len(view.manifest.get("warnings", [])))
    shown = _for_role(count, view)
    return tn("data.warnings_for_analysts", shown, count=disclosure.as_text(shown, "count"))


def versions_table(view: DataVersion) -> pd.DataFrame:
    """Every version, newest first, the current one marked."""
    rows = []
    for m in records_access.version_list(view.store_root):
        _, total = _table_rows(m, view)  # the current version's total closes its tables' rows
        if m["id"] != view.id:
            total = _shown(sum(int(i.get("rows") or 0) for i in m.get("tables", {}).values()), view)
        if _exact():
            total = formatting.count(total)
        row = {
            t("column.version"): m["id"] + (" ✓" if m.get("current") else ""),
            t("column.as_at"): m.get("as_at"),
            t("column.created"): formatting.time_uk(m.get("created", "")),
        }
        if _exact():
            row[t("column.uploader")] = m.get("uploader")
        row |= {
            t("column.mode"): m.get("mode"),
            t("column.files"): ", ".join(f["name"] for f in m.get("files", [])),
            t("column.rows"): total,
            t("column.current"): t("yes") if m.get("current") else t("no"),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def headline_table(old: dict | None, new: dict) -> pd.DataFrame:
    """The headline figures before and after, labelled and formatted for their units."""
    headers = data_access.headers("kpi")
    df = version_changes.compare_headlines(old, new)
    df["metric"] = [
        t_or(f"metric.{k}.label", headers[k]["label"]) for k in version_changes.HEADLINES
    ]
    for col in ("before", "after"):
        df[col] = [
            formatting.value(v, headers[k]["unit"])
            for k, v in zip(version_changes.HEADLINES, df[col], strict=True)
        ]
    return df.rename(columns={col: t(f"upload.headline.{col}") for col in df.columns})
