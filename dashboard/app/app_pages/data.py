"""Data: which version is live (files, row counts, SHA-256, warnings) and every version."""

import streamlit as st

from dashboard.app import components, data_access
from dashboard.app.context import context
from dashboard.app.sections import common_tables
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.data"), view, state)

st.header(t("data.current", version=view.id))
st.markdown(common_tables.version_summary(view))
components.table_block(
    common_tables.files_table(view),
    "current-version-files",
    view,
    state,
    expanded=True,
    title=t("data.files"),
)
components.table_block(
    common_tables.tables_table(view),
    "current-version-tables",
    view,
    state,
    expanded=True,
    title=t("data.tables"),
)
if data_access.can("view_records"):
    warnings = common_tables.warnings_table(view)
    components.table_block(
        warnings,
        "current-version-warnings",
        view,
        state,
        expanded=False,
        title=t("data.warnings", count=len(warnings)),
    )
else:
    st.caption(common_tables.warnings_note(view))
st.header(t("data.versions"))
components.table_block(
    common_tables.versions_table(view),
    "versions",
    view,
    state,
    expanded=True,
    title=t("data.versions_table"),
)
