"""Figure builders: traces, titles, alt text, formats, and a palette that passes WCAG contrast."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.app import charts

MONTHS = [date(2024, m, 1) for m in range(4, 10)]  # April to September 2024


def _luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert _contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert _contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert _contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the 4.5:1 grey


@pytest.mark.parametrize("colour", charts.PALETTE)
def test_every_palette_colour_has_3_to_1_contrast_with_white(colour):
    assert _contrast(colour, "#FFFFFF") >= 3.0


def test_palette_symbols_dashes_and_patterns_are_distinct():
    for sequence in (charts.PALETTE, charts.SYMBOLS, charts.DASHES, charts.PATTERNS):
        assert len(set(sequence)) == len(sequence) == 6


def _trend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month_start": MONTHS,
            "charge_rate": [0.031, 0.035, None, 0.04, 0.038, 0.04],
            "nfa_rate": [0.30, 0.31, 0.29, 0.28, 0.27, 0.25],
        }
    )


def _assert_house_style(fig: go.Figure, title: str, alt: str) -> None:
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text == title
    assert fig.layout.meta == {"alt": alt}
    assert "sans-serif" in fig.layout.font.family
    assert fig.layout.height >= 60
    assert fig.layout.showlegend == (len(fig.data) > 1)


def test_line_trend_has_one_trace_per_series_with_distinct_markers_and_dashes():
    names = {"charge_rate": "Charge rate", "nfa_rate": "Victim does not support"}
    fig = charts.line_trend(
        _trend(), "month_start", ["charge_rate", "nfa_rate"], names,
        "Rates by month", "Rate", "rate", alt="Two rates by month.",
    )  # fmt: skip
    _assert_house_style(fig, "Rates by month", "Two rates by month.")
    assert [trace.name for trace in fig.data] == ["Charge rate", "Victim does not support"]
    assert len({trace.marker.symbol for trace in fig.data}) == 2
    assert len({trace.line.dash for trace in fig.data}) == 2
    assert all("markers" in trace.mode for trace in fig.data)
    assert fig.layout.yaxis.tickformat.endswith("%")
    assert fig.layout.yaxis.title.text == "Rate"
    assert fig.layout.xaxis.title.text == "Month"
    assert fig.layout.xaxis.ticktext[0] == "Apr 2024"
    # a legend of two series at the figure's foot, under the month axis, and room for it
    assert fig.layout.height == charts.HEIGHT + charts.LEGEND_ROOM
    legend = fig.layout.legend
    assert (legend.yref, legend.y, legend.yanchor, legend.orientation) == (
        "container",
        0,
        "bottom",
        "h",
    )


def test_line_trend_with_one_series_has_no_legend_and_formatted_hover():
    fig = charts.line_trend(
        _trend(), "month_start", ["charge_rate"], {"charge_rate": "Charge rate"},
        "Charge rate by month", "Rate", "rate", alt="Charge rate rose.",
    )  # fmt: skip
    assert len(fig.data) == 1
    assert fig.layout.showlegend is False
    assert list(fig.data[0].customdata[0]) == ["April 2024", "Charge rate: 3.1%"]
    assert list(fig.data[0].customdata[2]) == ["June 2024", "Charge rate: –"]


@pytest.mark.parametrize(("unit", "tickformat"), [("count", ","), ("days", ",")])
def test_line_trend_counts_and_days_are_not_percentages(unit, tickformat):
    df = pd.DataFrame({"month_start": MONTHS[:2], "v": [321, 420.5]})
    fig = charts.line_trend(df, "month_start", ["v"], {}, "Days", "Days", unit, alt="a")
    assert fig.layout.yaxis.tickformat == tickformat
    assert fig.data[0].name == "v"  # no display name given: the column name


def _breakdown() -> pd.DataFrame:
    groups = ["Evidential difficulties (victim does not support action)", "Charged", "Other"]
    return pd.DataFrame({"group": groups, "crimes": [663, 80, 1024]})


def test_bar_breakdown_keeps_the_order_first_on_top_with_value_labels():
    fig = charts.bar_breakdown(_breakdown(), "group", "crimes", "Outcomes", "Crimes", alt="alt")
    _assert_house_style(fig, "Outcomes", "alt")
    assert len(fig.data) == 1
    assert fig.data[0].orientation == "h"
    assert list(fig.data[0].text) == ["663", "80", "1,024"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.categoryarray) == _breakdown()["group"].tolist()
    assert fig.layout.xaxis.title.text == "Crimes"


def test_bar_breakdown_vertical_rates():
    df = pd.DataFrame({"area": ["Newport", "Torfaen"], "rate": [0.05, 0.031]})
    fig = charts.bar_breakdown(
        df, "area", "rate", "Charge rate by area", "Rate", horizontal=False,
        y_format="rate", alt="alt",
    )  # fmt: skip
    assert fig.data[0].orientation == "v"
    assert list(fig.data[0].text) == ["5.0%", "3.1%"]
    assert fig.layout.yaxis.tickformat.endswith("%")


def test_stacked_bars_one_trace_per_category_with_patterns():
    df = pd.DataFrame(
        {
            "month_start": MONTHS * 2,
            "subgroup": ["Rape"] * 6 + ["Other sexual offences"] * 6,
            "crimes": [30, 32, 28, 35, 31, 29, 50, 52, 47, 55, 49, 51],
        }
    )
    fig = charts.stacked_bars(df, "month_start", "subgroup", "crimes", "Crimes", "Crimes", alt="a")
    _assert_house_style(fig, "Crimes", "a")
    assert [trace.name for trace in fig.data] == ["Rape", "Other sexual offences"]
    assert fig.layout.barmode == "stack"
    assert len({trace.marker.pattern.shape for trace in fig.data}) == 2
    assert fig.layout.xaxis.title.text == "Month"
    assert list(fig.data[0].customdata[0]) == ["April 2024", "Rape: 30"]


def test_grouped_bars_side_by_side_per_basis():
    df = pd.DataFrame(
        {
            "measure": ["Charge rate", "Charge rate"],
            "basis": ["Closed basis", "Recorded basis"],
            "rate": [0.046, 0.027],
        }
    )
    fig = charts.grouped_bars(df, "measure", "basis", "rate", "Two bases", "Rate", alt="a")
    _assert_house_style(fig, "Two bases", "a")
    assert len(fig.data) == 2
    assert fig.layout.barmode == "group"
    assert [list(trace.text) for trace in fig.data] == [["4.6%"], ["2.7%"]]
    assert fig.layout.xaxis.tickformat.endswith("%")  # horizontal: the value axis is x
    assert all(trace.orientation == "h" for trace in fig.data)


def test_heatmap_grid_labels_and_rows_in_order():
    df = pd.DataFrame(
        {
            "month_start": MONTHS[:2] * 2,
            "column": ["offence_date"] * 2 + ["victim_age"] * 2,
            "complete": [0.98, 1.0, 0.5, None],
        }
    )
    fig = charts.heatmap(df, "month_start", "column", "complete", "Completeness", alt="a")
    _assert_house_style(fig, "Completeness", "a")
    assert len(fig.data) == 1
    assert list(fig.data[0].x) == ["Apr 2024", "May 2024"]
    assert list(fig.data[0].y) == ["offence_date", "victim_age"]
    assert [list(row) for row in fig.data[0].text] == [["98.0%", "100.0%"], ["50.0%", "–"]]
    assert fig.data[0].colorbar.tickformat.endswith("%")


def test_dot_plot_ranks_highest_first_and_highlights_one_row():
    df = pd.DataFrame(
        {"force": ["Kent", "Gwent", "Dyfed-Powys", "Nowhere"], "rate": [0.02, 0.03, 0.05, None]}
    )
    fig = charts.dot_plot(df, "force", "rate", "Gwent", "Charge rate by force", "Rate", alt="a")
    assert fig.layout.title.text == "Charge rate by force"
    assert fig.layout.meta == {"alt": "a"}
    assert len(fig.data) == 2
    assert list(fig.layout.yaxis.categoryarray) == ["Dyfed-Powys", "Gwent", "Kent"]
    assert list(fig.layout.yaxis.ticktext) == ["Dyfed-Powys", "<b>Gwent</b>", "Kent"]
    others, highlighted = fig.data
    assert list(highlighted.y) == ["Gwent"]
    assert highlighted.marker.symbol != others.marker.symbol
    assert fig.layout.showlegend is False


def test_dot_plot_without_the_highlighted_row_has_one_trace():
    df = pd.DataFrame({"force": ["Kent"], "rate": [0.02]})
    assert len(charts.dot_plot(df, "force", "rate", "Gwent", "T", alt="a").data) == 1


def test_every_figure_serialises():
    fig = charts.line_trend(
        _trend(), "month_start", ["charge_rate"], {}, "T", "Rate", "rate", alt="a"
    )
    assert '"alt":"a"' in fig.to_json().replace(" ", "")


EMPTY = pd.DataFrame({"month_start": [], "c": [], "v": []})


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.line_trend(EMPTY, "month_start", ["v"], {}, "T", "Y", "rate", alt="a"),
        lambda: charts.bar_breakdown(EMPTY, "c", "v", "T", "X", alt="a"),
        lambda: charts.stacked_bars(EMPTY, "month_start", "c", "v", "T", alt="a"),
        lambda: charts.grouped_bars(EMPTY, "c", "c", "v", "T", alt="a"),
        lambda: charts.heatmap(EMPTY, "month_start", "c", "v", "T", alt="a"),
        lambda: charts.dot_plot(EMPTY, "c", "v", "Gwent", "T", alt="a"),
    ],
)
def test_builders_accept_an_empty_table(build):
    fig = build()
    assert isinstance(fig, go.Figure) and fig.layout.meta == {"alt": "a"}


def test_mark_date_draws_a_visible_line():
    # The house template ("simple_white") draws shapes 0 px wide at 40% opacity: the deadline
    # line on the training chart was invisible until mark_date set both.
    from datetime import date

    df = pd.DataFrame({"month_start": [date(2025, 1, 1), date(2025, 2, 1)], "v": [0.5, 0.8]})
    fig = charts.line_trend(df, "month_start", ["v"], {"v": "v"}, "t", "y", "rate", alt="a")
    charts.mark_date(fig, date(2025, 1, 31), "Deadline")
    (shape,) = fig.layout.shapes
    assert shape.x0 == shape.x1 == "2025-01-31"
    assert shape.line.width == 2 and shape.opacity == 1 and shape.line.dash == "dash"
    assert [a.text for a in fig.layout.annotations] == ["Deadline"]


def test_heatmap_cells_hidden_from_scrutiny_keep_their_words():
    from datetime import date

    df = pd.DataFrame(
        {
            "month": [date(2024, 4, 1), date(2024, 5, 1)] * 2,
            "field": ["a", "a", "b", "b"],
            "share": [0.5, "not shown", 1.0, "fewer than 10"],
        }
    )
    fig = charts.heatmap(df, "month", "field", "share", "t", alt="x")
    assert [list(r) for r in fig.data[0].text] == [
        ["50.0%", "not shown"],
        ["100.0%", "fewer than 10"],
    ]


def test_every_figure_has_the_house_template_whatever_streamlit_made_the_default():
    """simple_white's look, although Streamlit makes its own template Plotly's default."""
    import plotly.io as pio
    import streamlit  # noqa: F401 (sets Plotly's default template to its own)

    pio.templates.default = "streamlit"
    fig = charts.bar_breakdown(pd.DataFrame({"c": ["a"], "v": [1]}), "c", "v", "T", "X", alt="a")
    assert fig.layout.template.layout == pio.templates["simple_white"].layout
    assert set(fig.layout.template.data.to_plotly_json()) == set(charts.TRACE_TYPES)


HOSTILE = '<a href="https://attacker.example/">Team & co</a>'


def test_names_from_the_data_show_as_text_in_every_chart_never_as_markup():
    """Plotly reads <a href>, <b> and entities in labels, legends and hover text: a category
    from the data (a team typed into the records system) must show as what it is."""
    rows = pd.DataFrame(
        {"team": [HOSTILE, "B"], "basis": [HOSTILE, "B"], "rate": [0.5, 0.25], "n": [3, 4]}
    )
    month = pd.DataFrame(
        {"month": [date(2024, 4, 1)] * 2, "team": [HOSTILE, "B"], "rate": [0.5, 0.2]}
    )
    figures = [
        charts.bar_breakdown(rows, "team", "n", "T", alt="a"),
        charts.grouped_bars(rows, "team", "basis", "rate", "T", alt="a"),
        charts.stacked_bars(month, "month", "team", "rate", "T", alt="a"),
        charts.heatmap(month, "month", "team", "rate", "T", alt="a"),
        charts.dot_plot(rows, "team", "rate", HOSTILE, "T", alt="a"),
    ]
    for fig in figures:
        text = fig.to_json()
        assert "<a href" not in text and "</a>" not in text, fig.data[0].type
        assert "&lt;a href=" in text and "Team &amp; co&lt;" in text, fig.data[0].type


def _xmr_frame(targets: list) -> pd.DataFrame:
    values = [10.0, 12.0, 11.0, 13.0, 12.0, 11.0]
    return pd.DataFrame(
        {
            "month_start": MONTHS,
            "value": values,
            "mean": [11.5] * 6,
            "lower": [6.0] * 6,
            "upper": [17.0] * 6,
            "lower_2s": [8.0] * 6,
            "upper_2s": [15.0] * 6,
            "signal": [None] * 6,
            "side": [None] * 6,
            "target": targets,
        }
    )


def test_an_xmr_chart_draws_its_target_changes_and_immature_months():
    fig = charts.xmr_chart(
        _xmr_frame([None, None, 14.0, 14.0, 15.0, 15.0]),
        "Charged, 6 months",
        "Charged",
        "count",
        alt="words",
        immature=date(2024, 8, 1),
        changes=((date(2024, 6, 1), "New <b>unit</b> & team"),),
    )
    (target,) = [tr for tr in fig.data if tr.name == "Target"]
    assert list(target.y)[2:] == [14.0, 14.0, 15.0, 15.0] and target.line.shape == "hv"
    assert target.line.color == charts.TARGET_COLOUR
    assert _contrast(charts.TARGET_COLOUR, "#FFFFFF") >= 3  # a graphic's contrast (WCAG 1.4.11)
    texts = [a.text for a in fig.layout.annotations]
    # the analyst's words are text, never markup (Plotly reads <b> and entities)
    assert "Process change: New &lt;b&gt;unit&lt;/b&gt; &amp; team" in texts
    boxes = [s for s in fig.layout.shapes if s.label and s.label.text == "Not yet matured"]
    assert [(b.x0, b.x1) for b in boxes] == [("2024-08-01", "2024-09-01")]
    # the title names the measure, the value axis has none (on a phone it ran into the title);
    # each point's hover text names it; the legend sits at the figure's foot
    assert not fig.layout.yaxis.title.text
    (values,) = [tr for tr in fig.data if tr.name == "Month's value"]
    assert [row[1] for row in values.customdata][:1] == ["Charged: 10"]
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0


def test_an_xmr_chart_without_a_target_draws_no_target_line():
    fig = charts.xmr_chart(_xmr_frame([None] * 6), "t", "y", "count", alt="words")
    assert not [tr for tr in fig.data if tr.name == "Target"]
    assert not fig.layout.shapes or not any(s.label and s.label.text for s in fig.layout.shapes)


# ------------------------------------------------------------- phones (issue 17, item 5)

OUTCOME_GROUPS = [  # the Outcomes page's longest labels, four and five lines once wrapped
    "Responsibility for further investigation transferred to another body",
    "Further investigation to support formal action not in the public interest – police decision",
    "Diversionary/educational/intervention activity",
    "Charged/Summonsed",
]


def _value_text_room(fig: go.Figure) -> tuple[float, int]:
    """The px past the axis end a value text may take (the right margin) and its widest text."""
    widest = max(len(x) for trace in fig.data for x in trace.text if x)
    return fig.layout.margin.r, widest


def test_value_texts_past_the_longest_bar_fit_however_narrow_the_chart():
    """The axis ends at the longest bar and the right margin holds the widest value text
    ("60.2%"): on a phone a share of the axis is too few pixels, a margin is not."""
    df = pd.DataFrame(
        {"group": OUTCOME_GROUPS * 2, "basis": ["Closed"] * 4 + ["Recorded"] * 4}
        | {"rate": [0.02, 0.108, 0.011, 0.046, 0.016, 0.034, 0.004, 0.602]}
    )
    grouped = charts.grouped_bars(df, "group", "basis", "rate", "Outcomes", alt="alt")
    bars = charts.bar_breakdown(df.head(4), "group", "rate", "Outcomes", y_format="rate", alt="a")
    for fig, longest in ((grouped, 0.602), (bars, 0.108)):
        margin, widest = _value_text_room(fig)
        assert margin >= charts.VALUE_TEXT_PX * widest  # "60.2%": 5 characters
        assert fig.layout.xaxis.range[1] == pytest.approx(longest * 1.02)


def test_wrapped_category_labels_have_a_gap_between_them():
    """Plotly gives every category the same band: it holds the tallest wrapped label (five
    lines here) and a gap, so that two long labels never touch."""
    df = pd.DataFrame({"group": OUTCOME_GROUPS, "basis": "Closed", "rate": 0.1})
    grouped = charts.grouped_bars(df, "group", "basis", "rate", "Outcomes", alt="alt")
    lines = max(charts.wrapped(c).count("<br>") + 1 for c in OUTCOME_GROUPS)
    assert lines == 5
    band = (grouped.layout.height - 200) / len(OUTCOME_GROUPS)
    assert band >= charts.LINE_PX * lines + charts.LABEL_GAP


def test_a_word_longer_than_a_line_breaks_after_its_slashes():
    assert charts.wrapped("Diversionary/educational/intervention activity") == (
        "Diversionary/<br>educational/<br>intervention activity"
    )
    assert charts.wrapped("Charged/Summonsed") == "Charged/Summonsed"  # short: whole
    assert charts.wrapped("Gweithgarwch dargyfeiriol/addysgol/ymyrraeth") == (
        "Gweithgarwch<br>dargyfeiriol/addysgol/<br>ymyrraeth"
    )
    assert max(map(len, charts.wrapped("a/" * 30).split("<br>"))) <= charts.WRAP_AT
