"""Definitions: every metric as its SQL file defines it, and the extract contract for analysts."""

import streamlit as st

from dashboard import components, contract_doc, page_tables
from dashboard.app_context import context
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.definitions"), view, state)
st.markdown(t("definitions.intro"))
st.header(t("definitions.metrics"))
for group, entries in page_tables.definitions_by_group():
    st.subheader(group)
    components.definition_list(entries)
components.table_block(
    page_tables.definitions_table("kpi"),
    "metric-definitions",
    view,
    state,
    expanded=False,
    title=t("definitions.metrics_table"),
)
components.table_block(
    page_tables.definitions_table("trend"),
    "trend-definitions",
    view,
    state,
    expanded=False,
    title=t("definitions.trends"),
)
components.table_block(
    page_tables.definitions_table("breakdown"),
    "breakdown-definitions",
    view,
    state,
    expanded=False,
    title=t("definitions.breakdowns"),
)
st.header(t("definitions.contract"))
with st.expander(t("definitions.contract_open")):
    st.markdown(contract_doc.render_embedded())
