"""Tables that pages show about the data itself: definitions, versions, files, warnings."""

from __future__ import annotations

import pandas as pd

from dashboard import data_access, formatting
from dashboard.data_access import DataVersion
from dashboard.i18n import t, t_or


def definitions_table(kind: str) -> pd.DataFrame:
    """Every query of a kind as its header defines it."""
    rows = []
    for name, h in data_access.headers(kind).items():
        rows.append(
            {
                t("column.key"): name,
                t("column.label"): t_or(f"metric.{name}.label", h["label"]),
                t("column.definition"): t_or(f"metric.{name}.definition", h["definition"]),
                t("column.unit"): t(f"unit.{h['unit']}"),
                t("column.basis"): t(f"basis.{h['basis']}"),
                t("column.better"): t(f"better.{h['better']}"),
            }
        )
    return pd.DataFrame(rows)


def version_summary(view: DataVersion) -> str:
    m = view.manifest
    return t(
        "data.summary",
        version=view.id,
        as_at=formatting.date_long(view.as_at),
        created=m.get("created", "")[:16].replace("T", " "),
        uploader=m.get("uploader", ""),
        mode=m.get("mode", ""),
        quarantined=formatting.count(m.get("quarantined", 0)),
    )


def files_table(view: DataVersion) -> pd.DataFrame:
    """The files of the upload that made this version."""
    rows = [
        {
            t("column.file"): f["name"],
            t("column.table"): f["table"],
            t("column.rows"): f["rows"],
            t("column.sha256"): f["sha256"],
            t("column.synthetic"): t("yes") if f.get("synthetic") else t("no"),
        }
        for f in view.manifest.get("files", [])
    ]
    return pd.DataFrame(rows)


def tables_table(view: DataVersion) -> pd.DataFrame:
    """Every table in the version, with where its rows came from."""
    rows = []
    for name, info in view.manifest.get("tables", {}).items():
        origin = t("data.from_upload") if info.get("from") == "upload" else info.get("from")
        rows.append(
            {
                t("column.table"): name,
                t("column.rows"): info.get("rows"),
                t("column.source_file"): info.get("file"),
                t("column.loaded_in"): origin,
                t("column.sha256"): info.get("sha256"),
            }
        )
    return pd.DataFrame(rows)


def warnings_table(view: DataVersion) -> pd.DataFrame:
    cols = {
        "file": "column.file",
        "line": "column.line",
        "column": "column.column",
        "value": "column.value",
        "rule": "column.rule",
    }
    rows = [{t(v): w.get(k) for k, v in cols.items()} for w in view.manifest.get("warnings", [])]
    return pd.DataFrame(rows, columns=[t(v) for v in cols.values()])


def versions_table(view: DataVersion) -> pd.DataFrame:
    """Every version, newest first, the current one marked."""
    rows = []
    for m in data_access.version_list(view.store_root):
        rows.append(
            {
                t("column.version"): m["id"] + (" ✓" if m.get("current") else ""),
                t("column.as_at"): m.get("as_at"),
                t("column.created"): m.get("created", "")[:16].replace("T", " "),
                t("column.uploader"): m.get("uploader"),
                t("column.mode"): m.get("mode"),
                t("column.files"): ", ".join(f["name"] for f in m.get("files", [])),
                t("column.rows"): sum(i.get("rows", 0) for i in m.get("tables", {}).values()),
                t("column.current"): t("yes") if m.get("current") else t("no"),
            }
        )
    return pd.DataFrame(rows)
