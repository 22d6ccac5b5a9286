"""Streamlit's own words and layout on our pages, put right in one place.

Streamlit writes some words itself, in English whatever the page's language, with no setting to
change them: the file uploader's button ("Upload"), its limit ("200MB per file • CSV, GZ, ZIP"),
its input's name ("file upload"), and the name of every help button ("Help for <label>"). A
script puts the catalogue's words in their place, on the text itself, so that screen readers
hear them too (a style sheet's generated content would be seen but not always read), now and
whenever Streamlit draws the widget again. The words are the catalogue's, never user input, and
`<` is escaped so that they cannot close the script.

A tile's label and change are cut short with "…" where they are longer than the tile
(Streamlit's `stMarkdownEllipsis`); Welsh labels are often longer than English ones. The style
sheet lets them wrap instead, so that the whole text is read. It also lays the tiles out (three
to a line, two under 640 px: `components.tile_rows`), gives every control a visible focus ring
(WCAG 2.4.7: Streamlit's own on a navigation link is 1.09:1; this one is the theme's blue,
5.2:1 on white), and opens the sidebar from the page's "Change period and filters" control
(`components.view_line`), which a phone hides behind its menu.

What Streamlit writes and this does not reach (the date picker's calendar, table toolbars) is
listed in docs/glossary-cy.md."""

from __future__ import annotations

import json

import streamlit as st

from dashboard.i18n import t

_STYLE = """<style>
[data-testid="stMetric"] div, [data-testid="stMetric"] p, [data-testid="stMetric"] label {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word; min-width: 0;
}
[data-testid="stMetric"] div:has(> [data-testid="stMetricDelta"]) { flex-wrap: wrap; }
.stHorizontalBlock[class*="st-key-fd-tiles"] {
  display: grid !important; grid-template-columns: repeat(3, minmax(0, 1fr));
}
.stHorizontalBlock[class*="st-key-fd-tiles"] > * { width: auto !important; min-width: 0; }
@media (max-width: 640px) {
  .stHorizontalBlock[class*="st-key-fd-tiles"] { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media (max-width: 320px) {
  .stHorizontalBlock[class*="st-key-fd-tiles"] { grid-template-columns: minmax(0, 1fr); }
}
:focus-visible, [data-baseweb="select"]:focus-within, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within, label:has(input:focus-visible) {
  outline: 3px solid #1d70b8 !important; outline-offset: 2px !important;
}
[data-baseweb="select"] input:focus-visible, [data-baseweb="input"] input:focus-visible,
[data-baseweb="textarea"] textarea:focus-visible { outline: none !important; }
.fd-open-filters {
  font: inherit; color: #1d70b8; background: none; border: none; padding: 0;
  text-decoration: underline; cursor: pointer;
}
</style>"""

_SCRIPT = """<script>
(() => {
  window.__flightdeckWords = %s;
  const HELP = "Help for ";
  const apply = () => {
    const words = window.__flightdeckWords;
    document.querySelectorAll('[data-testid="stFileUploaderDropzone"]').forEach((zone) => {
      const button = zone.querySelector('button [data-testid="stMarkdownContainer"] p');
      if (button && button.textContent !== words.upload_button) {
        button.textContent = words.upload_button;
      }
      const limit = zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span');
      if (limit && limit.textContent !== words.upload_limit) limit.textContent = words.upload_limit;
      const input = zone.querySelector('input[type="file"]');
      if (input && input.getAttribute("aria-label") !== words.upload_input) {
        input.setAttribute("aria-label", words.upload_input);
      }
    });
    document.querySelectorAll('button[aria-label^="' + HELP + '"]').forEach((button) => {
      const label = button.getAttribute("aria-label").slice(HELP.length);
      const named = words.help.replace("{label}", () => label);
      if (named !== button.getAttribute("aria-label")) button.setAttribute("aria-label", named);
    });
  };
  apply();
  if (!window.__flightdeckOpenFilters) {
    window.__flightdeckOpenFilters = true;
    document.addEventListener("click", (event) => {
      if (!event.target.closest(".fd-open-filters")) return;
      const open = document.querySelector('[data-testid="stExpandSidebarButton"]');
      const button = open && (open.matches("button") ? open : open.querySelector("button"));
      if (button) button.click();
      setTimeout(() => {
        const first = document.querySelector('[data-testid="stSidebarUserContent"] input');
        if (first) first.focus();
      }, 300);
    });
  }
  if (!window.__flightdeckWordsObserver) {
    window.__flightdeckWordsObserver = new MutationObserver(apply);
    window.__flightdeckWordsObserver.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>"""


def words() -> dict[str, str]:
    """The catalogue's words for what Streamlit writes in English, in the page's language."""
    limit_mb = int(st.get_option("server.maxUploadSize"))
    return {
        "upload_button": t("upload.widget.button"),
        "upload_limit": t("upload.widget.limit", size=limit_mb, types="CSV, GZ, ZIP"),
        "upload_input": t("upload.widget.input"),
        "help": t("widget.help_for"),
    }


def markup() -> str:
    """The style sheet and the script, for `st.html(..., unsafe_allow_javascript=True)`."""
    data = json.dumps(words(), ensure_ascii=False).replace("<", "\\u003c")
    return _STYLE + "\n" + _SCRIPT % data
