"""The sidebar: period selector and filters, kept in step with the URL so a link reproduces a view.

On a new URL (first load, pasted link) the widgets are seeded from the validated URL values;
after that the widgets lead and the URL follows them.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import formatting, periods
from dashboard.app.view_state import (
    DEFAULT_PRESET,
    FILTER_PARAMS,
    FIRST_YEAR,
    ViewState,
    custom_bounds,
    from_params,
    presets,
    to_params,
)
from dashboard.app.widget_labels import worded
from dashboard.filters import AGE_BANDS, DOMESTIC_ABUSE, SUBGROUPS, Filters, local_authority_codes
from dashboard.i18n import current_language, t

# The URL parameters the sidebar owns; a page may keep parameters of its own beside them.
SIDEBAR_PARAMS = ("period", "month", "fy", "q", "year", "from", "to", *FILTER_PARAMS)


def _period_seeds(p: periods.Period) -> dict[str, object]:
    """The value each period widget takes to show a time within `p`."""
    return {
        _key("month"): date(p.start.year, p.start.month, 1),
        _key("fy"): periods.fy_start_year(p.start),
        _key("q"): (p.start.month - periods.FY_START_MONTH) % 12 // 3 + 1,
        _key("year"): p.start.year,
        _key("range"): (p.start, p.end),
    }


def _key(name: str) -> str:
    """A sidebar widget's key, one set per language: the browser keeps a keyed selectbox's
    shown label while its key stays, so after a language switch the same key would go on
    showing English ("Financial year", "All"); new keys draw the widgets afresh in the new
    language, seeded with the view they showed."""
    return f"w_{name}@{current_language()}"


def _seed(state: ViewState) -> None:
    """Put a view into the widgets' session state."""
    ss = st.session_state
    ss[_key("preset")] = state.preset
    ss.update(_period_seeds(state.period))
    for name in ("local_authority", "subgroup", "age_band", "domestic_abuse"):
        ss[_key(name)] = getattr(state.filters, name) or ALL


ALL = "all"  # the "no filter" choice (a selectbox cannot preselect None)


def _la_name(code: str) -> str:
    if code == ALL:
        return t("filter.all")
    return formatting.local_authority_name(code)


def _option_label(prefix: str):
    return lambda v: t("filter.all") if v == ALL else t(f"{prefix}.{v}")


def _period_widgets(as_at: date, allow_custom: bool) -> tuple[str, periods.Period]:
    options = presets(allow_custom)
    preset = st.selectbox(
        t("sidebar.period_type"),
        options,
        key=_key("preset"),
        format_func=worded(options, lambda p: t(f"preset.{p}")),
    )
    years = list(range(as_at.year, FIRST_YEAR - 1, -1))
    fy_years = [y for y in years if y <= periods.fy_start_year(as_at)]
    if preset == "month":
        months = [date(y, m, 1) for y in years for m in range(12, 0, -1) if date(y, m, 1) <= as_at]
        chosen = st.selectbox(
            t("sidebar.month"),
            months,
            key=_key("month"),
            format_func=worded(months, formatting.month_year),
        )
        return preset, periods.month(chosen.year, chosen.month)
    if preset in ("financial_year", "fy_quarter"):
        fy = st.selectbox(
            t("sidebar.financial_year"),
            fy_years,
            key=_key("fy"),
            format_func=worded(fy_years, periods.financial_year_label),
        )
        if preset == "financial_year":
            return preset, periods.financial_year(fy)
        q = st.selectbox(
            t("sidebar.quarter"),
            (1, 2, 3, 4),
            key=_key("q"),
            format_func=worded((1, 2, 3, 4), lambda n: t(f"quarter.{n}")),
        )
        return preset, periods.fy_quarter(fy, q)
    if preset == "calendar_year":
        year = st.selectbox(t("sidebar.year"), years, key=_key("year"))
        return preset, periods.calendar_year(year)
    if preset == "rolling_12_months":
        period = periods.rolling_12_months(as_at)
        st.caption(formatting.period_label(period))
        return preset, period
    low, high = custom_bounds(as_at)
    chosen = st.date_input(
        t("sidebar.dates"), key=_key("range"), format="DD/MM/YYYY", min_value=low, max_value=high
    )
    if isinstance(chosen, tuple) and len(chosen) == 2:
        return preset, periods.custom(*chosen)
    st.caption(t("sidebar.pick_end_date"))
    start = chosen[0] if isinstance(chosen, tuple) and chosen else as_at
    return preset, periods.custom(start, start)


def _filter_widgets() -> Filters:
    st.subheader(t("sidebar.filters"))
    choices = (
        ("local_authority", local_authority_codes(), _la_name),
        ("subgroup", SUBGROUPS, _option_label("subgroup")),
        ("age_band", AGE_BANDS, _option_label("age_band")),
        ("domestic_abuse", DOMESTIC_ABUSE, _option_label("domestic_abuse")),
    )
    chosen = [
        st.selectbox(
            t(f"filter.{name}"),
            (ALL, *values),
            key=_key(name),
            format_func=worded((ALL, *values), label),
        )
        for name, values, label in choices
    ]
    if any(v != ALL for v in chosen):
        keys = [_key(name) for name, *_ in choices]
        st.button(t("sidebar.clear_filters"), on_click=_clear, args=(keys,), key=_key("clear"))
    return Filters(*(None if v == ALL else v for v in chosen))


def _clear(keys: list[str]) -> None:
    """Every filter back to all (a button's callback: before the widgets are drawn again)."""
    for key in keys:
        st.session_state[key] = ALL


def view_from_sidebar(as_at: date, allow_custom: bool = True) -> ViewState:
    """Render the sidebar controls and return the validated view; keep the URL in step.
    `allow_custom`: whether custom dates are on offer (not for suppressed figures)."""
    url = {k: st.query_params[k] for k in st.query_params if k in SIDEBAR_PARAMS}
    known = st.session_state.get("_view_url")
    # A new link (or the first load) seeds the widgets; moving between pages, which drops the
    # query string, keeps them.
    if known is None or (url and url != known):
        state = from_params(url, as_at, allow_custom)
        _seed(state)
        st.session_state["_view_notices"] = state.notices
    elif _key("preset") not in st.session_state and "_view_last" in st.session_state:
        _seed(st.session_state["_view_last"])  # the language changed: same view, new widgets
    elif (shown := st.session_state.get("_view_period")) is not None:
        # Streamlit forgets a widget's value when a run does not draw it: a period widget that
        # comes back (switching period type) starts from the time last shown, not its default.
        for key, value in _period_seeds(shown).items():
            st.session_state.setdefault(key, value)
    if st.session_state.get(_key("preset")) not in presets(allow_custom):
        st.session_state[_key("preset")] = DEFAULT_PRESET  # e.g. custom, for a role without it
    with st.sidebar:
        st.header(t("sidebar.period"))
        preset, period = _period_widgets(as_at, allow_custom)
        filters = _filter_widgets()
    state = ViewState(preset, period, filters)
    params = to_params(state)
    if params != url:
        for key in url.keys() - params.keys():
            del st.query_params[key]
        st.query_params.update(params)
    st.session_state["_view_url"] = params
    st.session_state["_view_period"] = period
    st.session_state["_view_last"] = state
    return ViewState(preset, period, filters, st.session_state.pop("_view_notices", ()))
