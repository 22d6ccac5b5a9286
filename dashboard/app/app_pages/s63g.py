"""s63G PACE: suspects not charged whose DNA and fingerprints could be kept, and applications."""

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import disruption as disruption_sections
from dashboard.app.sections import signals
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.s63g"), view, state)
disruption_sections.tile_grid(
    view, state, ("s63g_eligible", "s63g_applications", "s63g_application_rate", "s63g_granted")
)
signals.series_section(
    view,
    state,
    ("s63g_applications", "s63g_granted", "s63g_eligible"),
    heading=t("chart.s63g_by_month"),
)
decisions = disruption_sections.data(view, state, "breakdown", "s63g_decisions")
disruption_sections.bar_chart(
    view,
    state,
    decisions,
    "decision",
    "eligible_count",
    "chart.s63g_decisions",
    "s63g-decisions",
    {
        "decision": "column.decision",
        "eligible_count": "column.eligible",
        "eligible_share": "column.share",
    },
)
disruption_sections.suspect_level_list(view, state, "s63g_outstanding", "s63g.outstanding")
