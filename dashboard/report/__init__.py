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

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

from dashboard import disclosure, shown
from dashboard.access.roles import Identity
from dashboard.access.viewer import Access
from dashboard.figures.request import Request
from dashboard.filters import filter_text
from dashboard.i18n import current_language
from dashboard.report import content, document, national, printer, tables
from dashboard.report.printer import NoChromium, PrintError

__all__ = ["STAGES", "NoChromium", "PrintError", "gather", "make", "pipeline_for", "role_of"]

STAGES = ("figures", "printing")  # what `make` reports to its `progress`, in order


def role_of(who: Access) -> str:
    """Whose figures a pack for `who` holds: a leader's (exact) for a role with exact figures,
    else scrutiny's (protected and rounded), so no role without exact figures gets them."""
    return "leader" if who.exact else "scrutiny"


def pipeline_for(role: str) -> shown.Pipeline:
    """The figures pipeline for a pack made for `role` (the command line's `--role`), in the
    current language, with a cache of its own."""
    who = Access.of(Identity(None, (), frozenset({role})), current_language(), _threshold())
    return shown.build(lambda: who, shown.memo)


def make(
    request: Request,
    pipeline: shown.Pipeline,
    as_at: date,
    manifest: Mapping,
    progress: Callable[[str], None] = lambda stage: None,
) -> bytes:
    """The pack of `request` as `pipeline.who()` may see it (its role: `role_of`), in the
    current language, as PDF bytes; `progress(stage)` is told each of `STAGES` as it starts."""
    progress("figures")
    pack = gather(pipeline, request, as_at, manifest)
    wanted = [h.words for h in document.headings(pack)]
    words = filter_text(request.filters)
    progress("printing")
    return printer.print_pack(
        lambda pages: document.render(pack, words, pages),
        wanted,
        document.running_header(pack),
        document.running_footer(),
    )


def gather(
    pipeline: shown.Pipeline, request: Request, as_at: date, manifest: Mapping
) -> content.Pack:
    """Everything the pack shows: the flight deck and its months (`content`), the suspects and
    disruption pages' tables (`tables`) and the national comparison (`national`)."""
    pack = content.gather(pipeline, request, as_at, role_of(pipeline.who()), manifest)
    return replace(
        pack, tables=tables.gather(pipeline, request), comparison=national.gather(request)
    )


def _threshold() -> int:
    return disclosure.configured_threshold()
