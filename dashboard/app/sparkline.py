"""A tile's sparkline as a small SVG image: the metric's twelve months as a line, named by its
values in words.

Streamlit's own tile sparkline (`st.metric(chart_data=...)`) is a Vega chart: on the flight deck
its 25 charts were most of the browser's work for a page (about 20,000 DOM changes a load), and
each was named only "Vega visualization" to a screen reader (axe `svg-img-alt`). This is one
SVG image a tile, drawn by the browser at once, whose name gives the months and every value.

It computes nothing: the values are the tile's own, as the figures gave them (for a scrutiny
user, after disclosure control)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from dashboard import formatting
from dashboard.i18n import t
from dashboard.periods import Period

WIDTH, HEIGHT, PAD = 240, 40, 4  # the viewBox; the drawing stretches to the tile's width
COLOUR = "#12436D"  # the charts' dark blue: 9.6:1 on white, 8.6:1 on the tile's grey


def points(values: Sequence[float | None]) -> list[list[tuple[float, float]]]:
    """The line's runs of points in the viewBox (a missing month breaks the line): x spread
    evenly, y from the lowest value (bottom) to the highest (top), a flat series mid-height."""
    known = [v for v in values if v is not None]
    if not known:
        return []
    low, high = min(known), max(known)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    runs: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            if runs[-1]:
                runs.append([])
            continue
        share = 0.5 if high == low else (v - low) / (high - low)
        runs[-1].append(
            (round(PAD + i * step, 2), round(HEIGHT - PAD - share * (HEIGHT - 2 * PAD), 2))
        )
    return [run for run in runs if run]


def name(label: str, months: Period, values: Sequence[float | None], unit: str) -> str:
    """What a screen reader hears: 'Crimes recorded by month, April 2024 to March 2025: 150;
    162; ...'; a month without a figure is said so."""
    shown = [
        t("tile.sparkline.no_figure") if v is None else formatting.value(v, unit) for v in values
    ]
    return t(
        "tile.sparkline.name",
        label=label,
        period=formatting.period_label(months),
        values="; ".join(shown),
    )


def svg(values: Sequence[float | None]) -> str:
    """The drawing: the line, and a dot on the last month with a figure."""
    runs = points(values)
    lines = "".join(
        f'<polyline points="{" ".join(f"{x},{y}" for x, y in run)}" fill="none" '
        f'stroke="{COLOUR}" stroke-width="2" stroke-linejoin="round" '
        'vector-effect="non-scaling-stroke"/>'
        for run in runs
    )
    dot = ""
    if runs:  # a line of no length with round ends: a round dot however the drawing stretches
        x, y = runs[-1][-1]
        dot = (
            f'<path d="M{x},{y}h0" stroke="{COLOUR}" stroke-width="7" stroke-linecap="round" '
            'vector-effect="non-scaling-stroke"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'preserveAspectRatio="none">{lines}{dot}</svg>'
    )


def image(values: Sequence[float | None], accessible_name: str) -> str:
    """The drawing as an `<img>` (st.html keeps images and drops inline SVG), named by its
    values: `alt` for screen readers, `title` for a pointer's tooltip (escaped: the name holds
    words from the catalogue and the data)."""
    data = base64.b64encode(svg(values).encode()).decode()
    text = escape(accessible_name, quote=True)
    return (
        f'<img class="fd-sparkline" src="data:image/svg+xml;base64,{data}" alt="{text}" '
        f'title="{text}" width="100%" height="{HEIGHT}" style="display:block">'
    )
