"""The flight deck's tiles: their groups (from the kpi headers) and the figures each tile shows:
the period's value, the previous period's, a year earlier's, a sparkline and a benchmark."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard import formatting, periods
from dashboard.app import data_access, national_data
from dashboard.app.components import TileFigures
from dashboard.figures import catalogue, maturity, spc, spc_metrics
from dashboard.figures.request import Request
from dashboard.i18n import t

# group -> keys, from the kpi headers (`tile: <group> <place>`; figures.catalogue).
TILE_GROUPS = catalogue.tile_groups()
NATIONAL_KEYS = catalogue.national()


def sparkline_window(period: periods.Period) -> periods.Period:
    """The twelve calendar months up to the period's end (the last one may be a part month)."""
    year_before = periods.month(period.end.year - 1, period.end.month)
    return periods.Period(year_before.end + timedelta(days=1), period.end)


def _months(
    request: Request, key: str, as_at: date | None = None
) -> tuple[tuple, spc_metrics.MetricChart | None, str | None]:
    """The metric's twelve months for the sparkline, its XmR chart (with its target and
    assurance) and the SPC verdict on its latest month.

    Leaders and analysts: one run of its monthly trend over the 24 months to the period's end
    (`figures.spc_metrics`), whose last twelve are the sparkline. Scrutiny: the twelve months
    protected together with the page's period (none when they cannot be), no chart, and the
    verdict on the exact 24 months only where no month of them holds a small count
    (`data_access.exact_verdict`). A measure whose latest month has not matured by the as-at
    date (`figures.maturity`) is not judged at all: "not_mature"."""
    name = catalogue.trend_of(key)
    if name is None:
        return (), None, None
    if data_access.can("exact_figures"):
        series = data_access.trend(request.at(spc_metrics.window_to(request.period.end)), name)
        if key not in series.columns:
            return (), None, None
        made = spc_metrics.chart_of(series, key, **data_access.spc_inputs(request, key))
        verdict = spc.variation(made.chart, made.better)
        series = series.tail(12)
    else:
        window = request.at(sparkline_window(request.period))
        series = data_access.trend(window, name, view=request.period)
        if key not in series.columns:
            return (), None, None
        made, verdict = None, data_access.exact_verdict(request, key)
    immature = maturity.immature_from(key, as_at) if as_at else None
    if immature is not None and request.period.end >= immature:
        verdict = NOT_MATURE  # its latest months are low because their crimes are still open
    return tuple(None if formatting.is_missing(v) else v for v in series[key]), made, verdict


def tile_figures(
    request: Request, keys: tuple[str, ...] | None = None, as_at: date | None = None
) -> dict[str, TileFigures]:
    """Each tile's value, comparisons and sparkline, through the cached figures; `as_at`, the
    version's as-at date, tells which measures' latest months have not matured."""
    before = periods.previous_period(request.period)
    year_before = periods.year_earlier(request.period)
    current = data_access.metric_values(request)
    previous = data_access.metric_values(request.at(before))
    earlier = data_access.metric_values(request.at(year_before))
    keys = keys or tuple(k for group in TILE_GROUPS.values() for k in group)
    months = sparkline_window(request.period)
    # Scrutiny: changes from the rounded figures alone, as ranges (`disclosure.changes`)
    change = data_access.changes(request, request.at(before))
    year_change = data_access.changes(request, request.at(year_before))
    figures = {}
    for k in keys:
        sparkline, made, verdict = _months(request, k, as_at)
        figures[k] = TileFigures(
            current[k],
            previous[k],
            earlier[k],
            sparkline,
            _benchmark(request, k),
            previous_is_year_earlier=before == year_before,
            sparkline_months=months,
            variation=verdict,
            assurance=None if made is None else made.assurance,
            chart=made,
            change=change.get(k),
            year_change=year_change.get(k),
        )
    return figures


def _benchmark(request: Request, key: str) -> str | None:
    """The England and Wales figure beside a charge-rate tile, when it compares like with like:
    a whole financial year, national data for it loaded, and no filter the national data lacks."""
    f = request.filters
    if key not in NATIONAL_KEYS or f.local_authority or f.age_band or f.domestic_abuse:
        return None
    return national_data.national_benchmark(request.store_root, request.period, key, f.subgroup)


NOT_MATURE = "not_mature"  # a verdict not given: the measure's latest months have not matured
SIGNAL_ORDER = ("special_cause_concerning", "special_cause_improving", "special_cause_neither")


def signals(figures: dict[str, TileFigures]) -> dict[str, tuple[str, ...]] | None:
    """The tiles whose latest month is part of a signal, by kind (concerning first), in tile
    order; None when no tile has a verdict (scrutiny: too few months for process limits)."""
    judged = {k: f.variation for k, f in figures.items() if f.variation is not None}
    if not judged:
        return None
    return {kind: tuple(k for k, v in judged.items() if v == kind) for kind in SIGNAL_ORDER}


# The measures of the matrix at the top of the flight deck: outcomes, timeliness, then volume
HEADLINE = (
    "charge_rate",
    "victim_not_supporting_rate",
    "median_days_to_charge",
    "open_over_365_days",
    "crimes_recorded",
    "rape_recorded",
)


def headline_rows(figures: dict[str, TileFigures]) -> list[dict[str, object]]:
    """The headline measures' latest month as the matrix says it: value, mean, process limits,
    target, variation and assurance in words (a measure with no chart for this role: none)."""
    rows = []
    for key in HEADLINE:
        made = figures[key].chart if key in figures else None
        if made is None or not made.chart.points:
            continue
        last = made.chart.points[-1]
        unit = made.unit

        def shown(v: float | None, unit: str = unit) -> str:
            return "" if formatting.is_missing(v) else formatting.value(v, unit)

        limits = (
            t("matrix.limits", lower=shown(last.lower), upper=shown(last.upper))
            if last.upper is not None
            else t("matrix.no_limits")
        )
        verdict = figures[key].variation
        rows.append(
            {
                "measure": catalogue.label(key),
                "month": last.month,  # a date: the matrix names the latest in its title
                "value": shown(last.value),
                "mean": shown(last.mean),
                "limits": limits,
                "target": shown(made.target) if made.target is not None else t("matrix.no_target"),
                "variation": t(f"matrix.variation.{verdict}") if verdict else "",
                "assurance": t(f"matrix.assurance.{made.assurance}")
                if made.assurance
                else t("matrix.assurance.none"),
            }
        )
    return rows


def assurance_notes(figures: dict[str, TileFigures]) -> dict[str, tuple[str, ...]]:
    """The tiles whose target is consistently failed, or consistently passed, in tile order."""
    return {
        verdict: tuple(k for k, f in figures.items() if f.assurance == verdict)
        for verdict in ("consistently_failing", "consistently_passing")
    }
