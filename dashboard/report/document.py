"""A pack as one HTML document for Chromium to print: real text throughout, headings in order
(h1 the pack, h2 its parts, h3 their sections) for the PDF's bookmarks, every chart followed by
its summary and its table, and words beside every symbol (colour is never the only cue)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from plotly.offline import get_plotlyjs

from dashboard import formatting
from dashboard.i18n import current_language, t
from dashboard.report import chart, sections
from dashboard.report.content import OTHER_GROUP, Pack, text
from dashboard.report.markup import e as _e
from dashboard.report.markup import table as _table

STYLE = """
@page { size: A4; margin: 20mm 15mm 18mm 15mm; }
body { font-family: Arial, "Liberation Sans", sans-serif; font-size: 10.5pt; color: #111;
       line-height: 1.35; }
h1 { font-size: 22pt; margin: 40mm 0 8mm; }
h2 { font-size: 16pt; break-before: page; margin: 0 0 4mm; }
h3 { font-size: 12.5pt; margin: 6mm 0 2mm; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
th, td { border: 0.5pt solid #888; padding: 1.2mm 1.8mm; text-align: left; vertical-align: top; }
thead th { background: #eef1f5; }
td.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
.series { break-inside: avoid; margin-bottom: 4mm; }
.cover p { font-size: 12pt; margin: 2mm 0; }
.cover .mi { margin-top: 12mm; font-weight: bold; }
.contents td.n { width: 18mm; }
"""


@dataclass(frozen=True)
class Heading:
    """A heading of the pack (its level, its words) as the contents lists it."""

    level: int
    words: str


def title(pack: Pack) -> str:
    """The document's title (also its PDF metadata title)."""
    return t("report.title", period=formatting.period_label(pack.request.period))


def headings(pack: Pack) -> list[Heading]:
    """Every heading after the cover, in order: what the contents lists and the bookmarks hold."""
    found = [Heading(2, t("report.flight_deck"))]
    found += [Heading(3, _group(name)) for name, _ in pack.groups]
    found.append(Heading(2, t("report.trends")))
    found += [Heading(3, s.label) for s in pack.series]
    found += [Heading(level, words) for level, words in sections.headings(pack)]
    found += [Heading(2, t("report.definitions")), Heading(2, t("report.quality"))]
    return found


def _group(name: str) -> str:
    return t("report.group.other") if name == OTHER_GROUP else t(f"group.{name}")


def render(pack: Pack, filters: str, pages: Mapping[int, int] | None = None) -> str:
    """The whole document; `pages`: each heading's page (by its place in `headings`), once a
    first printing has found them; until then the contents shows none."""
    parts = [
        _cover(pack, filters),
        _contents(pack, pages or {}),
        _flight_deck(pack),
        _trends(pack),
        sections.disruption(pack),
        sections.national(pack),
        _definitions(pack),
        _quality(pack),
    ]
    return (
        f'<!DOCTYPE html><html lang="{_e(current_language())}"><head><meta charset="utf-8">'
        f"<title>{_e(title(pack))}</title><style>{STYLE}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>{''.join(parts)}</body></html>"
    )


def _cover(pack: Pack, filters: str) -> str:
    r = pack.request
    lines = [
        t("report.force"),
        t("report.cover.period", period=formatting.period_label(r.period)),
        filters,
        t(
            "report.cover.version",
            version=r.version,
            as_at=formatting.date_long(pack.as_at),
        ),
        t("report.cover.role", role=t(f"report.role.{pack.role}")),
    ]
    body = "".join(f"<p>{_e(line)}</p>" for line in lines)
    mi = _e(t("footer.management_information"))
    heading = f"<h1>{_e(title(pack))}</h1>"
    return f'<section class="cover">{heading}{body}<p class="mi">{mi}</p></section>'


def _contents(pack: Pack, pages: Mapping[int, int]) -> str:
    rows = []
    for place, heading in enumerate(headings(pack)):
        indent = "" if heading.level == 2 else "padding-left:8mm"
        page = pages.get(place, "")
        rows.append(
            f'<tr><td style="{indent}">{_e(heading.words)}</td><td class="n">{_e(page)}</td></tr>'
        )
    head = f'<tr><th scope="col">{_e(t("report.contents.section"))}</th>'
    head += f'<th scope="col">{_e(t("report.contents.page"))}</th></tr>'
    table = (
        f'<table class="contents" aria-labelledby="contents"><thead>{head}</thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return f'<section><h2 id="contents">{_e(t("report.contents"))}</h2>{table}</section>'


def _flight_deck(pack: Pack) -> str:
    columns = [
        t("report.column.measure"),
        t("report.column.value"),
        t("report.column.previous"),
        t("report.column.change"),
        t("report.column.verdict"),
    ]
    out = [f"<h2>{_e(t('report.flight_deck'))}</h2><p>{_e(t('report.flight_deck.intro'))}</p>"]
    for name, measures in pack.groups:
        rows = [[m.label, m.value, m.previous, m.change, m.verdict] for m in measures]
        out.append(f'<h3 id="group-{_e(name)}">{_e(_group(name))}</h3>')
        out.append(_table(_group(name), columns, rows, {1, 2}, heading=f"group-{name}"))
        for m in measures:
            if m.parts:
                parts = [[name, n] for name, n in m.parts]
                cols = [t("report.column.group"), t("report.column.value")]
                out.append(_table(m.label, cols, parts, {1}))
    return "".join(out)


def _trends(pack: Pack) -> str:
    out = [f"<h2>{_e(t('report.trends'))}</h2><p>{_e(t('report.trends.intro'))}</p>"]
    cols = [t("report.column.month"), t("report.column.figure")]
    for place, s in enumerate(pack.series):
        rows = [
            [formatting.month_year(m), t("fmt.missing") if v is None else text(v, s.unit)]
            for m, v in zip(s.months, s.values, strict=True)
        ]
        # a chart of no point would be an empty frame whose axis looks like figures
        drawn = chart.markup(s, f"chart-{place}") if chart.has_points(s) else ""
        out.append(
            f'<section class="series"><h3>{_e(s.label)}</h3>{drawn}'
            f"<p>{_e(chart.summary(s))}</p>"
            f"{_table(t('report.chart.table', measure=s.label), cols, rows, {1})}</section>"
        )
    return "".join(out)


def _definitions(pack: Pack) -> str:
    rows = [[label, definition] for label, definition in pack.definitions]
    cols = [t("report.column.measure"), t("report.column.definition")]
    table = _table(t("report.definitions"), cols, rows, set(), heading="definitions")
    return f'<h2 id="definitions">{_e(t("report.definitions"))}</h2>{table}'


def _quality(pack: Pack) -> str:
    notes = "".join(f"<p>{_e(note)}</p>" for note in pack.quality)
    return f"<h2>{_e(t('report.quality'))}</h2>{notes}"


def running_header(pack: Pack) -> str:
    """The running header: the period and the data version, on every page."""
    words = t(
        "report.running_header",
        period=formatting.period_label(pack.request.period),
        version=pack.request.version,
        as_at=formatting.date_long(pack.as_at),
    )
    return f'<div style="font-size:8pt;width:100%;margin:0 15mm;color:#333">{_e(words)}</div>'


def running_footer() -> str:
    """Page x of y (Chromium fills in the numbers) and the management-information reminder."""
    words = _e(t("footer.management_information"))
    page = t(
        "report.page",
        page='<span class="pageNumber"></span>',
        pages='<span class="totalPages"></span>',
    )
    return (
        '<div style="font-size:8pt;width:100%;margin:0 15mm;color:#333;display:flex;'
        f'justify-content:space-between"><span>{words}</span><span>{page}</span></div>'
    )
