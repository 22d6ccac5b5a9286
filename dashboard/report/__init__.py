"""The board pack: a period's figures as an accessible A4 PDF for scrutiny panels and chief
officer groups (`flightdeck report`).

Layers: below the app and the command line, above `dashboard.shown`, whose one pipeline gives
every figure exactly as the role's pages show it (for scrutiny suppressed and rounded by the
same code); this package protects nothing itself. `content` gathers the figures, `document`
writes one HTML document (charts drawn by plotly.js from the plotly package), `printer` prints
it with the system Chromium through Playwright (tagged, bookmarked, page numbers), and
`delivery` puts the file in place only once its audit line is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from dashboard import disclosure, shown
from dashboard.access.roles import Identity
from dashboard.access.viewer import Access
from dashboard.figures.request import Request
from dashboard.i18n import current_language
from dashboard.report import content, document, printer
from dashboard.report.printer import PrintError

__all__ = ["PrintError", "make"]


def make(request: Request, role: str, as_at: date, manifest: Mapping, filters: str) -> bytes:
    """The pack of `request` for `role` (leader: exact figures; scrutiny: as its pages show
    them), in the current language, as PDF bytes; `filters`: the filters in words."""
    who = Access.of(Identity(None, (), frozenset({role})), current_language(), _threshold())
    pipeline = shown.build(lambda: who, shown.memo)
    pack = content.gather(pipeline, request, as_at, role, manifest)
    wanted = [h.words for h in document.headings(pack)]
    return printer.print_pack(
        lambda pages: document.render(pack, filters, pages),
        wanted,
        document.running_header(pack),
        document.running_footer(),
    )


def _threshold() -> int:
    return disclosure.configured_threshold()
