"""Data-quality page sections: completeness by month, consistency checks, set-aside rows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, components, data_access, formatting
from dashboard.data_access import DataVersion
from dashboard.i18n import t, t_or
from dashboard.page_charts import breakdown_data
from dashboard.view_state import ViewState


def completeness_section(view: DataVersion, state: ViewState) -> None:
    """A heat map of how complete each optional column is, month by month, and its table."""
    df = breakdown_data(view, state, "completeness_by_month").copy()
    df["field"] = df["table_name"] + "." + df["column_name"]
    title = t("quality.completeness_title")
    summary = _least_complete(df)
    fig = charts.heatmap(df, "month_start", "field", "complete_share", title, alt=summary)
    table = df[["month_start", "field", "filled", "total", "complete_share"]].rename(
        columns={
            "month_start": t("column.month"),
            "field": t("quality.field"),
            "filled": t("quality.filled"),
            "total": t("quality.total"),
            "complete_share": t("quality.complete_share"),
        }
    )
    components.chart_block(fig, table, summary, "completeness-by-month", view, state)


def _least_complete(df) -> str:
    """The column least often filled in over the whole period, in one sentence."""
    numbers = df.assign(
        filled=pd.to_numeric(df["filled"], errors="coerce"),
        total=pd.to_numeric(df["total"], errors="coerce"),
    )
    if numbers[["filled", "total"]].isna().any().any():  # figures withheld from this user
        return t("quality.completeness_withheld")
    sums = numbers.groupby("field", sort=False)[["filled", "total"]].sum()
    sums = sums[sums["total"] > 0]
    if sums.empty:
        return t("summaries.no_data")
    shares = sums["filled"] / sums["total"]
    field = shares.idxmin()
    return t(
        "quality.least_complete",
        field=field,
        share=formatting.rate(shares[field]),
        filled=formatting.count(sums.loc[field, "filled"]),
        total=formatting.count(sums.loc[field, "total"]),
    )


def checks_section(view: DataVersion, state: ViewState) -> None:
    """Each consistency check: how many rows break it, what it means, the first rows."""
    results = data_access.quality_checks(view.store_root, view.id)
    failing = [r for r in results if r.count]
    st.markdown(t("quality.checks_summary", failing=len(failing), total=len(results)))
    for r in results:
        label = t_or(f"check.{r.name}.label", r.label)
        mark = "✓" if r.passed else "✗"
        with st.expander(
            t("quality.check_heading", mark=mark, label=label, count=formatting.count(r.count)),
            expanded=False,
        ):
            st.markdown(t_or(f"check.{r.name}.definition", r.definition))
            if r.count and data_access.can("view_records"):
                st.dataframe(r.first_rows, hide_index=True)
                rows = data_access.check_rows(view.store_root, view.id, r.name)
                components.download(rows, f"check-{r.name}", view, state)


def quarantine_section(view: DataVersion, state: ViewState) -> None:
    if not data_access.can("view_records"):
        count = view.manifest.get("quarantined", 0)
        st.caption(t("quality.quarantine_count_only", rows=formatting.count(count)))
        return
    rows = data_access.quarantine(view.store_root, view.id)
    if rows is None or rows.empty:
        st.caption(t("quality.no_quarantine", version=view.id))
        return
    st.markdown(t("quality.quarantine_summary", rows=formatting.count(len(rows))))
    components.table_block(
        rows, "set-aside-rows", view, state, expanded=True, title=t("quality.quarantine_table")
    )
