"""A charted measure's months as a vector chart (Plotly, drawn in the page by the plotly.js that
the plotly package bundles: nothing is fetched), and its one-sentence summary. A month whose
figure is hidden is a gap, never a point; the table beneath the chart says so in words."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from dashboard import formatting
from dashboard.i18n import t, tn
from dashboard.report.content import Series, text

WIDTH, HEIGHT = 660, 250  # CSS pixels: the width of A4 within its margins
# Plotly's own template, named: importing Streamlit makes its theme the process's default, and
# the pack must print the same in the dashboard's process as from the command line
TEMPLATE = "plotly"
INK, GRID = "#1d3557", "#d0d5dd"


def _numbers(series: Series) -> list[float | None]:
    """Each month's figure as a number, None for a hidden one (words)."""
    return [v if isinstance(v, int | float) else None for v in series.values]


def has_points(series: Series) -> bool:
    """Whether any month's figure is shown as a number."""
    return any(v is not None for v in _numbers(series))


def figure(series: Series) -> go.Figure:
    """A line with a marked point for every month shown; rates as percentages."""
    scale = 100 if series.unit == "rate" else 1
    ys = [None if v is None else v * scale for v in _numbers(series)]
    fig = go.Figure(
        go.Scatter(
            x=[formatting.month_year_short(m) for m in series.months],
            y=ys,
            mode="lines+markers",
            line={"color": INK, "width": 2},
            marker={"color": INK, "size": 7, "symbol": "circle"},
            connectgaps=False,
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        width=WIDTH,
        height=HEIGHT,
        margin={"l": 56, "r": 12, "t": 12, "b": 44},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "Arial, sans-serif", "size": 12, "color": "#111111"},
        showlegend=False,
        separators=formatting.plotly_separators(),
        xaxis={"type": "category", "showgrid": False, "linecolor": "#555555"},
        yaxis={
            "gridcolor": GRID,
            "rangemode": "tozero",
            "ticksuffix": "%" if series.unit == "rate" else "",
        },
    )
    return fig


def markup(series: Series, chart_id: str) -> str:
    """The chart's HTML (a div and the script that draws it), with no plotly.js of its own."""
    drawn = figure(series).to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=chart_id,
        config={"staticPlot": True, "displayModeBar": False, "responsive": False},
    )
    label = html.escape(t("report.chart.alt", measure=series.label), quote=True)
    return f'<div class="chart" role="img" aria-label="{label}">{drawn}</div>'


def summary(series: Series) -> str:
    """One sentence: the months' lowest and highest figures and the latest, then how many are
    hidden (the words of the pages' summaries)."""
    shown = [(m, v) for m, v in zip(series.months, _numbers(series), strict=True) if v is not None]
    hidden = len(series.months) - len(shown)
    first = formatting.month_year(series.months[0])
    last = formatting.month_year(series.months[-1])
    if not shown:
        sentence = t("report.chart.all_hidden", first=first, last=last)
    else:
        low = min(shown, key=lambda mv: mv[1])
        high = max(shown, key=lambda mv: mv[1])
        sentence = t(
            "report.chart.summary",
            first=first,
            last=last,
            low=text(low[1], series.unit),
            low_month=formatting.month_year(low[0]),
            high=text(high[1], series.unit),
            high_month=formatting.month_year(high[0]),
            latest=text(series.values[-1], series.unit)
            if series.values[-1] is not None
            else t("fmt.missing"),
        )
    if hidden:
        sentence = f"{sentence} {tn('summaries.some_hidden', hidden, n=hidden)}"
    return sentence
