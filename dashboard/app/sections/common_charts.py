"""Chart sections that pages compose: fetch the numbers, build the figure, summarise, render."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.app import charts, components, data_access, summaries
from dashboard.app.data_access import DataVersion
from dashboard.app.table_text import for_people
from dashboard.app.view_state import ViewState
from dashboard.i18n import t


def folded(label: str, key: str):
    """An expander whose content is worked out and drawn only while it is open (its `.open`):
    a chart in it costs a change of period or filter nothing until a reader opens it (issue 16:
    every Plotly chart is drawn whole again on each change, about a third of the flight deck's
    time in the browser). The language in the key, as the trend tabs': its label is in words."""
    return st.expander(label, key=f"{key}-{i18n.current_language()}", on_change="rerun")


def breakdown_data(view: DataVersion, state: ViewState, name: str) -> pd.DataFrame:
    return data_access.breakdown(view.request(state.period, state.filters), name)


def breakdown_section(
    view: DataVersion,
    state: ViewState,
    df: pd.DataFrame,
    category: str,
    value: str,
    title_key: str,
    name: str,
    unit: str = "count",
    columns: dict[str, str] | None = None,
    drop_zero: bool = False,
) -> None:
    """A bar chart of one breakdown, with summary, table and download; `drop_zero` leaves out
    rows whose value is 0 (a withheld value, shown as text, is kept)."""
    if drop_zero:
        df = df[pd.to_numeric(df[value], errors="coerce").fillna(-1) != 0]
    title = t(title_key)
    summary = summaries.breakdown_summary(df, category=category, value=value, unit=unit)
    fig = charts.bar_breakdown(
        df, category, value, title, t(f"unit.{unit}"), True, unit, alt=summary
    )
    table = for_people(df[list(columns)]).rename(columns=columns) if columns else for_people(df)
    components.chart_block(fig, table, summary, name, view, state)


BASES = {"closed_share": "basis.closed_short", "recorded_share": "basis.recorded_short"}


def bases_table(df: pd.DataFrame, with_code: bool = False) -> pd.DataFrame:
    """The outcome mix on both bases, columns named for people."""
    columns = (
        {"outcome_code": t("column.code"), "outcome_label": t("column.outcome")}
        if with_code
        else {}
    )
    columns |= {
        "outcome_group": t("column.outcome_group"),
        "closed_count": t("column.closed_count"),
        "closed_share": t("column.closed_share"),
        "recorded_count": t("column.recorded_count"),
        "recorded_share": t("column.recorded_share"),
    }
    return for_people(df[list(columns)]).rename(columns=columns)


def bases_section(view: DataVersion, state: ViewState) -> None:
    """Outcome groups side by side on the closed and the recorded basis."""
    df = breakdown_data(view, state, "outcome_mix_by_group")
    long = df.melt(
        id_vars=["outcome_group"], value_vars=list(BASES), var_name="basis", value_name="share"
    )
    long["basis"] = long["basis"].map({k: t(v) for k, v in BASES.items()})
    title = t("chart.outcome_mix_bases")
    summary = summaries.breakdown_summary(
        df,
        category="outcome_group",
        value="closed_count",
        unit="count",
        label=t("outcomes.summary_label"),
    )
    fig = charts.grouped_bars(
        long, "outcome_group", "basis", "share", title, t("unit.rate"), "rate", alt=summary
    )
    components.chart_block(fig, bases_table(df), summary, "outcome-mix-both-bases", view, state)
