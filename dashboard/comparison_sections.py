"""National comparison sections: the force beside England and Wales and a comparator group.

The figures are the Home Office's published outcomes open data, loaded into `<store>/national/`
with `flightdeck national load`. Every number comes through `national_figures` (the same code as
`flightdeck national metrics`), cached by national version id so a new load is a new cache key.

The page's choices live in the URL, validated like the sidebar's: `force`, `peers` (forces joined
by `|`, as force names may hold commas), `sg` (rape | other; absent: both) and `nyear` (the
financial year, `2017/18`). `nyear`, not `year`: the sidebar already uses `year` for its calendar
year. A value the loaded data does not have falls back to the default with a notice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, components, data_access, formatting, periods
from dashboard import national_choices as choose
from dashboard import national_figures as nf
from dashboard.data_access import CACHE, DataVersion
from dashboard.export import to_csv_bytes
from dashboard.i18n import t
from dashboard.link_text import literal
from dashboard.national import national_store
from dashboard.national_engine import engine_for_version
from dashboard.store import StoreError
from dashboard.view_state import ViewState

log = logging.getLogger("flightdeck")

# choice -> URL query parameter
PARAMS = {"year": "nyear", "force": "force", "peers": "peers", "subgroup": "sg"}
PEER_SEPARATOR = "|"
BOTH = "all"  # the subgroup choice "rape and other sexual offences together"
SUBGROUP_CHOICES = (BOTH, *choose.SUBGROUPS)
RATE_CHOICES = (
    "charge_rate",
    "charge_rate_recorded_basis",
    "victim_not_supporting_rate",
    "no_suspect_rate",
)
KEYS = {
    "year": "cmp_year",
    "subgroup": "cmp_sg",
    "force": "cmp_force",
    "peers": "cmp_peers",
    "rate": "cmp_rate",
}
BENCHMARK_KEYS = ("charge_rate", "charge_rate_recorded_basis")
# The copy of the Home Office file that this project's developers share (see its PROVENANCE.md).


# --- the national data version ----------------------------------------------------------------


@dataclass(frozen=True)
class NationalVersion:
    """The current national version of a store: id and manifest (years, files, SHA-256)."""

    store_root: str
    id: str
    manifest: dict

    @property
    def years(self) -> list[str]:
        """The financial years held, oldest first."""
        return sorted(self.manifest.get("years", {}))

    @property
    def loaded(self) -> str:
        created = self.manifest.get("created", "")
        try:
            return formatting.date_long(datetime.fromisoformat(created).date())
        except ValueError:
            return created


def national_version(store_root: str | Path) -> NationalVersion | None:
    """The current national version, read afresh on every run (cheap); None when none loaded."""
    store = national_store(store_root)
    version = store.current_id()
    if version is None:
        return None
    return NationalVersion(str(store_root), version, store.manifest(version))


# --- cached figures, keyed by national version id ---------------------------------------------


def _engine(store_root: str, version: str):
    return engine_for_version(store_root, version)


@st.cache_data(**CACHE)
def force_table(store_root: str, version: str, year: str, subgroup: str | None) -> pd.DataFrame:
    """Every force's figures and ranks for a year (British Transport Police included)."""
    return nf.force_table(_engine(store_root, version), year, subgroup)


@st.cache_data(**CACHE)
def figures(
    store_root: str,
    version: str,
    year: str,
    force: str,
    subgroup: str | None,
    peers: tuple[str, ...],
) -> dict:
    """The `flightdeck national metrics --json` document for these choices."""
    return nf.figures_document(_engine(store_root, version), year, force, subgroup, list(peers))


@st.cache_data(**CACHE)
def trend(
    store_root: str, version: str, force: str, subgroup: str | None, peers: tuple[str, ...]
) -> pd.DataFrame:
    """Every loaded year for the force, the comparator group and England and Wales (long)."""
    return nf.trend(_engine(store_root, version), force, subgroup, list(peers))


@st.cache_data(**CACHE)
def england_and_wales_figure(
    store_root: str, version: str, year: str, subgroup: str | None, figure: str
) -> int | float | None:
    return nf.england_and_wales_figure(_engine(store_root, version), year, subgroup, figure)


def territorial_forces(nv: NationalVersion, year: str) -> list[str]:
    """The 43 territorial forces of a year's data, alphabetical."""
    table = force_table(nv.store_root, nv.id, year, None)
    return table.loc[table["is_territorial"].astype(bool), "force_name"].tolist()


# --- the flight deck's link -------------------------------------------------------------------


def national_benchmark(
    store_root: str | Path, period: periods.Period, key: str, subgroup: str | None = None
) -> str | None:
    """'England and Wales 2017/18: 7.9% (closed basis)' for a flight deck charge-rate tile.

    Only when `period` is exactly one financial year, `key` is `charge_rate` (closed basis) or
    `charge_rate_recorded_basis` (recorded basis) and the national data for that year is loaded;
    rape and other sexual offences together, or the one `subgroup` ('rape', 'other') the flight
    deck is filtered to. None otherwise, and when the national store cannot be read (logged)."""
    if key not in BENCHMARK_KEYS:
        return None
    start_year = periods.fy_start_year(period.start)
    if period != periods.financial_year(start_year):
        return None
    year = periods.financial_year_label(start_year)
    try:
        subgroup = choose.subgroup(subgroup)
        nv = national_version(str(store_root))
        if nv is None or year not in nv.years:
            return None
        value = england_and_wales_figure(nv.store_root, nv.id, year, subgroup, key)
    except choose.UnknownChoice:
        return None
    except (StoreError, OSError):
        log.exception("national data could not be read for the flight deck benchmark")
        return None
    if value is None:
        return None
    values = {"year": year, "value": formatting.rate(value), "basis": t(f"comparison.basis.{key}")}
    if subgroup is None:
        return t("comparison.benchmark", **values)
    return t("comparison.benchmark_subgroup", subgroup=t(f"national.subgroup.{subgroup}"), **values)


# --- the page's choices, bound to the URL -----------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What the page compares: year, subgroup (None: both), force, comparator forces, rate."""

    year: str
    subgroup: str | None
    force: str
    peers: tuple[str, ...]
    rate: str = RATE_CHOICES[0]
    notices: tuple[str, ...] = field(default=(), compare=False)


def default_force(valid: list[str]) -> str:
    return choose.DEFAULT_FORCE if choose.DEFAULT_FORCE in valid else valid[0]


def from_params(
    params: Mapping[str, str],
    years: list[str],
    forces_of: Callable[[str], list[str]],
) -> Selection:
    """The choices a URL names (keys as in PARAMS), each invalid one replaced by its default
    with a notice: the latest loaded year, Gwent, the other Welsh forces, both subgroups."""
    notices: list[str] = []
    latest = years[-1]
    year = latest
    if (text := params.get("year")) is not None:
        try:
            year = choose.year(text, years)
        except choose.UnknownChoice:
            notices.append(t("comparison.bad_year", value=literal(text), fallback=latest))
    subgroup = None
    if (text := params.get("subgroup")) is not None and text.strip().lower() != BOTH:
        try:
            subgroup = choose.subgroup(text)
        except choose.UnknownChoice:
            notices.append(t("comparison.bad_subgroup", value=literal(text)))
    valid = forces_of(year)
    force = default_force(valid)
    if (text := params.get("force")) is not None:
        try:
            force = choose.force(text, valid)
        except choose.UnknownChoice:
            notices.append(t("comparison.bad_force", value=literal(text), fallback=force))
    default_peers = choose.default_comparators(force, valid)
    peers = default_peers
    if (text := params.get("peers")) is not None:
        peers, bad = [], []
        for name in (p.strip() for p in text.split(PEER_SEPARATOR)):
            if not name:
                continue
            try:
                found = choose.force(name, valid)
            except choose.UnknownChoice:
                bad.append(name)
                continue
            if found == force:
                bad.append(name)
            elif found not in peers:
                peers.append(found)
        if bad and not peers:
            peers = default_peers
            notices.append(
                t(
                    "comparison.bad_peers_default",
                    values=literal(", ".join(bad)),
                    fallback=", ".join(peers),
                )
            )
        elif bad:
            notices.append(t("comparison.bad_peers", values=literal(", ".join(bad))))
    return Selection(year, subgroup, force, tuple(peers), notices=tuple(notices))


def to_params(selection: Selection) -> dict[str, str]:
    """The URL values (keys as in PARAMS) that reproduce a selection; both subgroups: absent."""
    out = {
        "year": selection.year,
        "force": selection.force,
        "peers": PEER_SEPARATOR.join(selection.peers),
    }
    if selection.subgroup is not None:
        out["subgroup"] = selection.subgroup
    return out


def _seeds(selection: Selection) -> dict[str, object]:
    return {
        KEYS["year"]: selection.year,
        KEYS["subgroup"]: selection.subgroup or BOTH,
        KEYS["force"]: selection.force,
        KEYS["peers"]: list(selection.peers),
    }


def _url_values() -> dict[str, str]:
    return {name: st.query_params[p] for name, p in PARAMS.items() if p in st.query_params}


def _write_url(params: dict[str, str]) -> None:
    """Set this page's parameters in the URL, leaving every other parameter as it is."""
    for name, param in PARAMS.items():
        if name in params:
            if st.query_params.get(param) != params[name]:
                st.query_params[param] = params[name]
        elif param in st.query_params:
            del st.query_params[param]


def _keep_valid(key: str, options: list, fallback: object) -> None:
    """A widget's value from an earlier run that the data no longer offers goes back to default."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = fallback


def controls(nv: NationalVersion) -> Selection:
    """The choice widgets, seeded from the URL on a new link, then leading it."""
    ss = st.session_state
    years = nv.years
    url = _url_values()
    known = ss.get("_cmp_url")
    notices: tuple[str, ...] = ()
    if known is None or (url and url != known):
        seeded = from_params(url, years, lambda y: territorial_forces(nv, y))
        ss.update(_seeds(seeded))
        ss["_cmp_force_drawn"] = seeded.force  # the link's group stands, whatever was shown
        notices = seeded.notices
    elif (shown := ss.get("_cmp_shown")) is not None:
        # Widgets not drawn in a run (another page) are forgotten: start from what was shown.
        for key, value in _seeds(shown).items():
            ss.setdefault(key, value)

    st.subheader(t("comparison.controls"))
    first, second, third = st.columns(3)
    _keep_valid(KEYS["year"], years, years[-1])
    year = first.selectbox(t("comparison.year"), years[::-1], key=KEYS["year"])
    valid = territorial_forces(nv, year)
    _keep_valid(KEYS["force"], valid, default_force(valid))
    force = second.selectbox(t("comparison.force"), valid, key=KEYS["force"])
    _keep_valid(KEYS["rate"], list(RATE_CHOICES), RATE_CHOICES[0])
    rate = third.selectbox(
        t("comparison.rate"),
        RATE_CHOICES,
        key=KEYS["rate"],
        format_func=lambda r: t(f"comparison.rate.{r}"),
    )
    _keep_valid(KEYS["subgroup"], list(SUBGROUP_CHOICES), BOTH)
    subgroup = first.radio(
        t("comparison.subgroup"),
        SUBGROUP_CHOICES,
        key=KEYS["subgroup"],
        format_func=lambda s: t(f"comparison.subgroup.{s}"),
    )
    options = [name for name in valid if name != force]
    previous_force = ss.get("_cmp_force_drawn")
    peers = [p for p in ss.get(KEYS["peers"], []) if p in options]
    if previous_force not in (None, force) and set(ss.get(KEYS["peers"], [])) == set(
        choose.default_comparators(previous_force, valid)
    ):
        # The group was the default for the force before: make it the default for this one.
        peers = choose.default_comparators(force, valid)
    ss[KEYS["peers"]] = peers
    chosen = st.multiselect(
        t("comparison.peers"), options, key=KEYS["peers"], help=t("comparison.peers_help")
    )
    ss["_cmp_force_drawn"] = force
    selection = Selection(
        year,
        None if subgroup == BOTH else subgroup,
        force,
        tuple(chosen),
        rate,
        notices,
    )
    params = to_params(selection)
    _write_url(params)
    ss["_cmp_url"] = params
    ss["_cmp_shown"] = selection
    return selection


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


def _download(table: pd.DataFrame, name: str, lines: tuple[str, ...]) -> None:
    """A CSV of exactly `table`, headed by where the national figures came from."""
    data = to_csv_bytes(table, header_comment_lines=list(lines))
    key = "dl-" + hashlib.sha1(f"{name}{len(data)}".encode()).hexdigest()[:10]  # noqa: S324
    st.download_button(
        t("chart.download"),
        data,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
    )


def _chart_block(
    fig: go.Figure, summary: str, table: pd.DataFrame, name: str, lines: tuple[str, ...]
) -> None:
    st.plotly_chart(fig, config=components.PLOTLY_CONFIG, alt=summary, key=f"chart-{name}")
    st.markdown(summary)
    with st.expander(t("chart.data"), expanded=False):
        st.dataframe(table, hide_index=True)
        _download(table, name, lines)


def _name(selection: Selection, what: str) -> str:
    """A file name: 'ranking-gwent-2017-18-rape-charge_rate'."""
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
    _chart_block(fig, summary, out, _name(selection, "ranking"), _csv_lines(nv, [selection.year]))


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
    _chart_block(fig, summary, table, _name(selection, "trend"), _csv_lines(nv, nv.years))


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
    formatted as the command line's table formats them."""
    names = _area_names(selection)
    rows = []
    for figure in nf.FIGURES:
        unit = "rate" if figure in nf.RATES else "count"
        row = {t("comparison.column.figure"): t(f"national.figure.{figure}")}
        for area in ("force", "england_and_wales", "comparator_group"):
            value = doc[area][figure] if area != "comparator_group" or selection.peers else None
            row[names[area]] = formatting.value(value, unit)
        rank = doc["rank"].get(figure)
        row[t("comparison.column.rank", total=total)] = "" if rank is None else str(rank)
        rows.append(row)
    return pd.DataFrame(rows)


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
    title = t("comparison.table_title", force=selection.force, year=selection.year)
    with st.expander(title, expanded=True):
        st.dataframe(table, hide_index=True)
        _download(table, _name(selection, "figures"), _csv_lines(nv, [selection.year]))


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
                file=source["file"],
                rows=formatting.count(source.get("rows")),
                sha256=source.get("sha256", ""),
            )
        )
    for line in lines:
        st.markdown(f"- {line}")
    st.caption(t("comparison.provenance.attribution"))
