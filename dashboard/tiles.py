"""The flight deck's tiles: which metric goes in which group, and the figures each tile shows."""

from __future__ import annotations

from dashboard import data_access, periods
from dashboard.components import TileFigures
from dashboard.data_access import DataVersion
from dashboard.view_state import ViewState

TILE_GROUPS: dict[str, tuple[str, ...]] = {
    "volume": (
        "crimes_recorded",
        "rape_recorded",
        "other_sexual_recorded",
        "n100_reported",
        "open_at_end",
        "open_over_365_days",
    ),
    "outcomes": (
        "outcomes_assigned",
        "charged",
        "charge_rate",
        "charge_rate_recorded_basis",
        "victim_not_supporting_rate",
        "no_suspect_rate",
    ),
    "timeliness": ("median_days_to_charge", "median_days_to_outcome", "median_days_to_arrest"),
    "victims": ("isva_referral_rate", "non_recent_share"),
    "suspects": ("suspect_identified_rate", "arrest_rate"),
}
SPARKLINE_MONTHS = 12


def _metrics(view: DataVersion, period: periods.Period, state: ViewState) -> dict:
    return data_access.flight_deck_metrics(
        view.store_root, view.id, period.start, period.end, state.filters
    )


def sparkline_months(period: periods.Period) -> list[periods.Period]:
    """The twelve calendar months ending with the month in which the period ends."""
    last = periods.month(period.end.year, period.end.month)
    months = [last]
    for _ in range(SPARKLINE_MONTHS - 1):
        months.insert(0, periods.previous_period(months[0]))
    return months


def tile_figures(view: DataVersion, state: ViewState) -> dict[str, TileFigures]:
    """Every tile's value, comparisons and sparkline, through the cached metric runs."""
    current = _metrics(view, state.period, state)
    previous = _metrics(view, periods.previous_period(state.period), state)
    earlier = _metrics(view, periods.year_earlier(state.period), state)
    monthly = [_metrics(view, m, state) for m in sparkline_months(state.period)]
    keys = [k for group in TILE_GROUPS.values() for k in group]
    return {
        k: TileFigures(current[k], previous[k], earlier[k], tuple(m[k] for m in monthly))
        for k in keys
    }


def current_metrics(view: DataVersion, state: ViewState) -> dict:
    return _metrics(view, state.period, state)
