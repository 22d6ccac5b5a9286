"""XmR sections: a measure's months as a statistical process control chart over the 24 months to
the end of the page's period (the period shaded), the verdict on its latest month in words, the
numbers behind it, and their download. The Signal or noise page draws one for the measure
chosen; the flight deck and the suspects-and-disruption pages draw one for each of their monthly
trends (a trend of several measures offers a choice of which).

Each role sees it drawn from the figures it may see: for scrutiny the twelve months protected
together with the period (as its tiles' sparklines), rounded, a hidden month no point, so the
lines reveal nothing the months shown do not; twelve months are fewer than process limits need,
so scrutiny sees a run chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import formatting, i18n, periods
from dashboard.app import charts, components, data_access, summaries, tiles, url_params
from dashboard.app.data_access import DataVersion
from dashboard.app.markdown_text import literal
from dashboard.app.table_text import for_people
from dashboard.app.view_state import ViewState
from dashboard.figures import catalogue, maturity, spc, spc_metrics
from dashboard.i18n import t, tn

LINES = ("mean", "lower", "upper", "lower_2s", "upper_2s")


def chart_frame(made: spc_metrics.MetricChart) -> pd.DataFrame:
    """One row a point: month, value, the lines, its signal (kind, side, rules)."""
    rows = []
    for p, target in zip(made.chart.points, made.targets, strict=True):
        kind = spc.signal_kind(p, made.better)
        rows.append(
            {
                "month_start": p.month,
                "value": p.value,
                **{line: getattr(p, line) for line in LINES},
                "signal": kind,
                "side": p.signals[0][1] if p.signals else None,
                "rules": ", ".join(t(f"spc.rule.{r}") for r in p.rules),
                "rule_keys": tuple(p.rules),
                "target": target,
            }
        )
    columns = ["month_start", "value", *LINES, "signal", "side", "rules", "rule_keys", "target"]
    return pd.DataFrame(rows, columns=columns)


METRIC_PARAM = "metric"
_METRIC_KEY = "spc_metric"


def metric_choice() -> str:
    """The Signal or noise page's measure: from the link (`?metric=charge_rate`) when it names
    one with a chart (a notice when it names none), then the reader's choice; the link follows
    the choice, so a chart can be shared."""
    options = spc_metrics.charted()
    raw = st.query_params.get(METRIC_PARAM)
    if url_params.given(raw) and raw != st.session_state.get("_spc_metric_url"):
        found = url_params.code(raw, options)
        if found is None:
            st.warning(t("spc.bad_link"), icon=":material/link_off:")
        else:
            st.session_state[_METRIC_KEY] = found
    labels = {k: catalogue.label(k) for k in options}
    key = st.selectbox(
        t("spc.choose_metric"), options, format_func=labels.__getitem__, key=_METRIC_KEY
    )
    st.query_params[METRIC_PARAM] = key
    st.session_state["_spc_metric_url"] = key
    return key


def chosen(keys: Sequence[str], name: str) -> str:
    """The one of `keys` to chart: the reader's choice when there are several (a trend of
    several measures, such as rape and other sexual offences), else the one."""
    if len(keys) == 1:
        return keys[0]
    labels = {k: catalogue.label(k) for k in keys}  # in the language the page is drawn in
    return st.radio(
        t("spc.choose_series"),
        list(keys),
        format_func=labels.__getitem__,
        horizontal=True,
        # The language in the key: a change of language starts the choice again (the options'
        # labels are its words)
        key=f"spc-series-{name}-{i18n.current_language()}",
    )


def trend_tabs(trends: Sequence[Sequence[str]], key: str) -> Sequence:
    """One tab a trend, named for its (first) measure, of which only the open one is worked out
    and drawn (`tab.open`): a page of several trends draws one chart, not all of them, on each
    run (issue 16: a flight deck of six charts redrawn on every change of period or filter)."""
    labels = [catalogue.label(keys[0]) for keys in trends]
    # The language in the key: the tabs are named in the language the page is drawn in
    return st.tabs(labels, key=f"{key}-{i18n.current_language()}", on_change="rerun")


def series_tabs(
    view: DataVersion, state: ViewState, trends: Sequence[Sequence[str]], key: str
) -> None:
    """The trends in tabs (`trend_tabs`), the open tab's drawn by `series_section`."""
    for tab, keys in zip(trend_tabs(trends, key), trends, strict=True):
        if tab.open:
            with tab:
                series_section(view, state, keys)


def series_section(
    view: DataVersion,
    state: ViewState,
    keys: Sequence[str],
    *,
    heading: str | None = None,
    rule=None,
    marker: tuple[date, str] | None = None,
) -> None:
    """A page's monthly trend of `keys` as an XmR chart of one of them (see `chosen`), under
    `heading`; `rule` is the repeat-suspect rule its figures follow (said beneath the table),
    `marker` a dated line (a deadline) drawn where it falls within the months."""
    if heading:
        st.subheader(heading)
    signal_section(view, state, chosen(keys, keys[0]), rule=rule, marker=marker)


def signal_section(
    view: DataVersion,
    state: ViewState,
    key: str,
    *,
    rule=None,
    marker: tuple[date, str] | None = None,
) -> None:
    """The chart of `key`, or one sentence when this role may see none of its months."""
    if data_access.can("exact_figures"):
        window = chart_window(state.period)
    else:  # the months protected together with the period, as its tiles' sparklines
        window = tiles.sparkline_window(state.period)
        st.caption(t("spc.scrutiny_months"))
    request = view.request(window, state.filters, rule)
    series = data_access.trend(request, catalogue.trend_of(key), view=state.period)
    label = catalogue.label(key)
    if series.empty or key not in series.columns:
        st.info(t("spc.not_shown"))
        return
    hidden = summaries.hidden_count(series[key])
    if hidden and not data_access.can("exact_figures"):  # quarters, not a chart of gaps
        quarters_section(view, state, key, rule=rule, hidden=hidden, months=len(series))
        return
    made = spc_metrics.chart_of(series, key, **data_access.spc_inputs(request, key))
    df = chart_frame(made)
    immature = maturity.immature_from(key, view.as_at)
    judged = immature is None or window.end < immature
    summary = summaries.spc_summary(
        df, made, label=label, window=window, hidden=hidden, judged=judged
    )
    summary = " ".join([summary, *_inputs_sentences(made)])
    if not data_access.can("exact_figures") and judged:
        summary += " " + _unseen_verdict(view.request(state.period, state.filters, rule), key)
    if immature is not None and immature <= window.end:
        summary += " " + t("spc.immature", month=formatting.month_year(max(immature, window.start)))
    title = t("spc.chart_title", label=label, months=len(series))
    fig = charts.xmr_chart(
        df,
        title,
        label,
        made.unit,
        alt=summary,
        marked=(max(state.period.start, window.start), state.period.end),
        immature=immature,
        changes=made.changes,
    )
    if marker and window.start <= marker[0] <= window.end:
        # Each point is a month's figure drawn at the month's first day: the line marks the
        # month the date falls in (its label gives the date itself).
        charts.mark_date(fig, marker[0].replace(day=1), marker[1])
    columns = {
        "month_start": t("column.month"),
        "value": label,
        "mean": t("spc.line.mean"),
        "lower": t("spc.line.lower"),
        "upper": t("spc.line.upper"),
        "rules": t("column.spc_signals"),
    }
    if made.target is not None or any(v is not None for v in made.targets):
        columns["target"] = t("spc.line.target")
    # Every month of the series, a hidden one with its words ("fewer than 10") and no lines
    months = series[["month_start", key]].rename(columns={key: "value"})
    table = months.merge(df[list(columns)].drop(columns="value"), on="month_start", how="left")
    for column in ("value", "mean", "lower", "upper", "target"):  # as the chart and sentence say
        if column not in table:
            continue
        table[column] = [_shown(v, made.unit) for v in table[column].tolist()]
    table["rules"] = table["rules"].fillna("")
    table = for_people(table).rename(columns=columns)
    extra = (rule.describe(state.period.end),) if rule is not None else ()
    components.chart_block(fig, table, summary, f"spc-{key}", view, state, extra)


def quarters_section(
    view: DataVersion, state: ViewState, key: str, *, rule=None, hidden: int, months: int
) -> None:
    """For a role that would see some months hidden: the measure by quarter instead (the eight
    financial-year quarters to the period's end, each the quarter's own tile as this role sees
    it), with a sentence saying why and every quarter's figure in words; one sentence instead
    of a chart when every quarter is hidden too (`components.chart_block`)."""
    label = catalogue.label(key)
    unit = data_access.headers("kpi")[key]["unit"]
    request = view.request(state.period, state.filters, rule)
    frame = data_access.quarters(request, key)
    shown = [_shown(v, unit) for v in frame["value"].tolist()]
    st.caption(tn("spc.quarters_instead", hidden, hidden=hidden, months=months))
    values = "; ".join(f"{q}: {v}" for q, v in zip(frame["quarter"], shown, strict=True))
    summary = t("spc.quarters_summary", label=label, values=values)
    summary = " ".join([summary, _unseen_verdict(request, key)])
    title = t("spc.quarters_title", label=label, quarters=len(frame))
    fig = charts.bar_breakdown(
        frame, "quarter", "value", title, label, horizontal=False, y_format=unit, alt=summary
    )
    table = pd.DataFrame({t("column.quarter"): frame["quarter"], label: shown})
    extra = (rule.describe(state.period.end),) if rule is not None else ()
    components.chart_block(fig, table, summary, f"quarters-{key}", view, state, extra)


MAX_MONTHS = 36


def chart_window(period) -> periods.Period:
    """The months a page's XmR chart shows: the 24 to the period's end, or from the period's
    first month when it is longer (a custom period of up to three years), at most 36."""
    window = spc_metrics.window_to(period.end)
    if period.start >= window.start:
        return window
    earliest = periods.add_months(period.end, 1 - MAX_MONTHS)  # the 36th month back
    return periods.Period(max(period.start.replace(day=1), earliest), period.end)


def _unseen_verdict(request, key: str) -> str:
    """For scrutiny: the verdict worked out on the exact 24 months, where it may be given."""
    verdict = data_access.exact_verdict(request, key)
    if verdict is None:
        return t("spc.scrutiny_no_verdict")
    return t("spc.scrutiny_verdict", verdict=t(f"spc.variation.{verdict}"))


def _inputs_sentences(made: spc_metrics.MetricChart) -> list[str]:
    """The target and its assurance, and the process changes the limits start again from."""
    said = []
    if made.assurance:
        target = formatting.value(made.target, made.unit)
        said.append(t(f"tile.assurance.{made.assurance}", target=target))
    elif made.target is not None:
        said.append(t("spc.summary.target", target=formatting.value(made.target, made.unit)))
    if made.changes:
        changes = [
            t("spc.summary.change", month=formatting.month_year(day), note=literal(note))
            for day, note in made.changes
        ]
        said.append(t("spc.summary.changes", changes="; ".join(changes)))
    return said


def _shown(value: object, unit: str) -> str:
    """A figure as the chart and the sentence say it; words (a hidden figure) as they are."""
    if isinstance(value, str):
        return value
    return "" if formatting.is_missing(value) else formatting.value(value, unit)
