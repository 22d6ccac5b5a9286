"""Audit: who consulted or disclosed data, when and why (DPA 2018 Part 3 s62); for analysts."""

import streamlit as st

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import audit_trail
from dashboard.i18n import t

view, state = context()
components.page_heading(t("audit.page_title"), view, state)
st.markdown(t("audit.intro"))
audit_trail.chain_status(view)
events = audit_trail.filtered_events(view)
if events.empty:
    st.caption(t("audit.none"))
else:
    components.table_block(
        events, "audit-log", view, state, expanded=True, title=t("audit.page_title")
    )
