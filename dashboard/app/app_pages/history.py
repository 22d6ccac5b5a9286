"""History: every version, a comparison of any two, and rollback with a confirmation step."""

import streamlit as st

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import common_tables, version_history
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.history"), view, state)
st.info(t("upload.for_analysts"), icon=":material/badge:")
components.table_block(
    common_tables.versions_table(view),
    "versions",
    view,
    state,
    expanded=True,
    title=t("data.versions_table"),
)
st.header(t("history.compare"))
version_history.compare_section(view)
st.header(t("history.rollback_heading"))
version_history.rollback_section(view.store_root, view.id)
