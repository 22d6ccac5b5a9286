"""National comparison sections: the force beside England and Wales and a comparator group.

The figures are the Home Office's published outcomes open data, loaded into `<store>/national/`
with `flightdeck national load` (see `dashboard.app.national_data`); the choices come from the
URL (see `comparison_choices`).
"""

from __future__ import annotations

import hashlib
import logging

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import formatting
from dashboard.app import charts, components, data_access
from dashboard.app.data_access import DataVersion
from dashboard.app.export import to_csv_bytes
from dashboard.app.markdown_text import literal
from dashboard.app.national_data import (
    NationalVersion,
    figures,
    force_table,
    territorial_forces,
    trend,
)
from dashboard.app.sections.comparison_choices import Selection
from dashboard.app.view_state import ViewState
from dashboard.i18n import t
from dashboard.national import figures as nf

log = logging.getLogger("flightdeck")


# --- sections ---------------------------------------------------------------------------------


def no_data(view: DataVersion) -> None:
    """How to load the national data: an explanation, not an error; the command (with the
    server's store path) only for those who may load data."""
    how = (
        t("comparison.no_data_how", store=view.store_root)
        if data_access.can("upload")
        else t("comparison.no_data_ask")
    )
    st.info(f"{t('comparison.no_data')}\n\n{how}", icon=":material/info:")


def heading(nv: NationalVersion | None) -> None:
    st.title(t("page.comparison"))
    if nv is not None:
        years = ", ".join(nv.years)
        st.caption(t("comparison.provenance.version", version=nv.id, loaded=nv.loaded, years=years))


def notices(state: ViewState, selection: Selection | None = None) -> None:
    """Invalid link values: the sidebar's and this page's, each falling back to a default."""
    for notice in (*state.notices, *(selection.notices if selection else ())):
        st.warning(notice, icon=":material/link_off:")
    st.caption(t("comparison.sidebar_note"))


def _area_names(selection: Selection) -> dict[str, str]:
    return {
        "force": selection.force,
        "england_and_wales": t("comparison.area.england_and_wales"),
        "comparator_group": t("comparison.area.comparator_group"),
    }


def _document(nv: NationalVersion, selection: Selection) -> dict:
    return figures(
        nv.store_root, nv.id, selection.year, selection.force, selection.subgroup, selection.peers
    )


def _total(nv: NationalVersion, selection: Selection) -> int:
    return len(territorial_forces(nv, selection.year))


def _csv_lines(nv: NationalVersion, years: list[str]) -> tuple[str, ...]:
    files = sorted({nv.manifest["years"][y]["file"] for y in years if y in nv.manifest["years"]})
    line = t(
        "comparison.provenance.csv", year=", ".join(years), version=nv.id, files=", ".join(files)
    )
    return (line,)


def _download(table: pd.DataFrame, name: str, lines: tuple[str, ...], nv: NationalVersion) -> None:
    """A CSV of exactly `table`, headed by where the national figures came from; audited, and
    for the user it is made for alone, as every download (`components.audited`)."""
    data = to_csv_bytes(table, header_comment_lines=list(lines))
    key = "dl-" + hashlib.sha1(f"{name}{len(data)}".encode()).hexdigest()[:10]  # noqa: S324
    st.download_button(
        t("chart.download"),
        components.audited(data, nv.store_root, name, len(table), f"{name}.csv", nv.id),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",  # the file is made (and audited) on click: no rerun needed
    )


def _chart_block(
    fig: go.Figure,
    summary: str,
    table: pd.DataFrame,
    name: str,
    lines: tuple[str, ...],
    nv: NationalVersion,
) -> None:
    components.plotly_chart(fig, summary, name)
    st.markdown(summary)
    with st.expander(t("chart.data"), expanded=False):
        st.dataframe(table, hide_index=True)
        _download(table, name, lines, nv)


def _name(selection: Selection, what: str) -> str:
    """A file name: 'ranking-gwent-2017-18-rape-charge_rate'."""
    what = t(f"file.{what}")  # in the current language: "ranking", "safle"
    parts = [what, selection.force, selection.year, selection.subgroup or "", selection.rate]
    text = "-".join(p for p in parts if p).lower()
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)


def headline(nv: NationalVersion, selection: Selection) -> None:
    """The chosen rate for the force, England and Wales and the group, and the force's rank."""
    doc = _document(nv, selection)
    total = _total(nv, selection)
    rate = selection.rate
    st.subheader(
        t(
            "comparison.headline",
            rate=t(f"comparison.rate.{rate}"),
            year=selection.year,
            subgroup=t(f"national.subgroup.{selection.subgroup or 'all'}"),
        )
    )
    columns = st.columns(4)
    areas = _area_names(selection)
    group = ", ".join(selection.peers) or t("fmt.missing")
    helps = {"comparator_group": t("comparison.tile.peers_help", forces=group)}
    for column, area in zip(
        columns, ("force", "england_and_wales", "comparator_group"), strict=False
    ):
        value = doc[area][rate] if area != "comparator_group" or selection.peers else None
        with column:
            st.metric(areas[area], formatting.rate(value), border=True, help=helps.get(area))
    rank = doc["rank"][rate]
    with columns[3]:
        st.metric(
            t("comparison.tile.rank", total=total),
            t("comparison.tile.rank_value", rank=rank, total=total)
            if rank is not None
            else t("fmt.missing"),
            border=True,
            help=t("comparison.tile.rank_help", total=total),
        )
    if not selection.peers:
        st.caption(t("comparison.no_peers"))


def ranking_section(nv: NationalVersion, selection: Selection) -> None:
    """Every territorial force ranked on the chosen rate, ours highlighted, with E&W marked."""
    rate = selection.rate
    rate_label = t(f"comparison.rate.{rate}")
    table = force_table(nv.store_root, nv.id, selection.year, selection.subgroup)
    ours = table[table["is_territorial"].astype(bool)].reset_index(drop=True)
    doc = _document(nv, selection)
    total = len(ours)
    value, rank = doc["force"][rate], doc["rank"][rate]
    ew = doc["england_and_wales"][rate]
    texts = {"force": selection.force, "rate": t(f"comparison.rate_in_text.{rate}")}
    texts["year"] = selection.year
    if value is None or rank is None:
        summary = t("comparison.summary.ranking_missing", **texts)
    else:
        summary = t(
            "comparison.summary.ranking",
            value=formatting.rate(value),
            rank=rank,
            total=total,
            ew=formatting.rate(ew),
            **texts,
        )
    title = t("comparison.chart.ranking", rate=rate_label, year=selection.year)
    fig = charts.dot_plot(
        ours, "force_name", rate, selection.force, title, rate_label, "rate", alt=summary
    )
    if ew is not None:
        fig.add_vline(
            x=ew,
            line={"color": charts.PALETTE[0], "dash": "dash", "width": 1.5},
            annotation={
                "text": t("comparison.chart.ew_line", value=formatting.rate(ew)),
                "font": {"color": charts.PALETTE[0]},
            },
            annotation_position="top",
        )
    shown = ours.sort_values(rate, ascending=False, kind="stable", na_position="last")
    out = pd.DataFrame(
        {
            t("comparison.column.force"): shown["force_name"],
            rate_label: shown[rate].map(formatting.rate),
            t("comparison.column.rank", total=total): shown[f"{rate}_rank"].map(
                lambda r: t("fmt.missing") if formatting.is_missing(r) else str(int(r))
            ),
        }
    )
    _chart_block(
        fig, summary, out, _name(selection, "ranking"), _csv_lines(nv, [selection.year]), nv
    )


def trend_section(nv: NationalVersion, selection: Selection) -> None:
    """The chosen rate by financial year for the force, England and Wales and the group."""
    rate = selection.rate
    rate_label = t(f"comparison.rate.{rate}")
    long = trend(nv.store_root, nv.id, selection.force, selection.subgroup, selection.peers)
    wide = (
        long.pivot(index="financial_year", columns="area", values=rate)
        .reindex(columns=list(nf.AREAS))
        .reset_index()
        .sort_values("financial_year")
    )
    if not selection.peers:
        wide["comparator_group"] = None
    names = _area_names(selection)
    ys = [
        a
        for a in ("force", "england_and_wales", "comparator_group")
        if selection.peers or a != "comparator_group"
    ]
    summary = _trend_summary(wide, selection, names)
    fig = charts.line_trend(
        wide,
        "financial_year",
        ys,
        names,
        t("comparison.chart.trend", rate=rate_label),
        rate_label,
        "rate",
        alt=summary,
        x_title=t("comparison.column.year"),
    )
    fig.update_xaxes(type="category")
    table = wide[["financial_year", *ys]].copy()
    for y in ys:
        table[y] = table[y].map(formatting.rate)
    table = table.rename(columns={"financial_year": t("comparison.column.year"), **names})
    _chart_block(fig, summary, table, _name(selection, "trend"), _csv_lines(nv, nv.years), nv)


def _trend_summary(wide: pd.DataFrame, selection: Selection, names: dict[str, str]) -> str:
    """One sentence: each area's rate in the first and the last loaded year (or the one year)."""

    def shown(area: str, row: int) -> str:
        return formatting.rate(wide[area].iloc[row])

    years = wide["financial_year"].tolist()
    group = "" if selection.peers else "_no_group"
    if len(years) == 1:
        return t(
            f"comparison.summary.trend_one{group}",
            year=years[0],
            force=names["force"],
            force_value=shown("force", 0),
            ew_value=shown("england_and_wales", 0),
            group_value=shown("comparator_group", 0),
        )
    areas = (("force", "force"), ("ew", "england_and_wales"), ("group", "comparator_group"))
    values = {
        f"{short}_{end}": shown(area, i)
        for short, area in areas
        for end, i in (("first", 0), ("last", -1))
    }
    return t(
        f"comparison.summary.trend{group}",
        first=years[0],
        last=years[-1],
        force=names["force"],
        **values,
    )


def figures_table(doc: dict, selection: Selection, total: int) -> pd.DataFrame:
    """The eight figures for the force, England and Wales and the group, and the force's rank,
    formatted as the command line's table formats them (`national.figures.figures_rows`, which
    the board pack prints too)."""
    return pd.DataFrame(nf.figures_rows(doc, _area_names(selection), total, bool(selection.peers)))


def _versus(value: float | None, other: float | None) -> str:
    """'above', 'below' or 'the same as', comparing the rates as displayed."""
    if value is None or other is None:
        return t("comparison.vs.missing")
    ours, theirs = (formatting.display_value(v, "rate") for v in (value, other))
    if ours == theirs:
        return t("comparison.vs.same")
    return t("comparison.vs.above" if ours > theirs else "comparison.vs.below")


def figures_section(nv: NationalVersion, selection: Selection) -> None:
    """The table of the figures, its one-sentence summary and its CSV download."""
    doc = _document(nv, selection)
    total = _total(nv, selection)
    rate = selection.rate
    value, ew = doc["force"][rate], doc["england_and_wales"][rate]
    group = doc["comparator_group"][rate] if selection.peers else None
    texts = {"force": selection.force, "rate": t(f"comparison.rate_in_text.{rate}")}
    if value is None:
        summary = t("comparison.summary.table_missing", year=selection.year, **texts)
    else:
        summary = t(
            "comparison.summary.table" if selection.peers else "comparison.summary.table_no_group",
            year=selection.year,
            value=formatting.rate(value),
            vs_ew=_versus(value, ew),
            ew=formatting.rate(ew),
            vs_group=_versus(value, group),
            group=formatting.rate(group),
            **texts,
        )
    st.markdown(summary)
    table = figures_table(doc, selection, total)
    title = t("comparison.table_title", force=literal(selection.force), year=selection.year)
    with st.expander(title, expanded=True):
        st.dataframe(table, hide_index=True)
        _download(table, _name(selection, "figures"), _csv_lines(nv, [selection.year]), nv)


def notes_section() -> None:
    st.markdown(t("comparison.note.bases"))
    st.markdown(t("comparison.note.differences"))
    st.markdown(t("comparison.note.publications"))


def provenance_section(nv: NationalVersion) -> None:
    """The national version, the file each year came from, and the licence's attribution."""
    lines = [
        t(
            "comparison.provenance.version",
            version=nv.id,
            loaded=nv.loaded,
            years=", ".join(nv.years),
        )
    ]
    for year in nv.years:
        source = nv.manifest["years"][year]
        lines.append(
            t(
                "comparison.provenance.file",
                year=year,
                file=literal(source["file"]),  # the name of a file someone loaded
                rows=formatting.count(source.get("rows")),
                sha256=source.get("sha256", ""),
            )
        )
    for line in lines:
        st.markdown(f"- {line}")
    st.caption(t("comparison.provenance.attribution"))
