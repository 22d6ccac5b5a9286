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

from dashboard import formatting, i18n
from dashboard.app import charts, components, data_access, summaries, tiles
from dashboard.app.data_access import DataVersion
from dashboard.app.table_text import for_people
from dashboard.app.view_state import ViewState
from dashboard.figures import catalogue, spc, spc_metrics
from dashboard.i18n import t

LINES = ("mean", "lower", "upper", "lower_2s", "upper_2s")


def chart_frame(made: spc_metrics.MetricChart) -> pd.DataFrame:
    """One row a point: month, value, the lines, its signal (kind, side, rules)."""
    rows = []
    for p in made.chart.points:
        kind = spc.signal_kind(p, made.better)
        rows.append(
            {
                "month_start": p.month,
                "value": p.value,
                **{line: getattr(p, line) for line in LINES},
                "signal": kind,
                "side": p.signals[0][1] if p.signals else None,
                "rules": ", ".join(t(f"spc.rule.{r}") for r in p.rules),
            }
        )
    return pd.DataFrame(rows, columns=["month_start", "value", *LINES, "signal", "side", "rules"])


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
        window = spc_metrics.window_to(state.period.end)
    else:  # the months protected together with the period, as its tiles' sparklines
        window = tiles.sparkline_window(state.period)
        st.caption(t("spc.scrutiny_months"))
    request = view.request(window, state.filters, rule)
    series = data_access.trend(request, catalogue.trend_of(key), view=state.period)
    label = catalogue.label(key)
    if series.empty or key not in series.columns:
        st.info(t("spc.not_shown"))
        return
    made = spc_metrics.chart_of(series, key)
    df = chart_frame(made)
    hidden = summaries.hidden_count(series[key])
    summary = summaries.spc_summary(df, made, label=label, window=window, hidden=hidden)
    title = t("spc.chart_title", label=label, months=len(series))
    fig = charts.xmr_chart(
        df,
        title,
        label,
        made.unit,
        alt=summary,
        marked=(max(state.period.start, window.start), state.period.end),
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
    # Every month of the series, a hidden one with its words ("fewer than 10") and no lines
    months = series[["month_start", key]].rename(columns={key: "value"})
    table = months.merge(df[list(columns)].drop(columns="value"), on="month_start", how="left")
    for column in ("value", "mean", "lower", "upper"):  # as the chart and the sentence say them
        table[column] = [_shown(v, made.unit) for v in table[column].tolist()]
    table["rules"] = table["rules"].fillna("")
    table = for_people(table).rename(columns=columns)
    extra = (rule.describe(state.period.end),) if rule is not None else ()
    components.chart_block(fig, table, summary, f"spc-{key}", view, state, extra)


def _shown(value: object, unit: str) -> str:
    """A figure as the chart and the sentence say it; words (a hidden figure) as they are."""
    if isinstance(value, str):
        return value
    return "" if formatting.is_missing(value) else formatting.value(value, unit)
