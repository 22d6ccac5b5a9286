"""Versions, while the current version cannot be read: which versions can be served, and a
rollback to one of them (the shell opens only this page then, and only for analysts)."""

import streamlit as st

from dashboard.app.context import unreadable_context
from dashboard.app.sections import version_history
from dashboard.i18n import t

store_root, broken = unreadable_context()
st.title(t("page.history"))
st.dataframe(version_history.readable_versions_table(store_root), hide_index=True)
st.header(t("history.rollback_heading"))
version_history.rollback_section(store_root, broken, readable_only=True)
