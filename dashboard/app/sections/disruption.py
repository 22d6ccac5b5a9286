"""Sections of the suspects-and-disruption pages: tiles, trends, breakdowns, suspect-level lists.

Suspect-level lists are shown only to roles allowed them, after the user gives a purpose, and
every showing is written to the audit log with that purpose.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import formatting
from dashboard.app import charts, components, data_access, session, summaries, tiles
from dashboard.app.data_access import DataVersion
from dashboard.app.table_text import for_people
from dashboard.app.view_state import ViewState
from dashboard.i18n import t
from dashboard.shown import orders_summary as orders_words

TRAINING_DEADLINE = date(2025, 1, 31)  # HMICFRS 2024, recommendation 3
LIST_SHOWN = 1000
# suspect_actions column -> its label key
ACTION_COLUMNS = {
    "action": "column.action",
    "crimes_with_suspect": "column.crimes_with_suspect",
    "crimes": "column.crimes_with_action",
    "share": "column.share",
    "median_days": "column.median_days_to_action",
}


def tile_grid(view: DataVersion, state: ViewState, keys: tuple[str, ...], rule=None) -> None:
    """A row of tiles (three to a line), as on the flight deck."""
    headers = data_access.headers("kpi")
    request = view.request(state.period, state.filters, rule)
    figures = tiles.tile_figures(request, keys, view.as_at)
    components.tile_rows(keys, headers, figures)


def data(
    view: DataVersion,
    state: ViewState,
    kind: str,
    name: str,
    rule=None,
    capability: str = "view_aggregates",
) -> pd.DataFrame:
    request = view.request(state.period, state.filters, rule)
    if kind == "trend":
        return data_access.trend(request, name)
    return data_access.breakdown(request, name, capability)


def bar_chart(
    view: DataVersion,
    state: ViewState,
    df: pd.DataFrame,
    category: str,
    value: str,
    title_key: str,
    name: str,
    columns: dict[str, str],
    unit: str = "count",
    rule=None,
) -> None:
    """Bars of one breakdown, with summary, table and download."""
    summary = summaries.breakdown_summary(df, category=category, value=value, unit=unit)
    fig = charts.bar_breakdown(
        df, category, value, t(title_key), t(f"unit.{unit}"), True, unit, alt=summary
    )
    table = for_people(df[list(columns)]).rename(columns={k: t(v) for k, v in columns.items()})
    extra = (rule.describe(state.period.end),) if rule is not None else ()
    components.chart_block(fig, table, summary, name, view, state, extra)


def suspect_level_list(
    view: DataVersion, state: ViewState, name: str, title_key: str, rule=None
) -> None:
    """A list of suspect-level rows: for leaders and analysts, after a recorded purpose."""
    st.subheader(t(title_key))
    if not data_access.can("view_suspect_level"):
        st.caption(t("disruption.list_not_for_role"))
        return
    shown_key = f"_purpose_{name}"
    with st.form(f"purpose-{name}"):
        st.markdown(t("access.purpose_prompt"))
        purpose = st.text_input(t("access.purpose_label"), key=f"purpose_text_{name}")
        if st.form_submit_button(t("access.purpose_show")):
            if purpose.strip():
                st.session_state[shown_key] = purpose.strip()
            else:
                st.warning(t("access.purpose_needed"))
    if shown_key not in st.session_state:
        return
    rows = data(view, state, "breakdown", name, rule, capability="view_suspect_level")
    seen = (name, state.period, state.filters, rule, view.id)
    if st.session_state.get(f"_logged_{name}") != seen:
        session.log(view.store_root).suspect_level_view(
            session.current(),
            session.session_id(),
            what=name,
            purpose=st.session_state[shown_key],
            rows=len(rows),
            page=st.session_state.get("_page") or "",
            version=view.id,
        )
        st.session_state[f"_logged_{name}"] = seen
    st.caption(t("disruption.list_rows", rows=len(rows)))
    extra = (rule.describe(state.period.end),) if rule is not None else ()
    if len(rows) > LIST_SHOWN:  # the whole list is in the download
        st.caption(t("disruption.list_first", shown=LIST_SHOWN))
    table = list_table(rows)
    st.dataframe(table.head(LIST_SHOWN), hide_index=True)
    components.download(
        table, name, view, state, extra_lines=extra, capability="view_suspect_level"
    )


def list_table(rows: pd.DataFrame) -> pd.DataFrame:
    """A suspect-level list for people: every column named (`list.column.<name>`), codes in
    words (`list.value.<column>.<code>`), dates day first, hours to one decimal place."""
    shown = rows.copy()
    for column in shown.columns:
        if column in LIST_CODES:
            shown[column] = shown[column].map(lambda v, c=column: _code_words(c, v))
        elif column.endswith("_date"):
            shown[column] = shown[column].map(formatting.date_numeric)
        elif column.endswith("_at"):
            shown[column] = shown[column].map(formatting.datetime_numeric)
        elif column.startswith("hours_"):
            shown[column] = shown[column].round(1)
    return shown.rename(columns=lambda column: t(f"list.column.{column}"))


LIST_CODES = ("breach_of", "action")


def _code_words(column: str, value: object) -> str:
    code = "not_yet" if formatting.is_missing(value) else str(value)
    return t(f"list.value.{column}.{code}")


def suspect_actions(view: DataVersion, state: ViewState) -> None:
    """Arrest and voluntary-interview shares and times: a sentence, the table and its download."""
    df = data(view, state, "breakdown", "suspect_actions")
    df = df.assign(action=df["action"].map(lambda a: t(f"suspects.action.{a.replace(' ', '_')}")))
    if len(df) and df["share"].map(lambda v: isinstance(v, str)).all():  # withheld: not "no data"
        summary = t("suspects.actions_withheld")
    else:
        label = t("suspects.actions_label")
        summary = summaries.breakdown_summary(
            df, category="action", value="share", unit="rate", label=label
        )
    st.markdown(summary)
    table = for_people(df[list(ACTION_COLUMNS)])
    table = table.rename(columns={k: t(v) for k, v in ACTION_COLUMNS.items()})
    components.table_block(table, "suspect-actions", view, state, title=t("suspects.actions"))


def orders_summary(view: DataVersion, state: ViewState) -> None:
    """Refusals, withdrawals, orders expiring in the next 90 days and breaches per order in
    force, as a sentence and a table, with the expiry window stated."""
    row = data(view, state, "breakdown", "orders_summary").iloc[0]
    words = orders_words.words(row, state.period)
    st.subheader(t("orders.summary_title"))
    st.markdown(t("orders.summary", **words, **orders_words.shown(row)))
    lines = orders_words.lines(row, state.period)
    table = pd.DataFrame(
        {
            t("orders.column.figure"): [label for label, _ in lines],
            t("orders.column.value"): [text for _, text in lines],
        }
    )
    components.table_block(table, "orders-summary", view, state, title=t("orders.summary_table"))
    st.caption(t("orders.expiry_window", **words))
