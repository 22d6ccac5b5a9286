"""The plain-English glossary: its terms (the catalogue's `glossary.<key>.*`: the term, the
words that use it in each language, its meaning), each entry's anchor on the Glossary page, and
a line of links beneath a page's first use of each term."""

from __future__ import annotations

import re
from functools import lru_cache

import streamlit as st

from dashboard.i18n import current_language, t

# In the order a term is looked for in a text: longer phrases before the words inside them
# (the charge/summons rate is "charge", then "rate").
TERMS = (
    "rasso",
    "isva",
    "n100",
    "rui",
    "bail",
    "nfa",
    "s63g",
    "closed_basis",
    "recorded_basis",
    "victim_not_supporting",
    "charge",
    "outcome",
    "repeat_suspect",
    "word_on_word",
    "orders",
    "non_recent",
    "median",
    "rate",
    "periods",
    "signal",
    "protection",
    "management_information",
)
PAGE = "glossary"  # its url path
_SEEN = "_glossary_seen"


def anchor(key: str) -> str:
    """The entry's anchor on the Glossary page ("glossary-closed-basis")."""
    return f"glossary-{key.replace('_', '-')}"


def url(key: str) -> str:
    """The entry's address, relative to the page (so it works behind a proxy's path), in the
    page's language (a link opens a new session, which reads the language from it)."""
    return f"./{PAGE}?lang={current_language()}#{anchor(key)}"


def entries() -> list[tuple[str, str, str]]:
    """(key, term, meaning) of every term, in the alphabetical order of the page's language."""
    found = [(k, t(f"glossary.{k}.term"), t(f"glossary.{k}.meaning")) for k in TERMS]
    return sorted(found, key=lambda entry: entry[1].strip('"').casefold())


@lru_cache(maxsize=128)
def _pattern(key: str, language: str) -> re.Pattern:
    words = t(f"glossary.{key}.words")
    return re.compile(rf"(?<![\w/-])(?:{words})(?![\w-])")


def start_page() -> None:
    """A page is being drawn: every term's next use is its first on this page."""
    st.session_state[_SEEN] = set()


def _seen() -> set[str]:
    return st.session_state.setdefault(_SEEN, set())


def terms_in(texts: list[str]) -> str | None:
    """One line linking the terms first used on this page in `texts` (tile labels, which
    cannot hold a link; a chart's title and sentence, which are also its alt text), for beneath
    them; None when there are none."""
    seen, language, found = _seen(), current_language(), []
    for key in TERMS:
        if key not in seen and any(_pattern(key, language).search(x) for x in texts):
            seen.add(key)
            found.append(f"[{t(f'glossary.{key}.term')}]({url(key)})")
    return t("glossary.link", terms=", ".join(found)) if found else None
