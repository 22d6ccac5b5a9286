"""Upload: check an extract, see what it would change, commit it (the `flightdeck ingest` path)."""

import streamlit as st

from dashboard.app import components, data_access
from dashboard.app.context import context
from dashboard.app.sections import upload_steps
from dashboard.app.widget_labels import worded
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.upload"), view, state)
st.info(t("upload.for_analysts"), icon=":material/badge:")
if done := st.session_state.pop("_upload_done", None):
    st.success(t("upload.live", version=done), icon=":material/check_circle:")

st.markdown(t("upload.intro", size=upload_steps.max_upload_mb()))
files = st.file_uploader(
    t("upload.files"),
    type=["csv", "gz", "zip"],
    accept_multiple_files=True,
    key=upload_steps.uploader_key(),
)
mode = st.radio(
    t("upload.mode"),
    ("replace", "upsert"),
    horizontal=True,
    key="upload_mode",
    format_func=worded(("replace", "upsert"), lambda m: t(f"upload.mode.{m}")),
)
if files:
    store = data_access.store()
    upload = upload_steps.prepared(store, files, mode)
    upload_steps.report_section(upload, view, state)
    upload_steps.decide_section(store, upload)
