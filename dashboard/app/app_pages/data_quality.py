"""Data quality: completeness by month, consistency checks, and the rows set aside at upload."""

import streamlit as st

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import quality as quality_sections
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.data_quality"), view, state)
st.header(t("quality.completeness"))
quality_sections.completeness_section(view, state)
st.header(t("quality.checks"))
quality_sections.checks_section(view, state)
st.header(t("quality.quarantine"))
quality_sections.quarantine_section(view, state)
