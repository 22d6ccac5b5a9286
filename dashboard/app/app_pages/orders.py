"""Orders: applications and grants by type and month, active orders, expiries, breaches."""

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import disruption as disruption_sections
from dashboard.app.sections import signals
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.orders"), view, state)
disruption_sections.tile_grid(
    view, state, ("orders_applied", "orders_granted", "orders_active_at_end")
)
disruption_sections.orders_summary(view, state)
signals.series_section(
    view, state, ("orders_applied", "orders_granted"), heading=t("chart.orders_by_month")
)
by_type = disruption_sections.data(view, state, "breakdown", "orders_by_type")
disruption_sections.bar_chart(
    view,
    state,
    by_type,
    "order_type_name",
    "applied",
    "chart.orders_by_type",
    "orders-by-type",
    {
        "order_type": "column.code",
        "order_type_name": "column.order_type",
        "applied": "column.applied",
        "granted": "column.granted",
        "refused": "column.refused",
        "withdrawn": "column.withdrawn",
        "active_at_end": "column.active_at_end",
        "expiring_within_90_days": "column.expiring_90",
        "breaches_in_period": "column.breaches",
        "breaches_per_active_order": "column.breaches_per_active",
    },
)
