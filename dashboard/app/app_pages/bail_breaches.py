"""Bail and breaches: pre-charge bail against RUI, bail past its limits, breaches and action."""

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import disruption as disruption_sections
from dashboard.app.sections import signals
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.bail_breaches"), view, state)
disruption_sections.tile_grid(
    view,
    state,
    (
        "pre_charge_bail_at_end",
        "rui_at_end",
        "rui_share",
        "bail_breaches",
        "order_breaches",
        "breach_action_within_24h_rate",
        "median_hours_to_breach_action",
    ),
)
signals.series_section(
    view,
    state,
    ("pre_charge_bail_at_end", "rui_at_end", "rui_share"),
    heading=t("chart.bail_and_rui_by_month"),
)
limits = disruption_sections.data(view, state, "breakdown", "bail_over_limits")
disruption_sections.bar_chart(
    view,
    state,
    limits,
    "band",
    "bail_count",
    "chart.bail_over_limits",
    "bail-over-limits",
    {
        "band": "column.time_on_bail",
        "authority_needed": "column.authority_needed",
        "bail_count": "column.on_bail",
        "bail_share": "column.share",
    },
)
signals.series_section(
    view, state, ("bail_breaches", "order_breaches"), heading=t("chart.breaches_by_month")
)
disruption_sections.suspect_level_list(view, state, "breach_worklist", "bail.worklist")
