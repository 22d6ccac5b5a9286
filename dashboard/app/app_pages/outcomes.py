"""Outcomes: the mix by group and by code on both count bases, and the open caseload's age."""

import streamlit as st

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import common_charts
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.outcomes"), view, state)
st.markdown(t("outcomes.bases_note"))

common_charts.bases_section(view, state)

st.header(t("outcomes.by_code"))
by_code = common_charts.breakdown_data(view, state, "outcome_mix_by_code")
components.table_block(
    common_charts.bases_table(by_code, with_code=True),
    "outcomes-by-code",
    view,
    state,
    expanded=True,
    title=t("outcomes.by_code_table"),
)

st.header(t("outcomes.open_caseload"))
ages = common_charts.breakdown_data(view, state, "open_caseload_age")
common_charts.breakdown_section(
    view,
    state,
    ages,
    "age_band",
    "open_count",
    "chart.open_caseload_age",
    "open-caseload-age",
    columns={
        "age_band": t("column.time_since_recorded"),
        "open_count": t("column.open_crimes"),
        "open_share": t("column.share"),
    },
)
