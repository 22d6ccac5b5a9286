"""Link values echoed in Markdown messages are plain text (dashboard/link_text.py)."""

from __future__ import annotations

import pytest

from dashboard.app.link_text import literal


@pytest.mark.parametrize(
    "value, shown",
    [
        ("W06000022", "W06000022"),
        ("[a](http://b)", r"\[a\]\(http\://b\)"),
        ("1. item", r"1\. item"),
        ("a\nb\tc", "a b c"),
        ("<script>", r"\<script\>"),
    ],
)
def test_literal(value, shown):
    assert literal(value) == shown


def test_literal_cuts_long_values():
    assert literal("y" * 100, limit=10) == "y" * 9 + "…"
