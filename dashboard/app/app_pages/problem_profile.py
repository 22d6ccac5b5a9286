"""Problem profile: who and what, for crimes recorded in the period, by area and year on year."""

import streamlit as st

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import common_charts
from dashboard.app.sections import profile as profile_sections
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.problem_profile"), view, state)
st.markdown(t("profile.intro"))

profile_sections.profile_tiles(view, state)
common_charts.breakdown_section(
    view,
    state,
    common_charts.breakdown_data(view, state, "offence_mix"),
    "offence_description",
    "recorded_count",
    "chart.offence_mix",
    "offence-mix",
    columns={
        "offence_code": t("column.code"),
        "offence_description": t("column.offence"),
        "offence_subgroup": t("column.subgroup"),
        "recorded_count": t("column.crimes"),
        "recorded_share": t("column.share"),
    },
)
profile_sections.victim_profile_section(view, state)
common_charts.breakdown_section(
    view,
    state,
    profile_sections.relationship_table(view, state),
    "relationship_label",
    "recorded_count",
    "chart.relationship_mix",
    "relationship-mix",
    columns={
        "relationship_label": t("column.relationship"),
        "recorded_count": t("column.crimes"),
        "recorded_share": t("column.share"),
    },
)
st.header(t("profile.by_area"))
components.table_block(
    profile_sections.area_table(view, state),
    "profile-by-local-authority",
    view,
    state,
    expanded=True,
    title=t("profile.by_area_table"),
)
