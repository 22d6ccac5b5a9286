"""What a page shows (period and filters), read from and written to the URL, validated first.

A copied link reproduces the view: `?period=fy_quarter&fy=2024&q=2&la=W06000022`. A value that
is not valid falls back to the default with a notice, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from dashboard import periods
from dashboard.app.link_text import literal
from dashboard.filters import Filters
from dashboard.i18n import t

DEFAULT_PRESET = "financial_year"
FIRST_YEAR = 2010  # the earliest year the period selector offers
FILTER_PARAMS = {
    "la": "local_authority",
    "subgroup": "subgroup",
    "age": "age_band",
    "da": "domestic_abuse",
}


@dataclass(frozen=True)
class ViewState:
    """The period (with the preset that chose it) and the filters of a page."""

    preset: str
    period: periods.Period
    filters: Filters
    notices: tuple[str, ...] = field(default=(), compare=False)


def _int(text: str | None, low: int, high: int) -> int | None:
    if text is None or not text.strip().isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def _period(preset: str, params: Mapping[str, str], as_at: date) -> periods.Period | None:
    """The period a preset's URL values name; None when they are missing or invalid."""
    year_range = (FIRST_YEAR, as_at.year)
    if preset == "month":
        parts = params.get("month", "").split("-")
        if len(parts) == 2:
            year, month = _int(parts[0], *year_range), _int(parts[1], 1, 12)
            if year and month and date(year, month, 1) <= as_at:
                return periods.month(year, month)
        return None
    if preset in ("financial_year", "fy_quarter"):
        fy = _int(params.get("fy"), FIRST_YEAR, periods.fy_start_year(as_at))
        if fy is None:
            return None
        if preset == "financial_year":
            return periods.financial_year(fy)
        quarter = _int(params.get("q"), 1, 4)
        return periods.fy_quarter(fy, quarter) if quarter else None
    if preset == "calendar_year":
        year = _int(params.get("year"), *year_range)
        return periods.calendar_year(year) if year else None
    if preset == "rolling_12_months":
        return periods.rolling_12_months(as_at)
    try:
        start, end = date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
    except (KeyError, ValueError, TypeError):
        return None
    if not custom_bounds(as_at)[0] <= start <= end <= as_at:  # also bounds the work a link asks
        return None
    return periods.custom(start, end)


def custom_bounds(as_at: date) -> tuple[date, date]:
    """The earliest and latest day a custom period may cover: the selector's first year to the
    data's as-at date."""
    return date(FIRST_YEAR, 1, 1), as_at


def _filters(params: Mapping[str, str], notices: list[str]) -> Filters:
    """Each filter from the URL on its own, so one bad value does not drop the others."""
    kept: dict[str, str | None] = {}
    for param, name in FILTER_PARAMS.items():
        value = params.get(param)
        try:
            kept[name] = getattr(Filters.from_user(**{name: value}), name)
        except ValueError:
            notices.append(t("state.bad_filter", name=param, value=literal(value)))
            kept[name] = None
    return Filters(**kept)


def presets(allow_custom: bool = True) -> tuple[str, ...]:
    """The period types on offer: custom dates only for roles that see exact figures."""
    return periods.PRESETS if allow_custom else tuple(p for p in periods.PRESETS if p != "custom")


def from_params(params: Mapping[str, str], as_at: date, allow_custom: bool = True) -> ViewState:
    """The view a URL asks for, each invalid part replaced by its default with a notice."""
    notices: list[str] = []
    preset = params.get("period", DEFAULT_PRESET)
    if preset == "custom" and not allow_custom:
        notices.append(t("state.custom_not_allowed"))
        params = {k: v for k, v in params.items() if k not in ("from", "to")}
        preset = DEFAULT_PRESET
    elif preset not in periods.PRESETS:
        notices.append(t("state.bad_preset", value=literal(preset)))
        preset = DEFAULT_PRESET
    period = _period(preset, params, as_at)
    has_values = any(k in params for k in ("month", "fy", "q", "year", "from", "to"))
    if period is None:
        if has_values or preset == "custom":
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
