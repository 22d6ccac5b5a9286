"""Streamlit's own words and layout on our pages, put right in one place.

Streamlit writes some words itself, in English whatever the page's language, with no setting to
change them: the file uploader's button ("Upload"), its limit ("200MB per file • CSV, GZ, ZIP"),
its input's name ("file upload"), and the name of every help button ("Help for <label>"). A
script puts the catalogue's words in their place, on the text itself, so that screen readers
hear them too (a style sheet's generated content would be seen but not always read), now and
whenever Streamlit draws the widget again. The words are the catalogue's, never user input, and
`<` is escaped so that they cannot close the script.

A tile's label is cut short with "…" where it is longer than the tile (Streamlit's
`stMarkdownEllipsis`); Welsh labels are often longer than English ones. The style sheet lets it
wrap instead, so that the whole label is read.

What Streamlit writes and this does not reach (the date picker's calendar, table toolbars) is
listed in docs/glossary-cy.md."""

from __future__ import annotations

import json

import streamlit as st

from dashboard.i18n import t

_STYLE = """<style>
[data-testid="stMetricLabel"] .stMarkdownEllipsis,
[data-testid="stMetricLabel"] .stMarkdownEllipsis p {
  white-space: normal; overflow: visible; text-overflow: clip;
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
