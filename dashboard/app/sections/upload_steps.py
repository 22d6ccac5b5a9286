"""The upload page's sections: receive files, show the check, preview the change, commit.

Everything goes through `dashboard.ingest.pipeline.prepare` and `commit`, the path
`flightdeck ingest` takes; this module only receives files and shows results.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from datetime import date
from pathlib import Path, PurePath

import pandas as pd
import streamlit as st

from dashboard import formatting
from dashboard.access import audit, roles
from dashboard.app import components, records_access, session
from dashboard.app.data_access import DataVersion
from dashboard.app.markdown_text import literal
from dashboard.app.sections import common_tables
from dashboard.app.view_state import ViewState
from dashboard.figures import version_changes
from dashboard.i18n import t, tn
from dashboard.ingest import guards, pipeline, report
from dashboard.ingest import upload as u
from dashboard.ingest.report import Report
from dashboard.store.versions import Store, StoreConflict, Switch
from dashboard.synth import proof

STAGES = ("read", "parse", "validate", "write", "switch", "done")
REPORT_COLUMNS = ["severity", "file", "rule", "line", "column", "value"]
GROUP = ["severity", "file", "rule"]
OPEN_GROUPS = 5  # with more groups than this, each starts folded: their labels give the counts
CAUSES_SHOWN = 5  # errors that explain the others, named above the report (the rest in it)
# What the page says of each cause that refuses the whole upload (dashboard.ingest.upload).
WHOLE_UPLOAD = {
    u.NO_FILES: "upload.no_files",
    u.FILE: "upload.file_errors",
    u.NO_CRIMES: "upload.no_crimes",
    u.EMPTY_CRIMES: "upload.empty_crimes",
    u.NO_VALID_CRIMES: "upload.no_valid_crimes",
    u.AS_AT: "upload.as_at_missing",
}
log = logging.getLogger("flightdeck")


def _require_upload() -> None:
    """Every step of the upload checks the role itself: hiding the page is not enough."""
    roles.require(session.current(), "upload")


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


def prepared(store: Store, files: list, mode: str) -> pipeline.Upload:
    """The checked upload, kept for this session until the files, mode or data change."""
    _require_upload()
    key = (fingerprint(files), mode, store.current_id())
    cached = st.session_state.get("_upload")
    if cached is None or cached[0] != key:
        paths = save(files)
        try:
            with st.status(t("upload.checking"), expanded=False) as status:
                show = components.stage_progress(status, STAGES, "progress")
                upload = pipeline.prepare(store, paths, mode, show, regenerate=proof.regenerate)
                show("done", 1.0)
                status.update(label=t("upload.checked"), state="complete")
        except Exception as exc:  # a crash is audited too, then shown as any page error
            _log_error(store, [f.name for f in files], mode, exc)
            raise
        finally:
            shutil.rmtree(paths[0].parent, ignore_errors=True)
        # Recorded before it is kept and shown: if the log cannot be written, AuditError goes
        # up to the shell, which shows nothing of it.
        if upload.report.has_errors:
            _log_upload(store, upload, None, "refused")
        elif upload.noop_version:
            _log_upload(store, upload, upload.noop_version, "unchanged")
        st.session_state["_upload"] = (key, upload)
    return st.session_state["_upload"][1]


def _log_upload(store: Store, upload: pipeline.Upload, version: str | None, outcome: str) -> None:
    """The audit line of an upload: its files with their SHA-256, the version it made."""
    files = [{"name": f.name, "sha256": f.sha256} for f in upload.files]
    session.log(str(store.root)).upload(
        session.current(),
        session.session_id(),
        files=files,
        version=version,
        mode=upload.mode,
        outcome=outcome,
    )


def _log_error(store: Store, names: list[str], mode: str, error: BaseException) -> None:
    """The audit line of a load that stopped on an unexpected error (nothing changed)."""
    audit.upload_error(
        session.log(str(store.root)),
        session.current(),
        session.session_id(),
        inputs=names,
        mode=mode,
        error=error,
    )


def _record_commit(store: Store) -> pipeline.RecordUpload:
    """The store's record step for a commit: the "committed" line before the new version
    becomes current (no line, no version), or "failed" if the switch could then not be made."""

    def record(upload: pipeline.Upload, switch: Switch) -> None:
        outcome = "failed" if switch.failed else "committed"
        _log_upload(store, upload, switch.after, outcome)
        record.lines += 1  # type: ignore[attr-defined]

    record.lines = 0  # type: ignore[attr-defined]  (read if the load then stops on an error)
    return record


def _kind(severity: str) -> str:
    return t(f"upload.severity.{severity}")


def report_frame(upload: pipeline.Upload, search: str = "") -> pd.DataFrame:
    """Every listed problem (contract names), grouped by kind, file and rule in the report's
    order (the errors that explain the others first), each group in line order; with `search`,
    only those whose kind, file, rule, line, column or value contains it (in any case)."""
    return report_frame_of(upload.report, search)


def report_frame_of(report: Report, search: str = "") -> pd.DataFrame:
    """`report_frame` of any report (a national load's too)."""
    df = pd.DataFrame(report.records(), columns=REPORT_COLUMNS)
    df["line"] = df["line"].astype("Int64")
    first_seen = df.groupby(GROUP, sort=False, dropna=False).ngroup()
    df = df.assign(_group=first_seen).sort_values(
        ["_group", "line"], na_position="first", kind="stable"
    )
    df = df.drop(columns="_group")
    if search:
        shown = df.assign(severity=df["severity"].map(_kind)).astype(str)
        hits = shown.apply(lambda col: col.str.contains(search, case=False, regex=False))
        df = df[hits.any(axis=1)]
    return df.reset_index(drop=True)


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """The report as people read it: kinds and column names in words, a blank (never "None")
    where a problem has no line, column or value (a file's summary, a missing column)."""
    if "severity" in df.columns:
        df = df.assign(severity=df["severity"].map(_kind))
    blanks = {c: df[c].map(_cell) for c in ("line", "column", "value") if c in df.columns}
    return df.assign(**blanks).rename(columns={c: t(f"upload.column.{c}") for c in REPORT_COLUMNS})


def _cell(value: object) -> str:
    return "" if formatting.is_missing(value) else str(value)


def report_section(upload: pipeline.Upload, view: DataVersion | None, state: ViewState | None):
    """The validation report: totals, a search box, the problems grouped by file and rule (each
    with line, column and value), and the report (as searched) as a CSV download."""
    _require_upload()
    r = upload.report
    st.subheader(t("upload.report"))
    if r.error_count:
        errors, listed = formatting.count(r.error_count), formatting.count(len(r.errors))
        st.error(
            tn("upload.errors", r.error_count, errors=errors, listed=listed),
            icon=":material/error:",
        )
    else:
        st.success(t("upload.no_errors"), icon=":material/check_circle:")
    causes_box(r.causing_errors)
    if r.warning_count:
        st.warning(tn("upload.warnings", r.warning_count, count=formatting.count(r.warning_count)))
    if r.note:  # the as-at date the upload would take and the rule that chose it
        st.info(r.note, icon=":material/event:")
    if not r.problems:
        return
    search = st.text_input(t("upload.search"), key="upload_search")
    table = report_frame(upload, search)
    groups = list(table.groupby(GROUP, sort=False))
    problems = tn("upload.problems", len(table), n=formatting.count(len(table)))
    st.markdown(tn("upload.grouped", len(groups), problems=problems, groups=len(groups)))
    causes = {(p.severity, p.file, p.rule) for p in r.causing_errors}
    for (severity, file, rule), rows in groups:
        # Names and rules quote the files (a zip member's name, a value): shown as text.
        named = {"file": literal(file), "rule": literal(rule)}
        total = r.group_total(severity, file, rule) if not search else None
        label = group_label(_kind(severity), rows["line"], named, total)
        opened = len(groups) <= OPEN_GROUPS or (severity, file, rule) in causes
        with st.expander(label, expanded=opened):
            st.dataframe(labelled(rows[["line", "column", "value"]]), hide_index=True)
    if view is not None and state is not None:
        components.download(labelled(table), "validation-report", view, state)


def group_label(kind: str, lines: pd.Series, named: dict[str, str], total: int | None) -> str:
    """A group's one line: its rows and first lines ('… : 300 rows (lines 4, 9, 17, …)', all
    found when `total` counts beyond those listed), or, for a file's own problems, how many;
    the table inside lists every one listed."""
    rows = sorted({int(n) for n in lines.dropna()})
    if not rows:
        return t("upload.group", kind=kind, count=formatting.count(len(lines)), **named)
    return t("upload.group_rows", kind=kind, rows=report.group_rows(rows, total), **named)


def causes_box(causes: list) -> None:
    """The errors that explain the others, above everything else the report lists."""
    if not causes:
        return
    lines = [tn("upload.causes", len(causes), n=formatting.count(len(causes)))]
    lines += [
        "- " + t("upload.cause", file=literal(p.file), rule=literal(p.rule))
        for p in causes[:CAUSES_SHOWN]
    ]
    if len(causes) > CAUSES_SHOWN:
        more = len(causes) - CAUSES_SHOWN
        lines.append(tn("upload.causes_more", more, n=formatting.count(more)))
    st.error("\n".join(lines), icon=":material/report:")


def preview_section(store: Store, upload: pipeline.Upload, accept_invalid: bool) -> None:
    """Rows added, changed and removed per table, and the headline figures before and after."""
    _require_upload()
    st.subheader(t("upload.preview"))
    if accept_invalid and upload.invalid_rows:
        rows = upload.invalid_rows
        st.caption(tn("upload.preview_set_aside", rows, rows=formatting.count(rows)))
    before = records_access.version_tables(store, upload.base_version)
    after = version_changes.upload_tables(upload, accept_invalid)
    changes = version_changes.table_changes(before, after)
    st.dataframe(changes.rename(columns=lambda c: t(f"upload.change.{c}")), hide_index=True)
    period = version_changes.headline_period(upload.default_as_at())
    if period is None:
        return
    st.caption(t("upload.headlines", period=formatting.period_label(period)))
    old = None
    if upload.base_version:
        old = records_access.headlines_of_version(store, upload.base_version, period)
    new = records_access.headlines_of_tables(after, period)
    st.dataframe(common_tables.headline_table(old, new), hide_index=True)


def commit_section(
    store: Store,
    upload: pipeline.Upload,
    as_at: date | None,
    accept_invalid: bool,
    allow_shrink: bool = False,
) -> None:
    """The commit button with progress; afterwards the new version is live for everyone.
    `as_at` is the analyst's date (None: the latest plausible date); `allow_shrink`, the
    analyst's word that tables cut by more than a fifth are meant."""
    _require_upload()
    allowed = upload.can_commit(accept_invalid, allow_shrink)
    if session.serving_refusal(would_be_synthetic(store, upload)) is not None:
        st.warning(t("upload.needs_sign_in"), icon=":material/lock:")  # it could not be shown
        allowed = False
    if st.button(t("upload.commit"), type="primary", disabled=not allowed):
        record = _record_commit(store)
        try:
            with st.status(t("upload.committing"), expanded=True) as status:  # red if it raises
                version = pipeline.commit(
                    store,
                    upload,
                    as_at=as_at,
                    accept_invalid=accept_invalid,
                    allow_shrink=allow_shrink,
                    uploader=session.user_label(),
                    progress=components.stage_progress(status, STAGES, "progress"),
                    record=record,  # no audit line, no new version
                )
                status.update(label=t("upload.committed", version=version), state="complete")
        except StoreConflict:
            st.session_state.pop("_upload", None)
            st.warning(t("upload.conflict"))
            return
        except pipeline.UploadRefused as exc:
            # Nothing changed. The refusal marked the checked upload refused: check it again.
            st.session_state.pop("_upload", None)
            st.error(_refusal(exc), icon=":material/error:")
            return
        except audit.AuditError as exc:  # the detail names the log's path: for the server log
            log.error("upload not loaded, audit log: %s", exc)
            st.error(t("audit.not_changed"), icon=":material/error:")
            return
        except Exception as exc:  # a crash is audited too, then shown as any page error
            if not record.lines:  # else its own "committed" (and "failed") lines say it
                _log_error(store, [f.name for f in upload.files], upload.mode, exc)
            raise
        st.session_state.pop("_upload", None)
        st.session_state["_upload_done"] = version
        new_upload_widgets()
        st.rerun()


def _refusal(exc: pipeline.UploadRefused) -> str:
    """What a refused commit says: why its as-at date cannot be taken, else the refusal."""
    as_at = [p.rule for p in exc.report.errors if p.column == "as_at"]
    return t("upload.as_at_refused", problem=literal(as_at[-1])) if as_at else str(exc)


def would_be_synthetic(store: Store, upload: pipeline.Upload) -> bool:
    """Whether the version this upload makes would count as synthetic: every file from
    `flightdeck synth`, and anything carried over synthetic too."""
    if not all(f.synthetic for f in upload.files):
        return False
    return upload.base_version is None or bool(store.manifest(upload.base_version)["synthetic"])


UPLOADER_KEY = "upload_files"


def uploader_key() -> str:
    """The file picker's key: a new one after each commit, so the page starts empty again
    instead of checking the files just loaded against the version they made."""
    n = st.session_state.get("_upload_round", 0)
    return UPLOADER_KEY if n == 0 else f"{UPLOADER_KEY}_{n}"


def new_upload_widgets() -> None:
    st.session_state["_upload_round"] = st.session_state.get("_upload_round", 0) + 1


def shrink_section(upload: pipeline.Upload) -> bool:
    """A red warning naming each table the upload would cut by more than a fifth, with its
    rows now and after, and the tick box that allows it; True when nothing shrinks or the
    analyst ticked it."""
    if not upload.shrinks:
        return True
    lines = [t("upload.shrink", limit=guards.SHRINK_LIMIT_PERCENT)]
    for s in upload.shrinks:
        before, after = formatting.count(s.before), formatting.count(s.after)
        lines.append(
            "- " + tn("upload.shrink_table", s.before, table=s.table, before=before, after=after)
        )
    st.error("\n".join(lines), icon=":material/warning:")
    return st.checkbox(t("upload.allow_shrink"), key="upload_allow_shrink")


def decide_section(store: Store, upload: pipeline.Upload) -> None:
    """After the check: the no-op notice, or why the upload cannot load, or the set-aside
    choice; the preview (shown while there are errors too) and any table it would cut by more
    than a fifth; then as-at date and commit."""
    _require_upload()
    if upload.noop_version:
        st.info(t("upload.noop", version=upload.noop_version))
        return
    accept = False
    kinds = upload.refusal_kinds()
    if upload.file_level_errors:
        for kind in (k for k in kinds if k in WHOLE_UPLOAD):
            st.error(t(WHOLE_UPLOAD[kind]), icon=":material/error:")
        st.caption(t("upload.no_preview"))
    elif upload.carried_errors:  # setting rows aside cannot help: say what will
        st.error(t("upload.carried_errors"), icon=":material/error:")
    elif u.NO_VALID_CRIMES in kinds:  # nor when it would leave no crimes
        st.error(t("upload.no_valid_crimes"), icon=":material/error:")
    elif upload.report.has_errors:
        accept = st.checkbox(
            tn(
                "upload.set_aside",
                upload.invalid_rows,
                rows=formatting.count(upload.invalid_rows),
                files=", ".join(literal(f) for f in upload.invalid_files),
            ),
            key="upload_accept",
        )
    allow_shrink = False
    if not upload.file_level_errors:
        # With errors the only load possible sets the invalid rows aside: preview that one.
        preview_section(store, upload, accept_invalid=upload.report.has_errors)
        allow_shrink = shrink_section(upload)
    if not upload.can_commit(accept, allow_shrink):
        st.button(t("upload.commit"), type="primary", disabled=True, key="upload_commit_off")
        return
    # Only dates the upload can take: from the latest date it keeps (or the floor) to the day
    # it was checked against. Streamlit puts a date outside them back to the default.
    latest = upload.default_as_at()
    as_at = st.date_input(
        t("upload.as_at"),
        value=latest,
        min_value=latest or upload.bounds.floor,
        max_value=upload.bounds.ceiling,
        format="DD/MM/YYYY",
        key="upload_as_at",
    )
    # The default left as it is was not given: the version records the rule that chose it.
    commit_section(store, upload, None if as_at == latest else as_at, accept, allow_shrink)
