"""The pack's HTML printed to an A4 PDF by the system's Chromium (Playwright drives it; no
browser is ever downloaded): tagged (a structure tree for screen readers), with bookmarks from
the headings, the running header and the page numbers. The contents' page numbers come from a
second printing: the first one's bookmarks say on which page each heading fell (pypdf reads
them), and the second prints them; a third is made only if they moved."""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Error as BrowserError
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from dashboard import settings
from dashboard.i18n import current_language, set_language, t

PRINTINGS = 3  # at most: the second normally agrees with the first
WAIT_MS = 60_000


class PrintError(RuntimeError):
    """The pack could not be printed (no Chromium, or Chromium failed): one sentence."""


class NoChromium(PrintError):
    """No Chromium to print with on this machine."""


def chromium() -> str:
    """The Chromium to print with (`FLIGHTDECK_CHROMIUM`, else the one on the PATH)."""
    path = settings.chromium()
    if path is None:
        raise NoChromium(t("report.no_chromium", variable=settings.CHROMIUM_ENV))
    return path


def heading_pages(pdf: bytes) -> list[tuple[str, int]]:
    """Every bookmark of the PDF in order, with the page (from 1) it points to."""
    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def pages_of(wanted: list[str], bookmarks: list[tuple[str, int]]) -> dict[int, int]:
    """Each wanted heading's page (by its place in `wanted`): the first bookmark of its words
    after the previous one found, so that two headings of the same words keep their order."""
    pages: dict[int, int] = {}
    at = 0
    for place, words in enumerate(wanted):
        for i in range(at, len(bookmarks)):
            if bookmarks[i][0].strip() == words.strip():
                pages[place] = bookmarks[i][1]
                at = i + 1
                break
    return pages


def print_pack(
    document: Callable[[dict[int, int]], str], wanted: list[str], header: str, footer: str
) -> bytes:
    """The PDF of `document(pages)`, printed until the contents' page numbers (`pages`, for the
    headings `wanted`) agree with where the headings fall. Printed on a thread of its own, in
    the caller's language: Playwright's synchronous API refuses to run on a thread that already
    runs an event loop (the caller's own, or another browser's in the same process)."""
    language = current_language()

    def printing() -> bytes:
        set_language(language)
        return _print_pack(document, wanted, header, footer)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="board-pack") as pool:
        return pool.submit(printing).result()


def _print_pack(
    document: Callable[[dict[int, int]], str], wanted: list[str], header: str, footer: str
) -> bytes:
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium())
            try:
                page = browser.new_page()
                pages: dict[int, int] = {}
                for _ in range(PRINTINGS):
                    pdf = _print(page, document(pages), header, footer)
                    found = pages_of(wanted, heading_pages(pdf))
                    if found == pages:
                        return pdf
                    pages = found
                raise PrintError(t("report.pages_moved"))
            finally:
                browser.close()
    except BrowserError as exc:
        raise PrintError(t("report.chromium_failed", error=str(exc).splitlines()[0])) from None


def _print(page, html: str, header: str, footer: str) -> bytes:
    page.set_content(html, wait_until="load", timeout=WAIT_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.plotly-graph-div')]"
        ".every(d => d.querySelector('.main-svg'))",
        timeout=WAIT_MS,
    )
    return page.pdf(
        format="A4",
        tagged=True,
        outline=True,
        print_background=True,
        display_header_footer=True,
        header_template=header,
        footer_template=footer,
        prefer_css_page_size=True,
    )
