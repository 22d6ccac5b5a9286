"""What a page shows (period and filters), read from and written to the URL, validated first.

A copied link reproduces the view: `?period=fy_quarter&fy=2024&q=2&la=W06000022`. A value that
is not valid falls back to the default with a notice, never an error: each value is read by
its kind's parser in url_params.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from dashboard import formatting, periods
from dashboard.app import url_params
from dashboard.app.markdown_text import LINK_CHARS, literal
from dashboard.filters import AGE_BANDS, DOMESTIC_ABUSE, SUBGROUPS, Filters
from dashboard.i18n import t

DEFAULT_PRESET = "financial_year"
FIRST_YEAR = 2010  # the earliest year the period selector offers
FILTER_PARAMS = {
    "la": "local_authority",
    "subgroup": "subgroup",
    "age": "age_band",
    "da": "domestic_abuse",
}
# URL parameter -> its parser (url_params.py): the filter's value, or None when not valid
FILTER_PARSERS = {
    "la": url_params.local_authority,
    "subgroup": lambda raw: url_params.code(raw, SUBGROUPS),
    "age": lambda raw: url_params.code(raw, AGE_BANDS),
    "da": lambda raw: url_params.code(raw, DOMESTIC_ABUSE),
}
PERIOD_PARAMS = ("month", "fy", "q", "year", "from", "to")


@dataclass(frozen=True)
class ViewState:
    """The period (with the preset that chose it) and the filters of a page."""

    preset: str
    period: periods.Period
    filters: Filters
    notices: tuple[str, ...] = field(default=(), compare=False)


def _period(preset: str, params: Mapping[str, object], as_at: date) -> periods.Period | None:
    """The period a preset's URL values name; None when they are missing or invalid."""
    first_day = custom_bounds(as_at)[0]
    if preset == "month":
        start = url_params.month(params.get("month"), first_day, as_at)
        return periods.month(start.year, start.month) if start else None
    if preset in ("financial_year", "fy_quarter"):
        fy = url_params.fy_start(params.get("fy"), FIRST_YEAR, periods.fy_start_year(as_at))
        if fy is None:
            return None
        if preset == "financial_year":
            return periods.financial_year(fy)
        quarter = url_params.quarter(params.get("q"))
        return periods.fy_quarter(fy, quarter) if quarter else None
    if preset == "calendar_year":
        year = url_params.year(params.get("year"), FIRST_YEAR, as_at.year)
        return periods.calendar_year(year) if year else None
    if preset == "rolling_12_months":
        return periods.rolling_12_months(as_at)
    # Custom dates within the selector's years and the data: this also bounds the work a link asks
    start = url_params.iso_date(params.get("from"), first_day, as_at)
    end = url_params.iso_date(params.get("to"), first_day, as_at)
    if start is None or end is None or start > end:
        return None
    return periods.custom(start, end)


def custom_bounds(as_at: date) -> tuple[date, date]:
    """The earliest and latest day a custom period may cover: the selector's first year to the
    data's as-at date."""
    return date(FIRST_YEAR, 1, 1), as_at


def _filters(params: Mapping[str, object], notices: list[str]) -> Filters:
    """Each filter from the URL on its own, so one bad value does not drop the others; a blank
    value is no filter."""
    kept: dict[str, str | None] = {}
    for param, name in FILTER_PARAMS.items():
        raw = params.get(param)
        kept[name] = FILTER_PARSERS[param](raw) if url_params.given(raw) else None
        if kept[name] is None and url_params.given(raw):
            notices.append(
                t("state.bad_filter", name=param, value=literal(url_params.last(raw), LINK_CHARS))
            )
    return Filters(**kept)


def presets(allow_custom: bool = True) -> tuple[str, ...]:
    """The period types on offer: custom dates only for roles that see exact figures."""
    return periods.PRESETS if allow_custom else tuple(p for p in periods.PRESETS if p != "custom")


def from_params(params: Mapping[str, object], as_at: date, allow_custom: bool = True) -> ViewState:
    """The view a URL asks for, each invalid part replaced by its default with a notice. Values
    are as Streamlit gives them (strings; a list for a repeated parameter: the last counts)."""
    notices: list[str] = []
    raw = params.get("period")
    preset = DEFAULT_PRESET if raw is None else url_params.code(raw, periods.PRESETS)
    if preset == "custom" and not allow_custom:
        notices.append(t("state.custom_not_allowed"))
        params = {k: v for k, v in params.items() if k not in ("from", "to")}
        preset = DEFAULT_PRESET
    elif preset is None:
        notices.append(t("state.bad_preset", value=literal(url_params.last(raw), LINK_CHARS)))
        preset = DEFAULT_PRESET
    period = _period(preset, params, as_at)
    if period is None:
        if preset == "custom" or any(k in params for k in PERIOD_PARAMS):
            notices.append(t("state.bad_period"))
        preset = preset if preset != "custom" else DEFAULT_PRESET
        period = periods.latest_complete(preset, as_at)
    return ViewState(preset, period, _filters(params, notices), tuple(notices))


def to_params(state: ViewState) -> dict[str, str]:
    """The URL query parameters that reproduce a view (defaults left out)."""
    out: dict[str, str] = {"period": state.preset}
    p = state.period
    if state.preset == "month":
        out["month"] = f"{p.start.year:04d}-{p.start.month:02d}"
    elif state.preset in ("financial_year", "fy_quarter"):
        out["fy"] = str(periods.fy_start_year(p.start))
        if state.preset == "fy_quarter":
            out["q"] = str((p.start.month - periods.FY_START_MONTH) % 12 // 3 + 1)
    elif state.preset == "calendar_year":
        out["year"] = str(p.start.year)
    elif state.preset == "custom":
        out["from"], out["to"] = p.start.isoformat(), p.end.isoformat()
    for param, name in FILTER_PARAMS.items():
        value = getattr(state.filters, name)
        if value is not None:
            out[param] = value
    return out


def filter_words(filters: Filters) -> str:
    """The active filters in words, in the order of the sidebar ("Newport, rape only, victims
    under 16"); "all of Gwent" when there are none. A figure, a download and its file name
    carry these, so a copy of any of them says which view it is."""
    parts = []
    if filters.local_authority is not None:
        la = filters.local_authority
        parts.append(
            t("view.la_unknown") if la == "unknown" else formatting.local_authority_name(la)
        )
    for name in ("subgroup", "age_band", "domestic_abuse"):
        value = getattr(filters, name)
        if value is not None:
            parts.append(t(f"view.{name}.{value}"))
    return ", ".join(parts) if parts else t("view.no_filters")


def view_words(state: ViewState) -> str:
    """The period and the filters: "April 2024 to March 2025 · Newport, rape only"."""
    return t(
        "view.words",
        period=formatting.period_label(state.period),
        filters=filter_words(state.filters),
    )
