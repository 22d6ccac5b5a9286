"""Suspects: repeat suspects under a stated rule, how suspects are dealt with, and the list."""

import streamlit as st

from dashboard.app import components, rule_state
from dashboard.app.context import context
from dashboard.app.sections import disruption as disruption_sections
from dashboard.app.sections import signals
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.suspects"), view, state)
rule = rule_state.rule_controls()
st.info(rule.describe(state.period.end), icon=":material/rule:")
disruption_sections.tile_grid(
    view,
    state,
    (
        "repeat_suspects",
        "repeat_suspect_crimes",
        "suspect_identified_rate",
        "arrest_rate",
        "median_days_to_arrest",
    ),
    rule,
)
signals.series_section(
    view,
    state,
    ("repeat_suspects", "repeat_suspect_crimes"),
    heading=t("chart.repeat_suspects_by_month"),
    rule=rule,
)
per_suspect = disruption_sections.data(view, state, "breakdown", "crimes_per_suspect", rule)
disruption_sections.bar_chart(
    view,
    state,
    per_suspect,
    "crimes",
    "suspects",
    "chart.crimes_per_suspect",
    "crimes-per-suspect",
    {"crimes": "column.crimes_linked", "suspects": "column.suspects"},
    rule=rule,
)
disruption_sections.suspect_actions(view, state)
disruption_sections.suspect_level_list(
    view, state, "repeat_suspect_list", "suspects.repeat_list", rule
)
