"""A value copied from a URL, made safe to echo inside a Markdown message.

Notices say which link value was not valid ("the filter la=“…” is not valid"). Streamlit renders
those messages as Markdown, so a crafted link could otherwise show a live link, an image or
formatting inside the force's dashboard; here every Markdown and HTML character is escaped and
the value is cut to a length a person can read.
"""

from __future__ import annotations

import re

MAX_CHARS = 60
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:=\"'])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def literal(value: object, limit: int = MAX_CHARS) -> str:
    """`value` as plain text in Markdown: control characters dropped, cut to `limit`
    characters (with an ellipsis), every Markdown/HTML special character escaped."""
    text = _CONTROL.sub(" ", str(value)).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", text)
