"""Data-quality page sections: completeness by month, consistency checks, set-aside rows.

Every figure comes from a query (completeness) or a data function (checks) already protected
for the scrutiny role; these sections only choose the words for what they are given."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import disclosure, formatting
from dashboard.app import charts, components, data_access, records_access
from dashboard.app.data_access import DataVersion
from dashboard.app.sections.common_charts import breakdown_data
from dashboard.app.table_text import as_figures, for_people
from dashboard.app.view_state import ViewState
from dashboard.figures.data_quality import CHECK
from dashboard.filters import NO_FILTERS
from dashboard.i18n import t, t_or, tn

TABLE_COLUMNS = {
    "month_start": "column.month",
    "field": "quality.field",
    "filled": "quality.filled",
    "missing": "quality.missing",
    "total": "quality.rows_in_month",
    "complete_share": "quality.complete_share",
}


def completeness_section(view: DataVersion, state: ViewState) -> None:
    """A heat map of how complete each optional column is, month by month, and its table."""
    df = breakdown_data(view, state, "completeness_by_month").copy()
    df["field"] = df["table_name"] + "." + df["column_name"]
    title = t("quality.completeness_title")
    summary = least_complete(view, state)
    st.caption(t("quality.months_basis"))
    if state.filters != NO_FILTERS and disclosure_applies("completeness_by_month"):
        st.caption(t("quality.completeness_force_wide"))
    # The chart's cells as numbers: a share held as text would be drawn as its raw digits
    shares = df.assign(complete_share=as_figures(df["complete_share"]))
    fig = charts.heatmap(shares, "month_start", "field", "complete_share", title, alt=summary)
    table = for_people(df[list(TABLE_COLUMNS)])
    table = table.rename(columns={k: t(v) for k, v in TABLE_COLUMNS.items()})
    components.chart_block(fig, table, summary, "completeness-by-month", view, state)


def disclosure_applies(name: str) -> bool:
    """Whether this role sees the table for the whole force, whatever the filters."""
    return not data_access.can("exact_figures") and disclosure.force_wide("breakdown", name)


def least_complete(view: DataVersion, state: ViewState) -> str:
    """The column least often filled in over the whole period, in one sentence (from
    `completeness_by_column`, least complete first); without figures when they are withheld."""
    df = breakdown_data(view, state, "completeness_by_column")
    if df.empty or pd.isna(df["complete_share"].iat[0]):
        return t("summaries.no_data")
    top = df.iloc[0]
    field = f"{top['table_name']}.{top['column_name']}"
    if any(isinstance(top[c], str) for c in ("filled", "total", "complete_share")):
        return t("quality.least_complete_named", field=field)
    return t(
        "quality.least_complete",
        field=field,
        share=formatting.rate(top["complete_share"]),
        filled=formatting.count(top["filled"]),
        total=formatting.count(top["total"]),
    )


def checks_section(view: DataVersion, state: ViewState) -> None:
    """Each consistency check: how many rows break it, what it means, the first rows."""
    results = records_access.quality_checks(view.store_root, view.id)
    if data_access.can("exact_figures"):
        failing = sum(1 for r in results if r.count)
        st.markdown(tn("quality.checks_summary", failing, failing=failing, total=len(results)))
    else:  # a count below the threshold is "fewer than 10": whether it is 0 is not shown
        failing = sum(1 for r in results if not isinstance(r.count, str) and r.count)
        threshold = formatting.count(disclosure.configured_threshold())
        st.markdown(
            tn(
                "quality.checks_summary_suppressed",
                failing,
                failing=failing,
                total=len(results),
                threshold=threshold,
            )
        )
    for r in results:
        label = t_or(f"{CHECK}.{r.name}.label", r.label)
        mark = "•" if isinstance(r.count, str) else "✓" if r.passed else "✗"
        with st.expander(
            tn(
                "quality.check_heading",
                r.count,
                mark=mark,
                label=label,
                count=disclosure.as_text(r.count, "count"),
            ),
            expanded=False,
        ):
            st.markdown(t_or(f"{CHECK}.{r.name}.definition", r.definition))
            if r.count and data_access.can("view_records"):
                st.dataframe(r.first_rows, hide_index=True)
                rows = records_access.check_rows(view.store_root, view.id, r.name)
                components.download(rows, f"check-{r.name}", view, state)


def quarantine_section(view: DataVersion, state: ViewState) -> None:
    if not data_access.can("view_records"):
        count = view.manifest.get("quarantined", 0)
        if not data_access.can("exact_figures"):
            count = disclosure.shown_count(count, disclosure.rounding_for(view.store_root))
        rows_text = disclosure.as_text(count, "count")
        st.caption(tn("quality.quarantine_count_only", count, rows=rows_text))
        return
    rows = records_access.quarantine(view.store_root, view.id)
    if rows is None or rows.empty:
        st.caption(t("quality.no_quarantine", version=view.id))
        return
    st.markdown(tn("quality.quarantine_summary", len(rows), rows=formatting.count(len(rows))))
    components.table_block(
        rows, "set-aside-rows", view, state, expanded=True, title=t("quality.quarantine_table")
    )
