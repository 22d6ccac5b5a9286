"""The flight deck's tile layout and sparkline window."""

from datetime import date
from pathlib import Path

from dashboard import periods
from dashboard.app.tiles import TILE_GROUPS, sparkline_window
from dashboard.figures import catalogue, metrics, queries


def test_every_flight_deck_metric_has_one_tile():
    keys = [k for group in TILE_GROUPS.values() for k in group]
    assert len(keys) == len(set(keys))
    # outcomes_by_group is an object: it is the outcome-mix chart under the tiles. The §3
    # group holds the six tiles issue 4 names.
    disruption = {
        "repeat_suspects",
        "rui_share",
        "breach_action_within_24h_rate",
        "orders_granted",
        "s63g_application_rate",
        "word_on_word_trained_rate",
    }
    assert set(TILE_GROUPS["disruption"]) == disruption
    assert set(keys) - disruption == set(metrics.KPI_KEYS) - {"outcomes_by_group"}


def test_the_catalogue_in_the_kpi_headers_is_whole():
    assert catalogue.problems() == []


def test_every_metric_series_reads_a_trend_file_with_its_column():
    trends = {q.name: q for q in queries.queries_of_kind("trend")}
    for key in (q.name for q in queries.queries_of_kind("kpi")):
        name = catalogue.trend_of(key)
        if name is None:  # no monthly file for this metric: the tile has no sparkline
            continue
        assert name in trends and key in trends[name].sql, (key, name)


def test_sparkline_window_is_the_twelve_months_to_the_period_end():
    # Financial year 2024/25: April 2024 to March 2025, twelve whole months.
    window = sparkline_window(periods.financial_year(2024))
    assert window == periods.Period(date(2024, 4, 1), date(2025, 3, 31))
    assert len(periods.month_starts(window)) == 12
    # A custom period ending mid-month: the last month is the part up to the period's end.
    window = sparkline_window(periods.Period(date(2024, 5, 3), date(2024, 5, 20)))
    assert window == periods.Period(date(2023, 6, 1), date(2024, 5, 20))
    assert len(periods.month_starts(window)) == 12


def test_charge_rate_tiles_show_england_and_wales_on_the_same_basis(tmp_path):
    from dashboard.app.data_access import DataVersion
    from dashboard.app.tiles import _benchmark
    from dashboard.filters import Filters
    from dashboard.national import loader

    fixture = Path(__file__).parent / "fixtures" / "national" / "outcomes-2017-18-snake.csv"
    loader.load(tmp_path, [fixture])
    view = DataVersion(str(tmp_path), "v0001", date(2018, 3, 31), {})
    year = view.request(periods.financial_year(2017), Filters())
    closed = _benchmark(year, "charge_rate")
    recorded = _benchmark(year, "charge_rate_recorded_basis")
    assert closed and "2017/18" in closed and "closed basis" in closed
    assert recorded and "recorded basis" in recorded
    # Not like with like: another metric, a filter national data lacks, not a financial year.
    assert _benchmark(year, "crimes_recorded") is None
    local = view.request(periods.financial_year(2017), Filters("W06000022"))
    assert _benchmark(local, "charge_rate") is None
    quarter = view.request(periods.fy_quarter(2017, 1), Filters())
    assert _benchmark(quarter, "charge_rate") is None
