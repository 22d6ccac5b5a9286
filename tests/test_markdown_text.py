"""Text from outside the code shows as itself in Streamlit's Markdown, and forms nothing
(dashboard/app/markdown_text.py).

markdown-it-py (CommonMark, with GFM tables and strikethrough) stands in for Streamlit's
remark parser; the patterns Streamlit and remark-gfm match in the parsed text (bare links,
icons, its logo, emoji shortcodes, typographic arrows) are checked on the text it yields,
as they are copied from those projects."""

from __future__ import annotations

import html
import re

import pytest

from dashboard.app.markdown_text import JOINER, LINK_CHARS, literal

markdown_it = pytest.importorskip("markdown_it")

HOSTILE = [
    "![x](https://attacker.example/p.png)",
    "[click here](https://attacker.example/login)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "$x^2$ and $$y$$",
    ":material/lock: :material_lock:",
    ":red[x] :blue-badge[y] :small[z] :color[w]{foreground=red}",
    ":smile: :+1: :streamlit:",
    "`code` and ```fence```",
    "**bold** __strong__ *em* _em_ ~~gone~~",
    "name\n# heading",
    "name\r\n\r\n- item\n> quote\n1. first",
    "tab\there\x00nul\x1bescape\x7fdel\u2028sep",
    "https://attacker.example/p.png www.attacker.example jane.doe@gwent.police.uk",
    "<https://attacker.example> <jane@example.com>",
    "&lt;img src=x&gt; &#x3C;b&#x3E;",
    "[ref]: https://attacker.example\n[ref]",
    "| a | b |\n|---|---|\n| c | d |",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    "back\\slash \\*not bold\\* trailing\\",
    "safe\u202egnp.exe",
    "crimes.csv",
]

# Patterns matched after parsing: remark-gfm's bare links (mdast-util-gfm-autolink-literal),
# Streamlit's icons, logo and typographic symbols, and remark-emoji's shortcodes.
TEXT_PATTERNS = [
    re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE),
    re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),
    re.compile(r":material_(\w+):"),
    re.compile(r":streamlit:"),
    re.compile(r":\+1:|:-1:|:[\w-]+:"),
    re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
]


def _parser():
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_tokens(source: str) -> list:
    tokens = _parser().parse(source)
    return [c for tok in tokens for c in ([tok, *(tok.children or [])])]


def _shown(source: str) -> str:
    """The text a reader sees: the rendered HTML's text, entities undone."""
    rendered = _parser().render(source)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


def _expected(value: str) -> str:
    flat = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", value).replace("\u202e", "")
    return flat.strip()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_forms_nothing(value):
    escaped = literal(value)
    kinds = {tok.type for tok in _inline_tokens(escaped)}
    formed = kinds & {
        "link_open",
        "image",
        "html_inline",
        "html_block",
        "code_inline",
        "code_block",
        "fence",
        "em_open",
        "strong_open",
        "s_open",
        "heading_open",
        "bullet_list_open",
        "ordered_list_open",
        "blockquote_open",
        "table_open",
        "hr",
    }
    assert not formed, (value, escaped, formed)
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "text"}, kinds
    text = _shown(escaped)
    for pattern in TEXT_PATTERNS:
        assert not pattern.search(text), (value, pattern.pattern, text)
    # Streamlit replaces ":material/" in the source and reads directives and LaTeX from it.
    assert ":material/" not in escaped
    assert not re.search(r"(?<!\\):[a-z]", escaped), escaped
    assert not re.search(r"(?<!\\)\$", escaped), escaped
    assert "\n" not in escaped and "\r" not in escaped


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_shows_as_itself(value):
    """A backslash-escaped character shows as the character; the word joiners show nothing."""
    assert _shown(literal(value)).replace(JOINER, "") == _expected(value)


@pytest.mark.parametrize(
    "value, escaped",
    [
        ("W06000022", "W06000022"),
        ("crimes.csv", r"crimes\.csv"),
        ("x.zip/crimes.csv", r"x\.zip/crimes\.csv"),
        ("[a](http://b)", r"\[a\]\(http\:" + JOINER + r"//b\)"),
        ("![x](y)", r"\!\[x\]\(y\)"),
        ("1. item", r"1\. item"),
        ("a\nb\tc", "a b c"),
        ("<script>", r"\<script\>"),
        (":red[x]", r"\:" + JOINER + r"red\[x\]"),
        ("$x$", r"\$x\$"),
        ("www.a.uk", "www" + JOINER + r"\.a\.uk"),
        ("a@b.uk", r"a\@" + JOINER + r"b\.uk"),
        ("a -> b", r"a \-" + JOINER + r"\> b"),
        ("O'Brien, Jones; 50%?", "O'Brien, Jones; 50%?"),
        (None, "None"),
        (42, "42"),
    ],
)
def test_literal(value, escaped):
    assert literal(value) == escaped


def test_literal_cuts_long_values():
    assert literal("y" * 100, limit=10) == "y" * 9 + "…"
    assert literal("y" * 100) == "y" * 100  # names are not cut unless asked
    assert len(literal("y" * 100, limit=LINK_CHARS)) == LINK_CHARS


@pytest.mark.parametrize("value", HOSTILE)
def test_plain_gives_back_what_a_person_reads_for_alt_text(value):
    """A chart's alt text is read aloud, not rendered: the sentence as it shows, no escapes
    and no joiners."""
    from dashboard.app.markdown_text import plain

    assert plain(f"The largest group was {literal(value)}: 3.") == (
        f"The largest group was {_expected(value)}: 3."
    )
