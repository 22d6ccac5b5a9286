"""The Welsh catalogue is whole: every English message has a Welsh one with the same
placeholders, and nothing Welsh lacks an English original (issue 13, item 4).

A plural family (`key.one` / `key.other` in English, a message picked by `tn`) is one message:
Welsh must have its `.other`, may have any of CLDR's Welsh forms (zero, one, two, few, many),
and each form uses only the placeholders English offers for that family.
"""

from __future__ import annotations

import json
import re
import string
from datetime import datetime

import pytest

from dashboard import i18n
from tests.welsh_helpers import declared_messages, english_on, reference_keys

WELSH_FORMS = {"zero", "one", "two", "few", "many", "other"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def plural_families(messages: dict[str, str]) -> set[str]:
    """The keys used with `tn`: those with a `.one` and an `.other` in English, save any whose
    last part is a word, not a plural form (listed in `NOT_PLURAL`)."""
    families = {k.rsplit(".", 1)[0] for k in messages if k.endswith(".one")}
    return {f for f in families if f"{f}.other" in messages and f not in NOT_PLURAL}


NOT_PLURAL: set[str] = set()  # none today


@pytest.fixture(scope="module")
def catalogues():
    return i18n.catalogue("en"), i18n.catalogue("cy")


def test_welsh_is_a_language_of_the_product():
    assert i18n.available_languages() == ["cy", "en"]
    assert set(i18n.LOCALES.joinpath("cy").glob("*.json"))
    english_files = {p.name for p in i18n.LOCALES.joinpath("en").glob("*.json")}
    welsh_files = {p.name for p in i18n.LOCALES.joinpath("cy").glob("*.json")}
    assert english_files <= welsh_files  # one Welsh file per English one (queries.json besides)


def test_every_english_message_has_a_welsh_one_with_the_same_placeholders(catalogues):
    english, welsh = catalogues
    families = plural_families(english)
    problems = []
    for key, text in english.items():
        family, _, form = key.rpartition(".")
        if family in families:
            if form == "other" and f"{family}.other" not in welsh:
                problems.append(f"{family}.other: missing")
            continue
        if key not in welsh:
            problems.append(f"{key}: missing")
        elif placeholders(welsh[key]) != placeholders(text):
            problems.append(f"{key}: {placeholders(welsh[key])} != {placeholders(text)}")
    assert problems == []


def test_every_welsh_message_has_an_english_original(catalogues):
    english, welsh = catalogues
    families = plural_families(english)
    metric_keys = set(declared_messages())
    problems = []
    for key, text in welsh.items():
        family, _, form = key.rpartition(".")
        if family in families:
            allowed = set().union(
                *(placeholders(v) for k, v in english.items() if k.rpartition(".")[0] == family)
            )
            if form not in WELSH_FORMS:
                problems.append(f"{key}: not one of CLDR's Welsh plural forms")
            elif not placeholders(text) <= allowed:
                problems.append(f"{key}: unknown placeholders {placeholders(text) - allowed}")
        elif key in metric_keys or key in reference_keys():
            continue  # a SQL header's or the contract's words, a reference list's
        elif key not in english:
            problems.append(f"{key}: no English original")
    assert problems == []


def test_every_query_and_contract_column_has_welsh_words(catalogues):
    """The English of these lives in code: each SQL file's header (metrics, checks, trends,
    breakdowns: cy/queries.json) and the extract contract's tables and columns
    (cy/contract_doc.json)."""
    _, welsh = catalogues
    missing = sorted(k for k in declared_messages() if not welsh.get(k, "").strip())
    assert missing == []


def test_declared_words_keep_their_codes(catalogues):
    """Column names, codes and options in backticks are the same in both languages."""
    _, welsh = catalogues
    ticks = re.compile(r"`[^`]+`")
    changed = [
        k
        for k, english in declared_messages().items()
        if k in welsh and set(ticks.findall(english)) - set(ticks.findall(welsh[k]))
    ]
    assert changed == []


def test_every_reference_label_shown_on_pages_has_welsh_words(catalogues):
    """Outcome types and groups, offence descriptions, order types: `ref.<English>` in
    cy/reference.json (formatting.reference_words puts them on the pages)."""
    _, welsh = catalogues
    assert sorted(k for k in reference_keys() if not welsh.get(k, "").strip()) == []


def test_welsh_messages_are_translated_not_copied(catalogues):
    """A Welsh message equal to its English is allowed only where there are no English words
    to translate (codes, names, formats such as "{month} {year}")."""
    english, welsh = catalogues
    words = re.compile(r"\b(the|and|of|for|is|are|was|not|this|with|from|shown)\b", re.I)
    copied = [
        k
        for k, v in welsh.items()
        if k in english and v == english[k] and words.search(re.sub(r"`[^`]*`", "", v))
    ]
    assert copied == []


def test_every_message_is_well_formed(catalogues):
    """Every file is valid UTF-8 JSON, and every Welsh message formats wherever its English
    does (a message holding literal braces, such as a JSON example, is never formatted)."""
    for path in i18n.LOCALES.glob("*/*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    english, welsh = catalogues

    def filled(text: str) -> str:
        values = {  # a date where the message formats one ({d:%d/%m/%Y})
            name: datetime(2024, 4, 1) if spec and "%" in spec else "x"
            for _, name, spec, _ in string.Formatter().parse(text)
            if name is not None
        }
        return text.format(**values)

    for key, text in welsh.items():
        original = english.get(key) or english.get(key.rpartition(".")[0] + ".other")
        try:
            filled(original) if original else None
        except (ValueError, KeyError, IndexError):
            continue  # never formatted in English either
        assert isinstance(filled(text), str), key


@pytest.mark.parametrize("key", ["definitions.intro", "upload.intro", "page.showing"])
def test_the_browser_tests_english_finder_finds_english_and_not_welsh(catalogues, key):
    """The check the Chromium test runs on every Welsh page: a message's English is found,
    its Welsh is not (placeholders filled and Markdown drawn as a page would)."""
    english, welsh = catalogues

    def shown(text: str) -> str:  # as a page shows the Markdown: no backticks, no bold marks
        names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
        return text.format(**{n: "2024" for n in names}).replace("`", "").replace("**", "")

    assert any(found.startswith(f"{key}: ") for found in english_on(shown(english[key])))
    assert english_on(shown(welsh[key])) == []
