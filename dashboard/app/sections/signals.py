"""The Signal or noise page's section: a metric's XmR chart over the 24 months to the end of the
page's period (the period shaded), the verdict on its latest month in words, the numbers behind
it, and their download. Each role sees it drawn from the figures it may see: for scrutiny the
twelve months protected together with the period (as its tiles' sparklines), rounded, a hidden
month no point, so the lines reveal nothing the months shown do not; twelve months are fewer
than process limits need, so scrutiny sees a run chart."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import formatting
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


def signal_section(view: DataVersion, state: ViewState, key: str) -> None:
    """The chart of `key`, or one sentence when this role may see none of its months."""
    if data_access.can("exact_figures"):
        window = spc_metrics.window_to(state.period.end)
    else:  # the months protected together with the period, as its tiles' sparklines
        window = tiles.sparkline_window(state.period)
        st.caption(t("spc.scrutiny_months"))
    request = view.request(window, state.filters)
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
    columns = {
        "month_start": t("column.month"),
        "value": label,
        "mean": t("spc.line.mean"),
        "lower": t("spc.line.lower"),
        "upper": t("spc.line.upper"),
        "rules": t("column.spc_signals"),
    }
    table = df[list(columns)].copy()
    for column in ("value", "mean", "lower", "upper"):  # as the chart and the sentence say them
        table[column] = [_shown(v, made.unit) for v in table[column].tolist()]
    table = for_people(table).rename(columns=columns)
    components.chart_block(fig, table, summary, f"spc-{key}", view, state)


def _shown(value: float | None, unit: str) -> str:
    return "" if formatting.is_missing(value) else formatting.value(value, unit)
