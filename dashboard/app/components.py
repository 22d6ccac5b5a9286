"""Page building blocks: KPI tile, chart with summary/table/download, banners, provenance footer.

Components display what they are given; they compute nothing beyond formatting.
"""

from __future__ import annotations

import hashlib
import logging
import numbers
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import formatting
from dashboard.access import offered_files, roles
from dashboard.access.audit import AuditError
from dashboard.app import glossary, sparkline, summaries, view_state
from dashboard.app.data_access import DataVersion
from dashboard.app.export import to_csv_bytes
from dashboard.app.markdown_text import plain
from dashboard.app.view_state import ViewState
from dashboard.figures import catalogue
from dashboard.figures.queries import message_prefix
from dashboard.i18n import t, t_or
from dashboard.periods import Period

# A tile's change on the previous period is one difference, usually noise: it is drawn grey,
# with an arrow for its direction. Better or worse is said only of a signal, by the tile's SPC
# verdict in words with Making Data Count's icon meaning (`tile.spc.*`).
# No Plotly toolbar: its eight buttons were eight Tab stops a chart, and on a phone it covered the
# chart's title. Every chart's numbers are in the table and CSV download beside it.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False}
ACCESSIBILITY_PAGE = "app_pages/accessibility.py"  # the statement, linked from every footer
HIDDEN_ICON = ":material/visibility_off:"  # beside a sentence said in place of hidden figures
TILES_KEY = "fd-tiles"  # the tiles' container: `streamlit_words` styles it (three, two, one a row)
logger = logging.getLogger("flightdeck")


@dataclass(frozen=True)
class TileFigures:
    """A metric's value for the period and its comparisons."""

    current: object
    previous: object
    year_earlier: object
    sparkline: tuple = ()  # the twelve months' values (for months, `sparkline_months`)
    benchmark: str | None = None  # e.g. the England and Wales figure on the same basis
    previous_is_year_earlier: bool = False  # a whole year: the one comparison, said once
    sparkline_months: Period | None = None  # the months it shows
    variation: str | None = None  # the SPC verdict on the latest month (`figures.spc`)
    assurance: str | None = None  # the target against the process limits (`figures.spc`)
    chart: object = None  # its XmR chart (`figures.spc_metrics.MetricChart`), when it has one
    # Scrutiny: the changes on the previous period and on a year earlier, from the rounded
    # figures alone (`disclosure.Change`: a range, never exaggerated); None: from the figures
    change: object = None
    year_change: object = None


def _figure(value: object) -> object:
    """A number to compare, or None for a figure withheld from this user (shown as text)."""
    return None if isinstance(value, str) else value


def kpi_tile(key: str, header: dict[str, str], figures: TileFigures) -> None:
    """One tile: value, delta against the previous period (arrow + words), year-earlier line."""
    unit, better = header["unit"], header["better"]
    label = catalogue.label(key)
    current, previous = _figure(figures.current), _figure(figures.previous)
    delta = None
    if current is not None and previous is not None:
        delta = formatting.delta(current, previous, unit)
    if figures.change is not None:
        from dashboard import disclosure

        delta = disclosure.change_words(figures.change)
    definition = t_or(f"metric.{key}.definition", header["definition"])
    help_text = t(
        "tile.help",
        definition=definition,
        basis=t(f"basis.{header['basis']}"),
        unit=t(f"unit.{unit}"),
    )
    shown = figures.current if isinstance(figures.current, str) else formatting.value(current, unit)
    arrow, _ = summaries.direction(current, previous, better, unit=unit)
    if figures.change is not None:  # a direction only when every possible change agrees
        arrow = figures.change.direction
    with st.container(border=True):
        st.metric(
            label,
            shown,
            delta,
            delta_color="gray",
            delta_arrow=arrow if arrow in ("up", "down") else "off",
            help=help_text,
            delta_description=_delta_words(figures) if delta else None,
        )
        _sparkline(label, unit, figures)
        if figures.variation:
            st.caption(t(f"tile.spc.{figures.variation}"))
        if figures.assurance:
            target = formatting.value(figures.chart.target, unit)
            st.caption(t(f"tile.assurance.{figures.assurance}", target=target))
        _tile_captions(figures, current, unit, better)


def attention(
    found: dict[str, tuple[str, ...]] | None,
    targets: dict[str, tuple[str, ...]],
    matrix: list[dict[str, object]],
) -> None:
    """At the top of the flight deck: which measures show a signal, concerning first, in words
    (that nothing does, when nothing does; noise is not mentioned), which miss or meet their
    targets consistently, then the headline measures' matrix: latest month, mean, limits,
    target, variation and assurance."""
    if found is None:
        return
    lines = [
        t(
            f"flight_deck.attention.{kind}",
            measures="; ".join(catalogue.label(k) for k in keys),
        )
        for kind, keys in found.items()
        if keys
    ] or [t("flight_deck.attention.none")]
    lines += [
        t(f"flight_deck.attention.{verdict}", measures="; ".join(catalogue.label(k) for k in keys))
        for verdict, keys in targets.items()
        if keys
    ]
    with st.container(border=True):
        st.markdown(f"**{t('flight_deck.attention.title')}**")
        st.markdown("\n".join(f"- {line}" for line in lines))
        if matrix:
            # one month, unless a series stops early: each named, in order
            months = [formatting.month_year(m) for m in sorted({row["month"] for row in matrix})]
            st.markdown(f"**{t('matrix.title', months=formatting.join_words(months))}**")
            columns = ("measure", "value", "mean", "limits", "target")
            columns += ("variation", "assurance")
            table = pd.DataFrame(matrix, columns=list(columns))
            table = table.rename(columns={c: t(f"matrix.column.{c}") for c in columns})
            st.table(table.set_index(t("matrix.column.measure")))


def tile_rows(
    keys: Sequence[str], headers: dict[str, dict], figures: dict[str, TileFigures]
) -> None:
    """Tiles in one wrapping row, in reading order: three to a line on a wide screen, two under
    640 px, one on the narrowest (the style sheet in `streamlit_words`). The order of the page is
    the order read on screen (screen readers, the Tab key), line by line at every width."""
    group = f"{TILES_KEY}-{keys[0] if keys else 'none'}"  # one key a group of tiles on a page
    with st.container(horizontal=True, wrap=True, gap="small", key=group):
        for key in keys:
            kpi_tile(key, headers[key], figures[key])
    # A tile's label cannot hold a link: the terms its labels use first, linked beneath them
    if terms := glossary.terms_in([catalogue.label(k) for k in keys]):
        st.markdown(terms)  # body text: a caption's grey would take its links below 4.5:1


def _sparkline(label: str, unit: str, figures: TileFigures) -> None:
    """The twelve months as a light SVG image; none when a month's figure is withheld from this
    user (the shape would give it away) or there are no months."""
    values = figures.sparkline
    if not values or figures.sparkline_months is None or any(isinstance(v, str) for v in values):
        return
    st.html(sparkline.image(values, sparkline.name(label, figures.sparkline_months, values, unit)))


def _tile_captions(figures: TileFigures, current, unit: str, better: str) -> None:
    """Under the tile's value: the comparison with a year earlier (once), the benchmark."""
    if figures.previous_is_year_earlier:  # the tile's own change is on a year earlier
        pass
    elif isinstance(figures.year_earlier, str):  # there is a figure, hidden from this role
        st.caption(t("tile.year_earlier_hidden"))
    elif figures.year_change is not None:
        st.caption(_change_words(figures.year_change))
    else:
        st.caption(_comparison_words(current, _figure(figures.year_earlier), unit, better))
    if figures.benchmark:
        st.caption(figures.benchmark)


def _delta_words(figures: TileFigures) -> str:
    return t(
        "tile.vs_year_earlier_short" if figures.previous_is_year_earlier else "tile.vs_previous"
    )


def _change_words(change) -> str:
    """Scrutiny's comparison with a year earlier: its range, an arrow only when certain."""
    from dashboard import disclosure

    symbol = {"up": "▲", "down": "▼", "same": "▶"}.get(change.direction or "", "")
    words = disclosure.change_words(change)
    return t("tile.vs_year_earlier", arrow=symbol, delta=words).strip()


def _comparison_words(current, earlier, unit: str, better: str) -> str:
    """'▲ +0.6 percentage points on a year earlier': which way, in words; better or worse only
    from a signal (the tile's SPC verdict), never from one difference."""
    if current is None or earlier is None:
        return t("tile.no_year_earlier")
    arrow, _ = summaries.direction(current, earlier, better, unit=unit)
    symbol = {"up": "▲", "down": "▼", "same": "▶"}.get(arrow or "", "")
    return t(
        "tile.vs_year_earlier",
        arrow=symbol,
        delta=formatting.delta(current, earlier, unit),
    ).strip()


def download(
    table: pd.DataFrame,
    name: str,
    view: DataVersion,
    state: ViewState,
    extra_lines: tuple[str, ...] = (),
    capability: str | None = None,
) -> None:
    """A CSV download of exactly `table`, escaped against spreadsheet formulas; only the user it
    is made for, holding `capability` (by default the page's), can fetch it."""
    lines = [
        t(
            "export.provenance",
            version=view.id,
            as_at=formatting.date_long(view.as_at),
            period=formatting.period_label(state.period),
            filters=view_state.filter_words(state.filters),
        ),
        *extra_lines,
    ]
    data = to_csv_bytes(table, header_comment_lines=lines)
    key = "dl-" + hashlib.sha1(f"{name}{len(data)}".encode()).hexdigest()[:10]  # noqa: S324
    file_name = f"{view_file_stem(name, state)}.csv"
    st.download_button(
        t("chart.download"),
        audited(data, view.store_root, name, len(table), file_name, view.id, capability),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",  # the file is made (and audited) on click: no rerun needed
    )


def _slug(text: str) -> str:
    """Words as a file name: "Cyfradd cyhuddo/gwŷs" -> "cyfradd-cyhuddo-gwys"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain)) or "data"


def file_stem(name: str) -> str:
    """A download's file name (without .csv) in the current language: the catalogue's
    `file.<name>`, or a metric's or check's label in words ("charge-summons-rate-by-month",
    "cyfradd-cyhuddo-gwys-fesul-mis"). The audit log keeps `name` itself, in every language."""
    if stem := t_or(f"file.{name}", ""):
        return stem
    if name.endswith("-by-month"):
        metric = name.removesuffix("-by-month")
        return t(
            "file.by_month", metric=_slug(t_or(f"{message_prefix('kpi')}.{metric}.label", metric))
        )
    if name.startswith("spc-"):  # an XmR chart's numbers
        metric = name.removeprefix("spc-")
        return t("file.spc", metric=_slug(catalogue.label(metric)))
    if name.startswith("check-"):
        check = name.removeprefix("check-")
        return t(
            "file.check", check=_slug(t_or(f"{message_prefix('checks')}.{check}.label", check))
        )
    return name


def view_file_stem(name: str, state: ViewState) -> str:
    """A download's file name with its view: "charge-summons-rate-by-month_april-2024-to-march-
    2025_newport-rape-only" (the period and every active filter, as words)."""
    return t("file.view", stem=file_stem(name), view=_slug(view_state.view_words(state)))


def audited(
    data: bytes,
    store_root: str,
    name: str,
    rows: int,
    file_name: str,
    version: str | None,
    capability: str | None = None,
) -> Callable[[], bytes]:
    """The file, handed over only once its export is in the audit log: every download is a
    disclosure. It is then registered as made for this user (`access.offered_files`), so that
    the guard sends Streamlit's copy of it to them alone, while they hold `capability` (by
    default the capability of the page it is on), and audits each time it is sent.

    Streamlit calls this when the button is clicked, on a thread of its own (no session state
    there, so who, which session and which page are taken now); if it raises, the browser gets
    no file and shows Streamlit's own "Failed to generate file for download" under the button.
    """
    from dashboard.app import session

    log, who, session_id = session.log(store_root), session.current(), session.session_id()
    page = st.session_state.get("_page") or ""
    needed = capability or roles.page_capability(page) or "view_aggregates"
    made_for = offered_files.Offer(
        who.user, needed, name, file_name, page, version, session_id, session.sign_in_cookie()
    )

    def deliver() -> bytes:
        try:
            log.export(who, session_id, what=name, rows=rows, page=page, version=version)
        except AuditError as exc:  # the detail names the log's path: for the server log
            logger.error("download %s not served: %s", name, exc)
            raise
        offered_files.offer(data, made_for)
        return data

    return deliver


def stage_progress(
    status, stages: Sequence[str], message_prefix: str
) -> Callable[[str, float], None]:
    """A progress bar for long work done in `stages`: the callback the work reports to with
    (stage, fraction of that stage done); the bar and the `status` box say the stage in words
    (`<message_prefix>.<stage>`)."""
    bar = st.progress(0.0)

    def show(stage: str, fraction: float) -> None:
        position = (stages.index(stage) + fraction) / len(stages) if stage in stages else 1.0
        bar.progress(min(position, 1.0), text=t(f"{message_prefix}.{stage}"))
        status.update(label=t(f"{message_prefix}.{stage}"))

    return show


def chart_block(
    fig: go.Figure,
    table: pd.DataFrame,
    summary: str,
    name: str,
    view: DataVersion,
    state: ViewState,
    extra_lines: tuple[str, ...] = (),
) -> None:
    """A chart, its one-sentence summary, and the numbers behind it with a download; one
    sentence instead when every figure of it is hidden from this role (no empty chart)."""
    if not draws_anything(fig):
        title = fig.layout.title.text or t("chart.data")
        st.info(t("chart.all_hidden", title=plain(title)), icon=HIDDEN_ICON)
        if table.attrs.get("withheld"):  # why: so many small numbers around them
            from dashboard import disclosure

            st.caption(disclosure.withheld_note())
        return
    fig.update_layout(  # the view under the title: a copy of the chart says what it shows
        title_subtitle={"text": view_state.view_words(state), "font": {"size": 12}},
        margin={"t": fig.layout.margin.t + 18},
    )
    plotly_chart(fig, summary, name)
    st.markdown(summary)
    # The glossary's terms first used here, linked beside the sentence (which stays the
    # chart's own words, as its alt text says them)
    if terms := glossary.terms_in([fig.layout.title.text or "", summary]):
        st.markdown(terms)  # body text: a caption's grey would take its links below 4.5:1
    table_block(table, name, view, state, expanded=False, extra_lines=extra_lines)


def draws_anything(fig: go.Figure) -> bool:
    """Whether a chart has a figure to draw: a number among its traces' values (a hidden
    figure is no point, so a chart of hidden figures has none); categories, months and words
    are not figures. Horizontal bars hold their values in `x`."""
    for trace in fig.data:
        axes = ["z", "values"]
        axes.append("x" if getattr(trace, "orientation", None) == "h" else "y")
        for axis in axes:
            values = getattr(trace, axis, None)
            if values is not None and _has_figure(values):
                return True
    return False


def _has_figure(values) -> bool:
    """A number (not missing, not a word, not a date) among `values`, nested or not."""
    for v in np.asarray(values, dtype=object).ravel():
        if isinstance(v, np.ndarray | list | tuple):
            if _has_figure(v):
                return True
        elif isinstance(v, numbers.Real) and not isinstance(v, bool):
            if not formatting.is_missing(v):
                return True
    return False


def plotly_chart(fig: go.Figure, summary: str, name: str) -> None:
    """A chart in the house style as drawn (Streamlit's own chart theme greys the axis text to
    3.7:1), with no toolbar, named by its summary."""
    st.plotly_chart(fig, config=PLOTLY_CONFIG, theme=None, alt=plain(summary), key=f"chart-{name}")


def table_block(
    table: pd.DataFrame,
    name: str,
    view: DataVersion,
    state: ViewState,
    expanded: bool = True,
    title: str | None = None,
    extra_lines: tuple[str, ...] = (),
) -> None:
    """A table of numbers with its CSV download, optionally folded away; a table disclosure
    control had to withhold, whole or in part, says so. One sentence instead, and no download,
    when every figure of it is hidden from this role (as `chart_block` does for a chart)."""
    from dashboard import disclosure
    from dashboard.app import data_access

    if not data_access.can("exact_figures") and hides_every_figure(table):
        st.info(t("table.all_hidden", title=plain(title or t("chart.data"))), icon=HIDDEN_ICON)
        if table.attrs.get("withheld"):  # why: so many small numbers around them
            st.caption(disclosure.withheld_note())
        return
    if table.attrs.get("withheld"):
        st.caption(disclosure.withheld_note())
    with st.expander(title or t("chart.data"), expanded=expanded):
        st.dataframe(table, hide_index=True)
        download(table, name, view, state, extra_lines)


def hides_every_figure(table: pd.DataFrame) -> bool:
    """Whether a table shows no figure from the data, as a chart of it would draw nothing
    (`draws_anything`): withheld whole (empty), or every cell of its figure columns hidden
    ("fewer than 10", "not shown", "withheld"), missing, or "–" (a zero by definition, known
    without the data: the other areas when one is chosen). A column holding one of those texts
    is a figure column, so any other value in it is a figure shown ("500", "25.0%"); a column
    without them is one of figures if it holds numbers, or texts that all read as numbers,
    else one of words (categories, codes, months). A table with no hidden cell hides nothing.
    Where unsure it says no: a table is never taken away while it shows a figure."""
    from dashboard import disclosure

    if table.attrs.get("withheld") and table.empty:
        return True
    hidden = {disclosure.fewer_than(), disclosure.not_shown(), disclosure.withheld_text()}
    not_figures = hidden | {disclosure.zero_text()}
    seen_hidden = False
    for _, column in table.items():
        values = [v for v in column.tolist() if not formatting.is_missing(v)]
        said = [isinstance(v, str) and v in not_figures for v in values]
        if any(said):  # a column of figures
            if not all(said):
                return False  # a figure on view
            seen_hidden = seen_hidden or any(isinstance(v, str) and v in hidden for v in values)
        elif values and (any(map(_is_number, values)) or all(map(_reads_as_number, values))):
            return False  # figures, none hidden
    return seen_hidden


def _is_number(v: object) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _reads_as_number(v: object) -> bool:
    """A figure as a page writes it: "1,234", "25.0%", "−3"."""
    if not isinstance(v, str):
        return _is_number(v)
    text = v.replace(",", "").replace("%", "").replace("\u2212", "-").strip()
    try:
        float(text)
    except ValueError:
        return False
    return True


def banners(view: DataVersion, state: ViewState) -> None:
    """Notices at the top of every page: synthetic data, invalid link values."""
    if view.synthetic:
        st.info(t("banner.synthetic"), icon=":material/science:")
    from dashboard import disclosure
    from dashboard.app import data_access

    if not data_access.can("exact_figures"):
        # One sentence on every page; the whole rule one click away, in the page itself
        st.info(disclosure.summary(), icon=":material/visibility_off:")
        with st.expander(t("disclosure.how_we_protect"), icon=":material/shield:"):
            st.markdown(disclosure.explain())
    elif view.partly_synthetic:
        st.warning(t("banner.partly_synthetic"), icon=":material/science:")
    for notice in state.notices:
        st.warning(notice, icon=":material/link_off:")


def page_heading(title: str, view: DataVersion, state: ViewState) -> None:
    glossary.start_page()
    st.title(title)
    st.caption(
        t(
            "page.showing",
            period=formatting.period_label(state.period),
            filters=view_state.filter_words(state.filters),
            version=view.id,
            as_at=formatting.date_long(view.as_at),
        )
    )
    view_line()
    banners(view, state)


def view_line() -> None:
    """A control on the page itself that opens the period and filters: on a phone the sidebar
    that holds them is folded behind a menu. Streamlit offers no way to open its sidebar from
    Python, so a button does what the menu's own button does (the script in `streamlit_words`)
    and puts the keyboard's focus on the first control."""
    label = escape(t("page.change_view"))
    st.html(f'<button type="button" class="fd-open-filters">{label}</button>')


def provenance_footer(view: DataVersion) -> None:
    """Data version, as-at date, and what kind of figures these are, on every page."""
    st.divider()
    parts = [
        t("footer.version", version=view.id, as_at=formatting.date_long(view.as_at)),
        t("footer.management_information"),
    ]
    if view.synthetic:
        parts.append(t("footer.synthetic"))
    st.caption(" · ".join(parts))
    st.page_link(ACCESSIBILITY_PAGE, label=t("footer.accessibility"))


def definition_list(entries: list[dict[str, str]]) -> None:
    """Metric definitions as text that wraps: the label in bold, the definition, then its
    unit, basis and better direction in small type."""
    for entry in entries:
        st.markdown(f"**{entry['label']}**  \n{entry['definition']}")
        st.caption(entry["about"])
