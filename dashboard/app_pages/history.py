"""History: every version, a comparison of any two, and rollback with a confirmation step."""

import streamlit as st

from dashboard import components, history_flow, page_tables
from dashboard.app_context import context
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.history"), view, state)
st.info(t("upload.for_analysts"), icon=":material/badge:")
components.table_block(
    page_tables.versions_table(view),
    "versions",
    view,
    state,
    expanded=True,
    title=t("data.versions_table"),
)
st.header(t("history.compare"))
history_flow.compare_section(view)
st.header(t("history.rollback_heading"))
history_flow.rollback_section(view)
