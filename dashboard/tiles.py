"""The flight deck's tiles: which metric goes in which group, and the figures each tile shows."""

from __future__ import annotations

from datetime import timedelta

from dashboard import data_access, formatting, periods
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
    "disruption": (
        "repeat_suspects",
        "rui_share",
        "breach_action_within_24h_rate",
        "orders_granted",
        "s63g_application_rate",
        "word_on_word_trained_rate",
    ),
}
NATIONAL_KEYS = ("charge_rate", "charge_rate_recorded_basis")
# Tiles whose monthly series is a column of another metric's trend file; None: no monthly file.
TREND_OF = {
    "rape_recorded": "crimes_recorded",
    "other_sexual_recorded": "crimes_recorded",
    "orders_granted": "orders_applied",
    "repeat_suspect_crimes": "repeat_suspects",
    "pre_charge_bail_at_end": "rui_share",
    "rui_at_end": "rui_share",
    "order_breaches": "bail_breaches",
    "median_hours_to_breach_action": None,
    "orders_active_at_end": None,
    "s63g_eligible": "s63g_applications",
    "s63g_granted": "s63g_applications",
    "breach_action_within_24h_rate": None,
    "s63g_application_rate": None,
}


def _metrics(view: DataVersion, period: periods.Period, state: ViewState, rule=None) -> dict:
    return data_access.flight_deck_metrics(
        view.store_root, view.id, period.start, period.end, state.filters, rule
    )


def sparkline_window(period: periods.Period) -> periods.Period:
    """The twelve calendar months up to the period's end (the last one may be a part month)."""
    year_before = periods.month(period.end.year - 1, period.end.month)
    return periods.Period(year_before.end + timedelta(days=1), period.end)


def _sparkline(view: DataVersion, state: ViewState, key: str, rule=None) -> tuple:
    """The metric's value in each of the twelve months, from its monthly trend file (for a
    scrutiny user protected together with the page's period: none when it cannot be)."""
    name = TREND_OF.get(key, key)
    if name is None:
        return ()
    window, p = sparkline_window(state.period), state.period
    series = data_access.trend(
        view.store_root,
        view.id,
        name,
        window.start,
        window.end,
        state.filters,
        rule,
        view=(p.start, p.end),
    )
    if key not in series.columns:
        return ()
    return tuple(None if formatting.is_missing(v) else v for v in series[key])


def tile_figures(
    view: DataVersion, state: ViewState, keys: tuple[str, ...] | None = None, rule=None
) -> dict[str, TileFigures]:
    """Each tile's value, comparisons and sparkline, through the cached query runs."""
    before, year_before = periods.previous_period(state.period), periods.year_earlier(state.period)
    current = _metrics(view, state.period, state, rule)
    previous = _metrics(view, before, state, rule)
    earlier = _metrics(view, year_before, state, rule)
    keys = keys or tuple(k for group in TILE_GROUPS.values() for k in group)
    return {
        k: TileFigures(
            current[k],
            previous[k],
            earlier[k],
            _sparkline(view, state, k, rule),
            _benchmark(view, state, k),
            previous_is_year_earlier=before == year_before,
        )
        for k in keys
    }


def _benchmark(view: DataVersion, state: ViewState, key: str) -> str | None:
    """The England and Wales figure beside a charge-rate tile, when it compares like with like:
    a whole financial year, national data for it loaded, and no filter the national data lacks."""
    f = state.filters
    if key not in NATIONAL_KEYS or f.local_authority or f.age_band or f.domestic_abuse:
        return None
    from dashboard.comparison_data import national_benchmark

    return national_benchmark(view.store_root, state.period, key, f.subgroup)
