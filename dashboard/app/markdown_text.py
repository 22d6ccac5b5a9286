"""Text from outside the code (file names, values, user names, link values) made inert in
Streamlit's Markdown, so that it shows as the characters it is and nothing else.

Streamlit renders Markdown in st.markdown, st.caption, st.error/warning/info/success, toasts,
widget labels and expander titles: GitHub-flavoured Markdown (links, images, emphasis, raw
HTML tags), LaTeX between `$`, emoji shortcodes (`:smile:`), Material icons
(`:material/lock:`), its logo (`:streamlit:`) and directives (`:red[…]`, `:blue-badge[…]`).
A backslash before an ASCII punctuation character shows that character and stops every
syntax built from it (CommonMark 2.4); every one that Markdown, GFM or Streamlit gives a
meaning is escaped (not `/ , ; ? % ' "`, which mean nothing outside a link or a tag).
Some of Streamlit's features act on the text after the escapes are undone, though: GFM's
bare links (`https://…`, `www.…`, `a@b.uk`) and the icon, logo and emoji shortcodes are
matched in the parsed text, and `:material/` is replaced in the source before parsing. An
invisible WORD JOINER (U+2060) after each `:` and `@`, and between `www` and its dot, breaks
those patterns without changing what shows (and likewise Streamlit's arrows such as "->").
"""

from __future__ import annotations

import re
import string

LINK_CHARS = 60  # a value copied from a link: cut to what a person can read in a notice
JOINER = "\u2060"  # WORD JOINER: no width, no line break, ignored by screen readers
# Control characters, line and paragraph separators: a name must not start a new block.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# Bidirectional overrides and isolates: they would show a name in another order.
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MEANINGFUL = "".join(c for c in string.punctuation if c not in "/,;?%'\"")
_PUNCTUATION = re.compile("([" + re.escape(_MEANINGFUL) + "])")
# Where the patterns matched in the parsed text are broken (see above): after `:` and `@`,
# between `www` and its dot, inside Streamlit's arrows ("->", "<=", "--", …).
_AFTER_JOINER = re.compile(r"(?<=[:@])|(?<=www)(?=\\\.)|(?<=[<>~-])(?=\\[-<>=])", re.IGNORECASE)


def literal(value: object, limit: int | None = None) -> str:
    """`value` as plain text in Streamlit Markdown: control characters as one space, bidi
    controls dropped, cut to `limit` characters (with an ellipsis), each meaningful ASCII
    punctuation character backslash-escaped, a word joiner where Streamlit matches text."""
    text = _BIDI.sub("", _CONTROL.sub(" ", str(value))).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _AFTER_JOINER.sub(JOINER, _PUNCTUATION.sub(r"\\\1", text))


_ESCAPED = re.compile(r"\\([" + re.escape(_MEANINGFUL) + "])")


def plain(markdown: str) -> str:
    """A sentence holding `literal` text as a person reads it, for where it is not Markdown (a
    chart's alt text, which screen readers read aloud): escapes and word joiners taken out."""
    return _ESCAPED.sub(r"\1", markdown).replace(JOINER, "")
