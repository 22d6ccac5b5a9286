"""The flight deck's tiles: which metric goes in which group, and the figures each tile shows."""

from __future__ import annotations

from datetime import timedelta

from dashboard import formatting, periods
from dashboard.app import data_access
from dashboard.app.components import TileFigures
from dashboard.app.data_access import DataVersion
from dashboard.app.view_state import ViewState
from dashboard.figures import catalogue

# group -> keys, from the kpi headers (`tile: <group> <place>`; figures.catalogue).
TILE_GROUPS = catalogue.tile_groups()
NATIONAL_KEYS = catalogue.national()


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
    name = catalogue.trend_of(key)
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
    from dashboard.app.national_data import national_benchmark

    return national_benchmark(view.store_root, state.period, key, f.subgroup)
