"""The upload page's sections: receive files, show the check, preview the change, commit.

Everything goes through `dashboard.ingest.prepare` and `commit`, the path `flightdeck ingest`
takes; this module only receives files and shows results.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from datetime import date
from pathlib import Path, PurePath

import pandas as pd
import streamlit as st

from dashboard import access, audit, components, formatting, ingest, roles, upload_preview
from dashboard.data_access import DataVersion
from dashboard.i18n import t
from dashboard.identity import user_label
from dashboard.store import Store, StoreConflict
from dashboard.view_state import ViewState

STAGES = ("read", "parse", "validate", "write", "switch", "done")


def max_upload_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def fingerprint(files: list) -> str:
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode())
        digest.update(hashlib.sha256(f.getvalue()).digest())
    return digest.hexdigest()


def save(files: list) -> list[Path]:
    """The uploaded files on disk under their own names (only the last part of each name)."""
    folder = Path(tempfile.mkdtemp(prefix="flightdeck-upload-"))
    paths = []
    for f in files:
        path = folder / PurePath(f.name).name
        path.write_bytes(f.getvalue())
        paths.append(path)
    return paths


def prepared(store: Store, files: list, mode: str) -> ingest.Upload:
    """The checked upload, kept for this session until the files, mode or data change."""
    key = (fingerprint(files), mode, store.current_id())
    cached = st.session_state.get("_upload")
    if cached is None or cached[0] != key:
        paths = save(files)
        try:
            with st.status(t("upload.checking"), expanded=False) as status:
                upload = ingest.prepare(store, paths, mode, _progress(status))
                status.update(label=t("upload.checked"), state="complete")
        finally:
            shutil.rmtree(paths[0].parent, ignore_errors=True)
        st.session_state["_upload"] = (key, upload)
        if upload.report.has_errors:
            _log_upload(store, upload, None, "refused")
    return st.session_state["_upload"][1]


def _log_upload(store: Store, upload: ingest.Upload, version: str | None, outcome: str) -> None:
    """The audit line of an upload: its files with their SHA-256, the version it made."""
    files = [{"name": f.name, "sha256": f.sha256} for f in upload.files]
    access.log(str(store.root)).upload(
        access.current(),
        audit.streamlit_session_id(),
        files=files,
        version=version,
        mode=upload.mode,
        outcome=outcome,
    )


def _progress(status):
    bar = st.progress(0.0)

    def show(stage: str, fraction: float) -> None:
        position = (STAGES.index(stage) + fraction) / len(STAGES) if stage in STAGES else 1.0
        bar.progress(min(position, 1.0), text=t(f"progress.{stage}"))
        status.update(label=t(f"progress.{stage}"))

    return show


def report_table(upload: ingest.Upload) -> pd.DataFrame:
    """Every listed problem, grouped by file and rule, in line order."""
    columns = ["severity", "file", "rule", "line", "column", "value"]
    df = pd.DataFrame(upload.report.records(), columns=columns)
    df = df.sort_values(["severity", "file", "rule", "line"], na_position="first")
    df["severity"] = df["severity"].map(lambda s: t(f"upload.severity.{s}"))
    return df[columns].rename(columns={c: t(f"upload.column.{c}") for c in columns})


def report_section(upload: ingest.Upload, view: DataVersion | None, state: ViewState | None):
    """The validation report: totals, a search box, the table and its download."""
    r = upload.report
    st.subheader(t("upload.report"))
    if r.error_count:
        st.error(
            t(
                "upload.errors",
                errors=formatting.count(r.error_count),
                listed=formatting.count(len(r.errors)),
            ),
            icon=":material/error:",
        )
    else:
        st.success(t("upload.no_errors"), icon=":material/check_circle:")
    if r.warning_count:
        st.warning(t("upload.warnings", count=formatting.count(r.warning_count)))
    if not r.problems:
        return
    table = report_table(upload)
    search = st.text_input(t("upload.search"), key="upload_search")
    if search:
        hits = table.apply(
            lambda row: row.astype(str).str.contains(search, case=False, regex=False).any(), axis=1
        )
        table = table[hits]
    st.dataframe(table, hide_index=True)
    if view is not None and state is not None:
        components.download(table, "validation-report", view, state)


def preview_section(store: Store, upload: ingest.Upload, accept_invalid: bool) -> None:
    """Rows added, changed and removed per table, and the headline figures before and after."""
    st.subheader(t("upload.preview"))
    before = upload_preview.version_tables(store, upload.base_version)
    after = upload_preview.upload_tables(upload, accept_invalid)
    changes = upload_preview.table_changes(before, after)
    st.dataframe(changes.rename(columns=lambda c: t(f"upload.change.{c}")), hide_index=True)
    period = upload_preview.headline_period(upload.default_as_at())
    if period is None:
        return
    st.caption(t("upload.headlines", period=formatting.period_label(period)))
    old = (
        upload_preview.headlines_of_version(store, upload.base_version, period)
        if upload.base_version
        else None
    )
    new = upload_preview.headlines_of_tables(after, period)
    st.dataframe(headline_table(old, new), hide_index=True)


def headline_table(old: dict | None, new: dict) -> pd.DataFrame:
    from dashboard import data_access

    headers = data_access.headers("kpi")
    df = upload_preview.compare_headlines(old, new)
    df["metric"] = df["metric"].map(lambda k: headers[k]["label"])
    for col in ("before", "after"):
        df[col] = [
            formatting.value(v, headers[k]["unit"]) if v is not None else "–"
            for k, v in zip(upload_preview.HEADLINES, df[col], strict=True)
        ]
    return df.rename(columns={c: t(f"upload.headline.{c}") for c in df.columns})


def commit_section(store: Store, upload: ingest.Upload, as_at: date, accept_invalid: bool) -> None:
    """The commit button with progress; afterwards the new version is live for everyone."""
    roles.require(access.current(), "upload")
    allowed = upload.can_commit(accept_invalid)
    if st.button(t("upload.commit"), type="primary", disabled=not allowed):
        try:
            with st.status(t("upload.committing"), expanded=True) as status:
                version = ingest.commit(
                    store,
                    upload,
                    as_at=as_at,
                    accept_invalid=accept_invalid,
                    uploader=user_label(),
                    progress=_progress(status),
                )
                status.update(label=t("upload.committed", version=version), state="complete")
        except StoreConflict:
            st.session_state.pop("_upload", None)
            st.warning(t("upload.conflict"))
            return
        _log_upload(store, upload, version, "committed")
        st.session_state.pop("_upload", None)
        st.session_state["_upload_done"] = version
        st.rerun()


def decide_section(store: Store, upload: ingest.Upload) -> None:
    """After the check: the no-op notice, or the set-aside choice, as-at date, preview, commit."""
    if upload.noop_version:
        st.info(t("upload.noop", version=upload.noop_version))
        return
    accept = False
    if upload.file_level_errors:
        st.error(t("upload.file_errors"))
    elif upload.report.has_errors:
        accept = st.checkbox(
            t(
                "upload.set_aside",
                rows=formatting.count(upload.invalid_rows),
                files=", ".join(upload.invalid_files),
            ),
            key="upload_accept",
        )
    if not upload.can_commit(accept):
        st.button(t("upload.commit"), type="primary", disabled=True, key="upload_commit_off")
        return
    as_at = st.date_input(
        t("upload.as_at"), value=upload.default_as_at(), format="DD/MM/YYYY", key="upload_as_at"
    )
    preview_section(store, upload, accept)
    commit_section(store, upload, as_at, accept)
