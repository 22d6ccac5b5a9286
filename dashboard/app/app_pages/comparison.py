"""National comparison: the force beside England and Wales and its peers, from Home Office data."""

import streamlit as st

from dashboard.app import data_access, national_data
from dashboard.app.context import context
from dashboard.app.sections import comparison as sections
from dashboard.app.sections import comparison_choices as choices
from dashboard.app.sections import national_upload
from dashboard.i18n import t

view, state = context()
national = national_data.national_version(view.store_root)
sections.heading(national)
if national is None:
    sections.notices(state)
    sections.no_data(view)
    if data_access.can("upload"):  # an analyst loads the tables here, as `national load` does
        national_upload.section(view.store_root, expanded=True)
else:
    top = st.container()
    selection = choices.controls(national)
    with top:
        sections.notices(state, selection)
    sections.headline(national, selection)
    st.header(t("comparison.ranking"))
    sections.ranking_section(national, selection)
    st.header(t("comparison.trend"))
    sections.trend_section(national, selection)
    st.header(t("comparison.figures"))
    sections.figures_section(national, selection)
    st.header(t("comparison.about"))
    sections.notes_section()
    st.header(t("comparison.provenance"))
    sections.provenance_section(national)
    if data_access.can("upload"):
        national_upload.section(view.store_root, expanded=False)
