"""Flight deck: one tile per metric, grouped, then monthly trends and the outcome mix."""

import streamlit as st

from dashboard.app import components, data_access, rule_state, tiles
from dashboard.app.context import context
from dashboard.app.sections import common_charts
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.flight_deck"), view, state)

headers = data_access.headers("kpi")
rule = rule_state.current_rule()
figures = tiles.tile_figures(view.request(state.period, state.filters, rule))
components.attention(tiles.signals(figures))
for group, keys in tiles.TILE_GROUPS.items():
    st.subheader(t(f"group.{group}"))
    if group == "disruption":
        st.caption(rule.describe(state.period.end))
    components.tile_rows(keys, headers, figures)

st.header(t("flight_deck.trends"))
common_charts.trend_section(
    view,
    state,
    "crimes_recorded",
    ["rape_recorded", "other_sexual_recorded"],
    "count",
    "chart.crimes_recorded_by_month",
)
common_charts.trend_section(
    view, state, "charge_rate", ["charge_rate"], "rate", "chart.charge_rate_by_month"
)
common_charts.trend_section(
    view,
    state,
    "victim_not_supporting_rate",
    ["victim_not_supporting_rate"],
    "rate",
    "chart.victim_not_supporting_by_month",
)
common_charts.trend_section(
    view,
    state,
    "median_days_to_charge",
    ["median_days_to_charge"],
    "days",
    "chart.median_days_to_charge_by_month",
)
common_charts.trend_section(
    view, state, "open_at_end", ["open_at_end"], "count", "chart.open_at_month_end"
)

st.header(t("flight_deck.outcome_mix"))
mix = common_charts.breakdown_data(view, state, "outcome_mix_by_group")
common_charts.breakdown_section(
    view,
    state,
    mix,
    "outcome_group",
    "closed_count",
    "chart.outcome_mix",
    "outcome-mix",
    columns={
        "outcome_group": t("column.outcome_group"),
        "closed_count": t("column.outcomes"),
        "closed_share": t("column.share"),
    },
    drop_zero=True,
)
