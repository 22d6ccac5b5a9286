"""Plotly figure builders: pure functions, a DataFrame in and an accessible Figure out."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard import formatting
from dashboard.app.markdown_text import plain
from dashboard.i18n import t

# The GSS/ONS accessible categorical palette, in its recommended order: each colour has at
# least 3:1 contrast with white (WCAG 1.4.11), and the order keeps neighbours apart for
# colour-blind readers. Markers, dashes and patterns repeat the distinction without colour.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
PATTERNS = ("", "/", ".", "x", "-", "|")
SEQUENTIAL = ((0.0, "#F2F6FA"), (1.0, "#12436D"))  # light to the palette's dark blue
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#0B0C0C"
WRAP_AT = 22  # characters a line of a category label (a 390 px phone fits about 20 a line)
HEIGHT = 320
LEGEND_ROOM = 140  # px added to a figure with a legend at its foot: on a phone, one line an entry
TICKFORMAT = {"count": ",", "counts": ",", "rate": ".1~%", "days": ",", "hours": ","}
HOVER = "%{customdata[0]}<br>%{customdata[1]}<extra></extra>"
TRACE_TYPES = ("scatter", "bar", "heatmap")  # the kinds of trace drawn here
HOUSE = "flightdeck"


def _house_template() -> go.layout.Template:
    """Plotly's simple_white, its trace defaults kept only for the kinds drawn here."""
    base = pio.templates["simple_white"]
    data = {k: v for k, v in base.to_plotly_json()["data"].items() if k in TRACE_TYPES}
    return go.layout.Template(layout=base.layout, data=data)


pio.templates[HOUSE] = _house_template()  # built and checked once


def _new_figure(data=None) -> go.Figure:
    """An empty figure in the house template.

    Plotly gives a new figure its default template without checking it again (it was checked
    when registered), where `update_layout(template=...)` checks the whole template on every
    figure: 14 ms a figure, a third of the flight deck's server time. Streamlit makes its own
    template the default when it is imported, so the house one is made the default here, before
    each figure (every Plotly figure in the dashboard is drawn here)."""
    if pio.templates.default != HOUSE:  # setting it checks the template again
        pio.templates.default = HOUSE
    return go.Figure(data)


def _as_text(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """`df` with the text in `columns` made plain for Plotly, which reads `<b>`, `<a href>`,
    `<br>` and entities in labels, legends and hover text: a team or category name from the
    data shows as the characters it is (`&`, `<` and `>` as entities), never as a link."""
    plain = {
        c: df[c].map(lambda v: html.escape(v, quote=False) if isinstance(v, str) else v)
        for c in columns
    }
    return df.assign(**plain)


def wrapped(label: str, width: int = WRAP_AT) -> str:
    """A long category label over several lines (Plotly's `<br>`), so that a bar chart's labels
    fit a phone's width instead of being cut off on the left; a word longer than `width` breaks
    after its slashes ("Diversionary/educational/intervention"), else stays whole. The label is
    already plain text for Plotly (`_as_text`)."""
    lines: list[str] = []
    for word in label.split():
        parts = re.findall(r"[^/]+/?|/", word) if len(word) > width else [word]
        for i, part in enumerate(parts):
            space = " " if i == 0 else ""  # the pieces of a word join without one
            if lines and len(lines[-1]) + len(space) + len(part) <= width:
                lines[-1] += space + part
            else:
                lines.append(part)
    return "<br>".join(lines) or label


def _category_ticks(cats: Sequence[str]) -> dict:
    """A category axis's labels, long ones wrapped (the categories themselves unchanged)."""
    return {"tickvals": list(cats), "ticktext": [wrapped(c) for c in cats]}


def _numbers(series: pd.Series) -> list:
    """Values to plot: a withheld figure (text, for a scrutiny user) is a gap, never a mark."""
    return [None if pd.isna(v) else v for v in pd.to_numeric(series, errors="coerce").tolist()]


def _as_date(v: object) -> date | None:
    if isinstance(v, datetime | pd.Timestamp):
        return v.date()
    return v if isinstance(v, date) else None


def _label(v: object, short: bool = False) -> str:
    """A category as text; a month start as 'April 2024' (or 'Apr 2024'), another date in full."""
    d = _as_date(v)
    if d is None:
        return str(v)
    if short:
        return formatting.month_year_short(d)
    return formatting.month_year(d) if d.day == 1 else formatting.date_long(d)


def _hover(xs: Sequence, ys: Sequence, name: str, unit: str) -> list[list[str]]:
    value = [t("charts.hover.value", label=name, value=formatting.value(y, unit)) for y in ys]
    return [[_label(x), v] for x, v in zip(xs, value, strict=True)]


def _month_ticks(xs: Sequence) -> dict:
    """Axis ticks for dates in words from the catalogue (Plotly's own month names are English)."""
    dates = sorted({d for d in map(_as_date, xs) if d is not None})
    if not dates:
        return {}
    step = -(-len(dates) // 8)  # at most eight labels
    shown = dates[::step]
    return {"tickvals": shown, "ticktext": [_label(d, short=True) for d in shown]}


def _finish(fig: go.Figure, title: str, alt: str, height: int = HEIGHT) -> go.Figure:
    """The house style shared by every figure, and the alt text in `layout.meta`."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13, "color": TEXT_COLOUR},
        hoverlabel={"font": {"family": FONT}},
        height=height,
        margin={"l": 8, "r": 24, "t": 64, "b": 8},
        meta={"alt": plain(alt)},
        separators=formatting.plotly_separators(),
        showlegend=len(fig.data) > 1,
        # Under the chart, at the foot of the figure: on a phone a legend of seven entries takes
        # three lines, which above the plot ran into the title, its subtitle and the plot's own
        # labels ("Period chosen"); at the foot it pushes the plot up instead (Plotly's margin
        # expansion), and the figure grows by its lines' height
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "title": None,
        },
    )
    if len({tr.name for tr in fig.data if tr.name}) > 1:
        fig.update_layout(height=height + LEGEND_ROOM)
    return fig


def _value_axis(unit: str, title: str) -> dict:
    return {"title": title, "tickformat": TICKFORMAT[unit], "rangemode": "tozero"}


def line_trend(
    df: pd.DataFrame,
    x: str,
    ys: list[str],
    names: dict[str, str],
    title: str,
    y_title: str,
    y_format: str = "count",
    *,
    alt: str,
    x_title: str | None = None,
) -> go.Figure:
    """Monthly lines, one per column in `ys`, each with its own colour, marker and dash."""
    fig = _new_figure()
    for i, y in enumerate(ys):
        name = names.get(y, y)
        fig.add_scatter(
            x=df[x].tolist(),
            y=_numbers(df[y]),
            name=name,
            mode="lines+markers",
            line={"color": PALETTE[i % 6], "dash": DASHES[i % 6], "width": 2},
            marker={"symbol": SYMBOLS[i % 6], "size": 8},
            customdata=_hover(df[x].tolist(), _numbers(df[y]), name, y_format),
            hovertemplate=HOVER,
        )
    axis_title = t("charts.axis.month") if x_title is None else x_title
    fig.update_xaxes(title=axis_title, **_month_ticks(df[x].tolist()))
    fig.update_yaxes(**_value_axis(y_format, y_title))
    return _finish(fig, title, alt)


def mark_date(fig: go.Figure, day: date, text: str) -> go.Figure:
    """A dashed vertical line at `day` with its label at the foot, on a white ground so that a
    line of data behind it never hides it (the house template draws shapes 0 px wide: set it)."""
    fig.add_vline(
        x=day.isoformat(),
        line={"dash": "dash", "color": TEXT_COLOUR, "width": 2},
        opacity=1,
        annotation={"text": text, "bgcolor": "white", "font": {"color": TEXT_COLOUR}},
        annotation_position="bottom left",
    )
    return fig


LINE_PX = 18  # a line of 13 px category text, as Plotly spaces wrapped lines (about 16.5 px)
LABEL_GAP = 16  # px between one category's wrapped label and the next one's
VALUE_TEXT_PX = 8  # px a character of a value printed past its bar ("60.2%"), generously


def _bar_height(rows: int, cats: Sequence[str] = ()) -> int:
    """Room for every bar (32 px a row) and, Plotly giving every category the same band, for
    the tallest wrapped category label in each band with a gap before the next one (200 px for
    title, legend and value axis). Without categories (a heat map): 32 px a row."""
    if not cats:
        return min(max(HEIGHT, 80 + 32 * rows), 1400)
    lines = max(wrapped(c).count("<br>") + 1 for c in cats)
    band = max(32 * rows / len(cats), LINE_PX * lines + LABEL_GAP)
    return min(max(HEIGHT, round(200 + band * len(cats))), 2400)


def _room_for_labels(values: Sequence[float | None], texts: Sequence[str]) -> tuple[dict, int]:
    """The value axis and the right margin for bars whose values are printed past their ends:
    the axis ends at the longest bar, and the margin holds the widest value text, so that every
    text fits however narrow the chart is (a phone) instead of a share of the axis that a
    narrow chart makes too few pixels. Plotly's own margin otherwise (24 px)."""
    known = [v for v in values if v is not None]
    if not known or max(known) <= 0 or min(known) < 0:
        return {}, 24
    widest = max((len(x) for x in texts if x), default=0)
    return {"range": [0, max(known) * 1.02]}, max(24, VALUE_TEXT_PX * widest + 12)


def bar_breakdown(
    df: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    x_title: str = "",
    horizontal: bool = True,
    y_format: str = "count",
    *,
    alt: str,
) -> go.Figure:
    """Bars by category in the given order (first on top); `x_title` names the value axis."""
    df = _as_text(df, category)
    cats, values = df[category].astype(str).tolist(), _numbers(df[value])
    fig = _new_figure()
    fig.add_bar(
        x=values if horizontal else cats,
        y=cats if horizontal else values,
        orientation="h" if horizontal else "v",
        marker_color=PALETTE[0],
        text=(texts := [formatting.value(v, y_format) for v in values]),
        textposition="outside",
        cliponaxis=False,
        customdata=_hover(cats, values, x_title or title, y_format),
        hovertemplate=HOVER,
    )
    categories = {
        "title": None,
        "automargin": True,
        "categoryorder": "array",
        "categoryarray": cats,
        **(_category_ticks(cats) if horizontal else {}),
    }
    if not horizontal:
        fig.update_xaxes(**categories)
        fig.update_yaxes(**_value_axis(y_format, x_title))
        return _finish(fig, title, alt)
    axis, right = _room_for_labels(values, texts)
    fig.update_xaxes(**_value_axis(y_format, x_title), **axis)
    fig.update_yaxes(**categories, autorange="reversed")  # the first row on top
    return _finish(fig, title, alt, _bar_height(len(cats), cats)).update_layout(margin={"r": right})


def _series_bars(
    df: pd.DataFrame,
    x: str,
    series: str,
    value: str,
    unit: str,
    labelled: bool = False,
    horizontal: bool = False,
) -> list[go.Bar]:
    """One bar trace per value of `series`, in order of appearance, with colour and pattern."""
    df = _as_text(df, x, series)
    bars = []
    for i, name in enumerate(pd.unique(df[series])):
        part = df[df[series] == name]
        xs, ys = part[x].tolist(), _numbers(part[value])
        marker = {"color": PALETTE[i % 6], "pattern": {"shape": PATTERNS[i % 6]}}
        position = {"x": ys, "y": xs, "orientation": "h"} if horizontal else {"x": xs, "y": ys}
        bars.append(
            go.Bar(
                **position,
                name=str(name),
                marker={**marker, "line": {"color": "white", "width": 1}},
                text=[formatting.value(v, unit) for v in ys] if labelled else None,
                textposition="outside" if labelled else None,
                cliponaxis=False,
                customdata=_hover(xs, ys, str(name), unit),
                hovertemplate=HOVER,
            )
        )
    return bars


def stacked_bars(
    df: pd.DataFrame,
    x: str,
    category: str,
    value: str,
    title: str,
    y_title: str = "",
    y_format: str = "count",
    *,
    alt: str,
    x_title: str | None = None,
) -> go.Figure:
    """Bars along `x` (months by default) stacked by `category` (long data)."""
    fig = _new_figure(_series_bars(df, x, category, value, y_format))
    is_dates = any(_as_date(v) for v in df[x].tolist())
    axis_title = x_title if x_title is not None else t("charts.axis.month") if is_dates else None
    fig.update_xaxes(title=axis_title, **_month_ticks(df[x].tolist()))
    fig.update_yaxes(**_value_axis(y_format, y_title))
    fig.update_layout(barmode="stack")
    return _finish(fig, title, alt)


def grouped_bars(
    df: pd.DataFrame,
    category: str,
    series: str,
    value: str,
    title: str,
    y_title: str = "",
    y_format: str = "rate",
    *,
    alt: str,
) -> go.Figure:
    """Horizontal bars side by side per category (first on top), one colour and pattern per
    `series` (e.g. the count basis); `y_title` names the value axis."""
    bars = _series_bars(df, category, series, value, y_format, labelled=True, horizontal=True)
    fig = _new_figure(bars)
    cats = [str(c) for c in pd.unique(_as_text(df, category)[category])]
    fig.update_yaxes(
        title=None, type="category", autorange="reversed", automargin=True,
        **_category_ticks(cats),
    )  # fmt: skip
    values = [v for bar in bars for v in bar.x]
    axis, right = _room_for_labels(values, [x for bar in bars for x in bar.text or ()])
    fig.update_xaxes(**_value_axis(y_format, y_title), **axis)
    fig.update_layout(barmode="group")
    rows = len(cats) * max(1, len(bars))
    return _finish(fig, title, alt, _bar_height(rows, cats)).update_layout(margin={"r": right})


def heatmap(
    df: pd.DataFrame,
    x: str,
    y: str,
    value: str,
    title: str,
    value_format: str = "rate",
    *,
    alt: str,
) -> go.Figure:
    """A grid of `value` by `x` (columns) and `y` (rows), each cell labelled with its value (a
    hidden figure keeps its words, "not shown", and no colour)."""
    df = _as_text(df, x, y)
    words = df.assign(_words=df[value].map(lambda v: v if isinstance(v, str) else None))
    df = df.assign(**{value: pd.to_numeric(df[value], errors="coerce")})  # hidden: no colour
    rows, columns = pd.unique(df[y]), sorted(pd.unique(df[x]))
    grid = df.pivot(index=y, columns=x, values=value).reindex(index=rows, columns=columns)
    hidden = words.pivot(index=y, columns=x, values="_words").reindex(index=rows, columns=columns)
    text = [
        [
            w if isinstance(w, str) else formatting.value(v, value_format)
            for v, w in zip(r, h, strict=True)
        ]
        for r, h in zip(grid.to_numpy().tolist(), hidden.to_numpy().tolist(), strict=True)
    ]
    cols = [_label(c, short=True) for c in grid.columns]
    fig = _new_figure()
    fig.add_heatmap(
        z=grid.to_numpy(dtype=float),
        x=cols,
        y=[str(r) for r in grid.index],
        text=text,
        texttemplate="%{text}",
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        colorscale=SEQUENTIAL,
        zmin=0,
        zmax=1 if value_format == "rate" else None,
        xgap=2,
        ygap=2,
        colorbar={"tickformat": TICKFORMAT[value_format], "thickness": 12},
    )
    fig.update_xaxes(type="category", showline=False, ticks="")
    fig.update_yaxes(type="category", autorange="reversed", showline=False, ticks="")
    return _finish(fig, title, alt, _bar_height(len(grid.index)))


def dot_plot(
    df: pd.DataFrame,
    label: str,
    value: str,
    highlight: str,
    title: str,
    x_title: str = "",
    value_format: str = "rate",
    *,
    alt: str,
) -> go.Figure:
    """Rows ranked by value, highest on top; the `highlight` row larger, bold and a diamond."""
    df, highlight = _as_text(df, label), html.escape(highlight, quote=False)
    data = df.dropna(subset=[value]).sort_values(value, ascending=False, kind="stable")
    labels = data[label].astype(str).tolist()
    fig = _new_figure()
    for is_highlight in (False, True):
        part = data[(data[label].astype(str) == highlight) == is_highlight]
        ys, xs = part[label].astype(str).tolist(), _numbers(part[value])
        if not ys:
            continue
        fig.add_scatter(
            x=xs,
            y=ys,
            name=highlight if is_highlight else "",
            mode="markers",
            marker={
                "color": PALETTE[3] if is_highlight else PALETTE[4],
                "symbol": "diamond" if is_highlight else "circle",
                "size": 13 if is_highlight else 8,
            },
            customdata=_hover(ys, xs, x_title or title, value_format),
            hovertemplate=HOVER,
        )
    ticktext = [f"<b>{wrapped(n)}</b>" if n == highlight else wrapped(n) for n in labels]
    fig.update_xaxes(**_value_axis(value_format, x_title), showgrid=True)
    fig.update_yaxes(
        title=None, type="category", categoryorder="array", categoryarray=labels,
        tickvals=labels, ticktext=ticktext, autorange="reversed", automargin=True,
    )  # fmt: skip
    fig = _finish(fig, title, alt, min(max(HEIGHT, 80 + 22 * len(labels)), 1200))
    fig.update_layout(showlegend=False)  # the highlighted row is named in bold on its axis
    return fig


# Making Data Count's colours for a signal: improving blue, concerning orange (the palette's own
# blue and orange); a point's shape says which side it is on, and the table says it in words.
SIGNAL_COLOURS = {"improving": PALETTE[0], "concerning": PALETTE[3], "neither": PALETTE[2]}
COMMON_CAUSE = PALETTE[4]  # the months themselves: dark grey, as Making Data Count draws them
LINE_GREY = "#6F777B"  # the mean and the limits: GOV.UK's dark grey, 4.5:1 on white
TARGET_COLOUR = (
    "#4C2C92"  # the target: GOV.UK purple, dash-dot, named in the legend (not by colour alone)
)


def xmr_chart(
    df: pd.DataFrame,
    title: str,
    y_title: str,
    unit: str,
    *,
    alt: str,
    marked: tuple[date, date] | None = None,
    immature: date | None = None,
    changes: tuple[tuple[date, str], ...] = (),
) -> go.Figure:
    """An XmR chart: the months (`month_start`, `value`), the centre line (`mean`), the process
    limits (`lower`, `upper`) dashed and the 2-sigma lines (`lower_2s`, `upper_2s`) dotted, each
    month of a signal (`signal`: "improving", "concerning" or "neither"; `side`: "high" or
    "low") as a larger triangle pointing the way it moved; `marked` shades the page's period,
    `immature` boxes the months from that one on, whose outcomes have not matured; a `target`
    column (the target in force each month) is drawn as a stepped line; `changes` (a process
    change's month and what changed) as dated lines, where the limits were worked out again."""
    xs = df["month_start"].tolist()
    fig = _new_figure()
    lines = (
        ("upper", "spc.line.upper", "dash"),
        ("upper_2s", "spc.line.two_sigma", "dot"),
        ("mean", "spc.line.mean", "solid"),
        ("lower_2s", "spc.line.two_sigma", "dot"),
        ("lower", "spc.line.lower", "dash"),
    )
    for column, key, dash in lines:
        if column not in df or df[column].isna().all():
            continue
        ys = _numbers(df[column])
        fig.add_scatter(
            x=xs,
            y=ys,
            name=t(key),
            mode="lines",
            line={"color": LINE_GREY, "dash": dash, "width": 1.5 if column == "mean" else 1},
            customdata=_hover(xs, ys, t(key), unit),
            hovertemplate=HOVER,
            showlegend=column not in ("lower_2s", "lower"),
        )
    if "target" in df and not df["target"].isna().all():
        targets = _numbers(df["target"])
        fig.add_scatter(
            x=xs,
            y=targets,
            name=t("spc.line.target"),
            mode="lines",
            line={"color": TARGET_COLOUR, "dash": "dashdot", "width": 2, "shape": "hv"},
            customdata=_hover(xs, targets, t("spc.line.target"), unit),
            hovertemplate=HOVER,
        )
    values = _numbers(df["value"])
    fig.add_scatter(
        x=xs,
        y=values,
        name=t("spc.line.value"),
        mode="lines+markers",
        line={"color": COMMON_CAUSE, "width": 2},
        marker={"symbol": "circle", "size": 7, "color": COMMON_CAUSE},
        customdata=_hover(xs, values, y_title, unit),
        hovertemplate=HOVER,
    )
    for kind, colour in SIGNAL_COLOURS.items():
        part = df[df["signal"] == kind]
        if part.empty:
            continue
        shapes = ["triangle-up" if s == "high" else "triangle-down" for s in part["side"]]
        ys = _numbers(part["value"])
        fig.add_scatter(
            x=part["month_start"].tolist(),
            y=ys,
            name=t(f"spc.signal.{kind}"),
            mode="markers",
            marker={"symbol": shapes, "size": 13, "color": colour, "line": {"color": "white"}},
            customdata=_hover(part["month_start"].tolist(), ys, t(f"spc.signal.{kind}"), unit),
            hovertemplate=HOVER,
        )
    if marked is not None:
        fig.add_vrect(
            x0=marked[0].isoformat(),
            x1=marked[1].isoformat(),
            fillcolor="#F3F2F1",
            opacity=1,
            layer="below",
            line_width=0,
            annotation={"text": t("spc.period_marked"), "font": {"color": TEXT_COLOUR}},
            annotation_position="top left",
        )
    for day, note in changes:  # an analyst's words: plain text to Plotly
        mark_date(fig, day, t("spc.change_label", note=html.escape(note, quote=False)))
    if immature is not None and xs and immature <= xs[-1]:
        fig.add_vrect(
            x0=max(immature, xs[0]).isoformat(),
            x1=xs[-1].isoformat(),
            fillcolor="rgba(0,0,0,0)",
            line={"color": TEXT_COLOUR, "width": 1, "dash": "dot"},
            layer="below",
            label={"text": t("spc.immature_label"), "textposition": "bottom center"},
        )
    fig.update_xaxes(title=t("charts.axis.month"), **_month_ticks(xs))
    # The axis fits the months and their lines, not zero: a count of about 1,400 moving by 60
    # would be a flat line on an axis from 0. It has no title: the chart's title names the
    # measure (and the hover text each point's), and on a phone a measure's name set along the
    # axis was longer than the plot is high, running into the title
    fig.update_yaxes(**{**_value_axis(unit, ""), "rangemode": "normal"})
    return _finish(fig, title, alt)
