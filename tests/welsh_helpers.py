"""Finding English on a page that should be all Welsh (issue 13, item 4).

Every English message of the catalogue (and every metric's label and definition from its SQL
header) gives the pieces of text that only English prints: a message without placeholders is
looked for whole, as words; a message with placeholders by each stretch of text between them of
at least 12 characters. A piece that also occurs in some Welsh message (a code, a name, "data")
cannot tell the languages apart and is not looked for, and neither is a message whose Welsh is
the same as its English (proper names, formats). Data values and place names are not messages,
so they never count.
"""

from __future__ import annotations

import re
from functools import cache

from dashboard import i18n, reference
from dashboard.figures import queries
from dashboard.ingest import contract
from dashboard.synth.events import TEAMS

# Messages that are not page text in the page's language: the command line's; each language's
# own name in the language choice ("English" beside "Cymraeg"); the national CLI's words for a
# kind of value, which are also the names of URL parameters and audit fields ("subgroup").
NOT_PAGE_TEXT = ("argparse.", "cli.", "language.name", "national.kind.")
MIN_FRAGMENT = 12  # characters: shorter stretches of a template are too common to tell apart
_WORD = re.compile(r"\w+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_MARKUP = re.compile(r"\*\*|__|:material/[a-z_]+:|\[|\]\([^)]*\)|[#>*_]")
_CODE = re.compile(r"`([^`]*)`")


def reference_keys() -> dict[str, str]:
    """`ref.<English words>` -> the words, for every label of the Home Office reference lists
    shown on pages (outcome types and groups, offence descriptions and subgroups, orders)."""
    words = [w for label, group in reference.outcome_types().values() for w in (label, group)]
    words += list(reference.offence_descriptions().values())
    words += list(reference.offence_codes().values())
    words += list(reference.order_types().values())
    return {f"ref.{w}": w for w in words}


def declared_messages() -> dict[str, str]:
    """English declared in code rather than in the catalogue, by the key of its translation:
    each query's label and definition (its SQL header) and each table's and column's meaning in
    the extract contract (`contract.py`)."""
    messages = {}
    for kind in ("kpi", "checks", "trend", "breakdown"):
        prefix = queries.message_prefix(kind)
        for q in queries.queries_of_kind(kind):
            messages[f"{prefix}.{q.name}.label"] = q.label
            messages[f"{prefix}.{q.name}.definition"] = q.definition
    for table in contract.TABLES.values():
        messages[f"contract_doc.table.{table.name}"] = table.meaning
        for col in table.columns:
            messages[f"contract_doc.column.{table.name}.{col.name}"] = col.meaning
    return {key: text for key, text in messages.items() if text.strip()}  # some columns: none


def _english_messages() -> dict[str, str]:
    return dict(i18n.catalogue("en")) | reference_keys() | declared_messages()


def _plain(text: str) -> str:
    """The words of a Markdown message as a page shows them: markup gone, inline code kept
    as it is (its underscores and asterisks are not markup)."""
    parts = _CODE.split(text)  # even: Markdown; odd: the inside of a `code` span
    plain = "".join(p if i % 2 else _MARKUP.sub(" ", p) for i, p in enumerate(parts))
    return " ".join(plain.split())


@cache
def english_pieces() -> tuple[tuple[str, re.Pattern, str], ...]:
    """(key, pattern, word) for each piece of English text that Welsh pages must not show;
    `word` is the piece's longest word, which a text must hold for the piece to be in it."""
    welsh = i18n.catalogue("cy")
    welsh_text = "\n".join(_plain(_PLACEHOLDER.sub(" ", v)) for v in welsh.values())
    pieces = []
    for key, text in _english_messages().items():
        if welsh.get(key) == text or key.startswith(NOT_PAGE_TEXT):
            continue  # the same in both languages; or never page text (see NOT_PAGE_TEXT)
        parts = _PLACEHOLDER.split(text)
        for part in parts:
            piece = _plain(part).strip(" .,;:()–-")
            whole = len(parts) == 1
            if not re.search(r"[A-Za-z]{3}", piece) or (not whole and len(piece) < MIN_FRAGMENT):
                continue
            if len(piece) < 4:
                continue
            pattern = re.compile(r"(?<![\w])" + re.escape(piece) + r"(?![\w])")
            if pattern.search(welsh_text):
                continue  # Welsh says it too: no sign of English
            pieces.append((key, pattern, max(_WORD.findall(piece), key=len)))
    return tuple(pieces)


@cache
def data_names() -> tuple[str, ...]:
    """Names that are data, not messages, on the bundled synthetic data's pages: its teams
    ("Public Protection Unit" holds the word of the message "Unit"), longest first."""
    return tuple(sorted((team for team in TEAMS if team), key=len, reverse=True))


def english_on(text: str) -> list[str]:
    """The catalogue keys whose English appears in `text`, with what was found."""
    text = " ".join(text.split())
    for name in data_names():
        text = text.replace(name, " ")
    words = set(_WORD.findall(text))
    found = []
    for key, pattern, word in english_pieces():
        if word in words and (match := pattern.search(text)):
            found.append(f"{key}: {match.group(0)!r}")
    return found
