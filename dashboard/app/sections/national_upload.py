"""The national comparison page's upload: an analyst loads the Home Office open data tables
from the browser, through `dashboard.national.audited.load`, the path `flightdeck national
load` takes (the same checks, the same audit lines); this module only receives the files and
says what happened."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path, PurePath

import pandas as pd
import streamlit as st

from dashboard import formatting
from dashboard.access import audit, roles
from dashboard.app import components, session
from dashboard.app.sections.upload_steps import labelled, report_frame_of
from dashboard.i18n import t, tn
from dashboard.national import audited, loader
from dashboard.national.read import CSV_SUFFIXES, WORKBOOK_SUFFIXES
from dashboard.store.versions import StoreError

STAGES = ("read", "write", "done")
KEY = "national_files"
log = logging.getLogger("flightdeck")


def _key() -> str:
    """The file picker's key: a new one after each load, so the page starts empty again."""
    n = st.session_state.get("_national_round", 0)
    return KEY if n == 0 else f"{KEY}_{n}"


def section(store_root: str, expanded: bool) -> None:
    """The files, the load button, then what the load did or why it was refused."""
    roles.require(session.current(), "upload")
    if done := st.session_state.pop("_national_done", None):
        st.success(done, icon=":material/check_circle:")
    with st.expander(t("national.upload.heading"), expanded=expanded):
        st.markdown(t("national.upload.intro"))
        kinds = sorted({s.rsplit(".", 1)[-1] for s in CSV_SUFFIXES + WORKBOOK_SUFFIXES})
        files = st.file_uploader(
            t("national.upload.files"), type=kinds, accept_multiple_files=True, key=_key()
        )
        if st.button(t("national.upload.load"), disabled=not files, key="national_load"):
            load(store_root, files)


def load(store_root: str, files: list) -> None:
    """Load the files as a new national version, with progress; refusals in words."""
    roles.require(session.current(), "upload")
    folder = Path(tempfile.mkdtemp(prefix="flightdeck-national-"))
    try:
        paths = []
        for f in files:  # only the last part of each name: never a path of the browser's
            path = folder / PurePath(f.name).name
            path.write_bytes(f.getvalue())
            paths.append(path)
        with st.status(t("national.upload.loading"), expanded=True) as status:
            result = audited.load(
                store_root,
                paths,
                session.log(store_root),
                session.current(),
                session.session_id(),
                progress=components.stage_progress(status, STAGES, "national.upload.stage"),
            )
            status.update(label=t("national.upload.loaded_label"), state="complete")
    except loader.LoadRefused as exc:
        refused(exc)
        return
    except audit.AuditError as exc:  # the detail names the log's path: for the server log
        log.error("national data not loaded, audit log: %s", exc)
        st.error(t("audit.not_changed"), icon=":material/error:")
        return
    except StoreError as exc:
        log.error("national data not loaded: %s", exc)
        st.error(t("national.upload.store_error"), icon=":material/error:")
        return
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    st.session_state["_national_done"] = loaded(result)
    st.session_state["_national_round"] = st.session_state.get("_national_round", 0) + 1
    st.rerun()


def loaded(result: loader.LoadResult) -> str:
    """What a load did, in words: the version, the years it brought and the rows of each."""
    years = formatting.join_words(list(result.years))
    if result.noop:
        return t("national.upload.noop", years=years, version=result.version)
    rows = sum(int(f["rows"]) for f in result.files)
    text = tn(
        "national.upload.done",
        rows,
        version=result.version,
        years=years,
        rows=formatting.count(rows),
    )
    if result.replaced:
        text += " " + t(
            "national.upload.replaced", years=formatting.join_words(list(result.replaced))
        )
    return text


def refused(exc: loader.LoadRefused) -> None:
    """Why nothing was loaded: the count in words, then each problem (file, line, value, rule)."""
    n = exc.report.error_count
    st.error(tn("national.upload.refused", n, n=formatting.count(n)), icon=":material/error:")
    table: pd.DataFrame = report_frame_of(exc.report)
    st.dataframe(labelled(table), hide_index=True)
