"""What a board pack holds, gathered through the one figures pipeline (`dashboard.shown`): each
measure with its value, its change on the previous period and its SPC verdict, each charted
measure's months, the definitions and the data-quality note. Nothing here computes a figure or
protects one: a scrutiny pack holds exactly what the scrutiny role's pages show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from dashboard import disclosure, formatting, periods
from dashboard.figures import catalogue, maturity, queries, spc, spc_metrics
from dashboard.figures.request import Request
from dashboard.i18n import t, t_or
from dashboard.shown import Pipeline

NOT_MATURE = "not_mature"
OTHER_GROUP = "other"  # measures of `flightdeck metrics` that have no tile


@dataclass(frozen=True)
class Measure:
    """One measure as the pack shows it: every text already worded for the reader."""

    key: str
    label: str
    value: str
    previous: str
    change: str
    verdict: str
    parts: tuple[tuple[str, str], ...] = ()  # a count per group (outcomes by group)


@dataclass(frozen=True)
class Series:
    """A charted measure's months as the role sees them (numbers, or words for a hidden one)."""

    key: str
    label: str
    unit: str
    months: tuple[date, ...]
    values: tuple[object, ...]


@dataclass(frozen=True)
class Pack:
    """Everything a pack shows, in the reader's language."""

    request: Request
    as_at: date
    role: str
    groups: tuple[tuple[str, tuple[Measure, ...]], ...]
    series: tuple[Series, ...]
    definitions: tuple[tuple[str, str], ...]
    quality: tuple[str, ...] = field(default=())
    tables: tuple = ()  # the suspects and disruption pages' tables (`report.tables.Table`)
    comparison: object = None  # the national comparison (`report.national.Comparison`)


def months_shown(period: periods.Period) -> periods.Period:
    """The twelve calendar months to the period's end, as a tile's sparkline shows them."""
    year_before = periods.month(period.end.year - 1, period.end.month)
    return periods.Period(year_before.end + timedelta(days=1), period.end)


def gather(pipeline: Pipeline, request: Request, as_at: date, role: str, manifest: Mapping) -> Pack:
    """The pack of `request` as `pipeline.who()` may see it (`manifest`: its version's)."""
    before = request.at(periods.previous_period(request.period))
    now, then = pipeline.metric_values(request), pipeline.metric_values(before)
    ranges = pipeline.changes(request, before)  # empty for a role with exact figures
    exact = pipeline.who().exact
    groups = {name: keys for name, keys in catalogue.tile_groups().items()}
    on_tiles = {k for keys in groups.values() for k in keys}
    groups[OTHER_GROUP] = tuple(k for k in now if k not in on_tiles)
    shown: list[tuple[str, tuple[Measure, ...]]] = []
    charted: list[Series] = []
    for group, keys in groups.items():
        measures = []
        for key in keys:
            series = _series(pipeline, request, key) if key in on_tiles else None
            verdict = _verdict(pipeline, request, key, as_at, exact)
            change = _change(now[key], then[key], ranges.get(key), key, exact)
            measures.append(_measure(key, now[key], then[key], change, verdict))
            if series is not None:
                charted.append(series)
        shown.append((group, tuple(measures)))
    keys = tuple(k for _, keys in groups.items() for k in keys)
    notes = quality(request, as_at, keys, exact, manifest)
    return Pack(request, as_at, role, tuple(shown), tuple(charted), definitions(keys), notes)


def _unit(key: str) -> str:
    return queries.get_query("kpi", key).unit


def text(value: object, unit: str) -> str:
    """A figure in words: a number formatted for its unit, or the words that hide it."""
    if isinstance(value, str):
        return value
    return formatting.value(value, unit)


def _measure(key: str, value: object, previous: object, change: str, verdict: str) -> Measure:
    unit = _unit(key)
    parts: tuple[tuple[str, str], ...] = ()
    if isinstance(value, Mapping):
        parts = tuple(
            (str(formatting.reference_word(k)), text(n, "count")) for k, n in value.items()
        )
        shown = t("report.measure.parts", count=len(parts))
        return Measure(key, catalogue.label(key), shown, "", "", verdict, parts)
    return Measure(
        key, catalogue.label(key), text(value, unit), text(previous, unit), change, verdict
    )


def _change(now: object, then: object, scrutiny: object, key: str, exact: bool) -> str:
    """Which way the figure moved on the previous period: from the exact figures for a role
    with them, else the range the rounded figures allow (`disclosure.change_words`)."""
    if isinstance(now, Mapping):
        return ""
    if not exact:
        return t("report.change.none") if scrutiny is None else disclosure.change_words(scrutiny)
    if isinstance(now, str) or isinstance(then, str):
        return t("fmt.missing")
    return formatting.delta(now, then, _unit(key))


def _verdict(pipeline: Pipeline, request: Request, key: str, as_at: date, exact: bool) -> str:
    """The SPC verdict on the latest month, worded as on the tile; none for a measure with no
    monthly series, or whose latest months have not matured."""
    name = catalogue.trend_of(key)
    if name is None:
        return t("report.verdict.none")
    immature = maturity.immature_from(key, as_at)
    if immature is not None and request.period.end >= immature:
        return t(f"tile.spc.{NOT_MATURE}")
    if exact:
        window = request.at(spc_metrics.window_to(request.period.end))
        frame = pipeline.trend(window, name)
        verdict = None
        if key in frame.columns:
            made = spc_metrics.chart_of(frame, key, **pipeline.spc_inputs(request, key))
            verdict = spc.variation(made.chart, made.better)
    else:
        verdict = pipeline.exact_verdict(request, key)
    return t(f"tile.spc.{verdict}") if verdict else t("report.verdict.none")


def _series(pipeline: Pipeline, request: Request, key: str) -> Series | None:
    """The measure's twelve months to the period's end, protected with the period for a role
    without exact figures (as a tile's sparkline is); None without a monthly series."""
    name = catalogue.trend_of(key)
    if name is None:
        return None
    frame = pipeline.trend(request.at(months_shown(request.period)), name, view=request.period)
    if key not in frame.columns or frame.empty:
        return None
    months = tuple(pd.Timestamp(m).date() for m in frame["month_start"])
    values = tuple(None if formatting.is_missing(v) else v for v in frame[key])
    return Series(key, catalogue.label(key), _unit(key), months, values)


def definitions(keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each measure's label and definition, from its query's header (in Welsh from the
    catalogue where it has one)."""
    return tuple(
        (
            catalogue.label(k),
            t_or(f"metric.{k}.definition", queries.get_query("kpi", k).header["definition"]),
        )
        for k in keys
    )


def quality(
    request: Request, as_at: date, keys: tuple[str, ...], exact: bool, manifest: Mapping
) -> tuple[str, ...]:
    """The data-quality note: how far the period lies within the data, which measures' latest
    months have not matured, what the load of this version reported (for a role with exact
    figures: its warnings and rows set aside are counts of records) and, for scrutiny, how the
    figures are protected."""
    p = request.period
    notes = [t("report.quality.as_at", as_at=formatting.date_long(as_at))]
    if p.end > as_at:
        notes.append(t("report.quality.past_as_at", as_at=formatting.date_long(as_at)))
    young = [
        catalogue.label(k)
        for k in keys
        if (day := maturity.immature_from(k, as_at)) is not None and p.end >= day
    ]
    if young:
        notes.append(t("report.quality.not_mature", measures=formatting.join_words(young)))
    if exact:
        notes.append(
            t(
                "report.quality.load",
                warnings=formatting.count(int(manifest.get("warning_count", 0))),
                set_aside=formatting.count(int(manifest.get("quarantined", 0))),
            )
        )
    else:
        notes.append(disclosure.summary())
    if manifest.get("synthetic"):
        notes.append(t("report.quality.synthetic"))
    return tuple(notes)
