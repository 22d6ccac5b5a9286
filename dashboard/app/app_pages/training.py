"""Training: the share of RASSO staff trained on word-on-word investigations, by team."""

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import disruption as disruption_sections
from dashboard.app.sections import signals
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.training"), view, state)
disruption_sections.tile_grid(view, state, ("word_on_word_trained_rate",))
deadline = (disruption_sections.TRAINING_DEADLINE, t("training.deadline"))
signals.series_section(
    view,
    state,
    ("word_on_word_trained_rate",),
    heading=t("chart.trained_by_month"),
    marker=deadline,
)
teams = disruption_sections.data(view, state, "breakdown", "training_by_team")
disruption_sections.bar_chart(
    view,
    state,
    teams,
    "team",
    "trained_share",
    "chart.trained_by_team",
    "training-by-team",
    {
        "team": "column.team",
        "staff_in_scope": "column.in_scope",
        "trained": "column.trained",
        "trained_share": "column.share",
    },
    unit="rate",
)
