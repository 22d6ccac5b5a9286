"""The pack's sections after the flight deck and its months, as HTML: the suspects and
disruption pages' tables (one heading a page, each table under its title) and, where national
figures are loaded, the national comparison."""

from __future__ import annotations

from dashboard.i18n import t
from dashboard.report.content import Pack
from dashboard.report.markup import e, table


def headings(pack: Pack) -> list[tuple[int, str]]:
    """These sections' headings in order (level, words), for the contents and bookmarks."""
    found: list[tuple[int, str]] = []
    if pack.tables:
        found.append((2, t("report.disruption")))
        found += [(3, page) for page in _pages(pack)]
    if pack.comparison is not None:
        found.append((2, t("page.comparison")))
    return found


def _pages(pack: Pack) -> list[str]:
    return list(dict.fromkeys(table.page for table in pack.tables))


def disruption(pack: Pack) -> str:
    if not pack.tables:
        return ""
    out = [f"<h2>{e(t('report.disruption'))}</h2><p>{e(t('report.disruption.intro'))}</p>"]
    for page in _pages(pack):
        out.append(f"<h3>{e(page)}</h3>")
        for shown in (x for x in pack.tables if x.page == page):
            out.append(table(shown.title, list(shown.columns), shown.rows, set(shown.numeric)))
    return "".join(out)


def national(pack: Pack) -> str:
    c = pack.comparison
    if c is None:
        return ""
    intro, *notes = c.notes
    rows = [list(row) for row in c.rows]
    numeric = set(range(1, len(c.columns)))
    return (
        f"<h2>{e(t('page.comparison'))}</h2><p>{e(intro)}</p>"
        f"{table(c.title, list(c.columns), rows, numeric)}"
        + "".join(f"<p>{e(note)}</p>" for note in notes)
    )
