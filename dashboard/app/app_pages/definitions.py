"""Definitions: every metric as its SQL file defines it, and the extract contract for analysts."""

import streamlit as st

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import common_tables
from dashboard.i18n import t
from dashboard.ingest import contract_doc

view, state = context()
components.page_heading(t("page.definitions"), view, state)
st.markdown(t("definitions.intro"))
st.header(t("definitions.metrics"))
for group, entries in common_tables.definitions_by_group():
    st.subheader(group)
    components.definition_list(entries)
components.table_block(
    common_tables.definitions_table("kpi"),
    "metric-definitions",
    view,
    state,
    expanded=False,
    title=t("definitions.metrics_table"),
)
components.table_block(
    common_tables.definitions_table("trend"),
    "trend-definitions",
    view,
    state,
    expanded=False,
    title=t("definitions.trends"),
)
components.table_block(
    common_tables.definitions_table("breakdown"),
    "breakdown-definitions",
    view,
    state,
    expanded=False,
    title=t("definitions.breakdowns"),
)
st.header(t("definitions.contract"))
with st.expander(t("definitions.contract_open")):
    st.markdown(contract_doc.render_embedded())
