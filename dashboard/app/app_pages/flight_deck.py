"""Flight deck: its signals, one tile per metric, grouped, then the monthly trends as XmR charts
and the outcome mix, each folded (worked out and drawn only once opened: a change of period or
filter redraws no chart until a reader asks for one; the trends one at a time, in tabs), and
the board pack of the view (a PDF, made on request)."""

import streamlit as st

from dashboard.app import components, data_access, rule_state, tiles
from dashboard.app.context import context
from dashboard.app.sections import board_pack, common_charts, signals
from dashboard.i18n import t

# The monthly trends as XmR charts, outcomes first (as the tiles), then the volumes
TRENDS = (
    ("charge_rate",),
    ("victim_not_supporting_rate",),
    ("median_days_to_charge",),
    ("crimes_recorded", "rape_recorded", "other_sexual_recorded"),
    ("open_at_end",),
)

view, state = context()
components.page_heading(t("page.flight_deck"), view, state)

headers = data_access.headers("kpi")
rule = rule_state.current_rule()
figures = tiles.tile_figures(view.request(state.period, state.filters, rule), as_at=view.as_at)
components.attention(
    tiles.signals(figures), tiles.assurance_notes(figures), tiles.headline_rows(figures)
)
for group, keys in tiles.TILE_GROUPS.items():
    st.subheader(t(f"group.{group}"))
    if group == "disruption":
        st.caption(rule.describe(state.period.end))
    components.tile_rows(keys, headers, figures)

st.header(t("flight_deck.trends"))
st.caption(t("flight_deck.trends.note"))
with common_charts.folded(t("flight_deck.trends.open"), "fd-trends") as trends_box:
    if trends_box.open:
        signals.series_tabs(view, state, TRENDS, "fd-trend")

st.header(t("flight_deck.outcome_mix"))
with common_charts.folded(t("flight_deck.outcome_mix.open"), "fd-outcome-mix") as mix_box:
    if mix_box.open:
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

board_pack.section(view, state, rule)
