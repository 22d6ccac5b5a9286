"""The accessibility statement in both languages (issue 17; Welsh Language Standards): the
Welsh page shows the Welsh translation, docs/accessibility-cy.md, and the two files keep the
same shape (headings at the same levels, the same tables, the same code names and paths)."""

from __future__ import annotations

import re

import pytest

from dashboard import i18n
from tests.app_helpers import ROOT, app, load_sample, page_path, serve_without_sign_in

ENGLISH = ROOT / "docs" / "accessibility.md"
WELSH = ROOT / "docs" / "accessibility-cy.md"


def headings(text: str) -> list[int]:
    """The level of each Markdown heading, in order."""
    return [len(m.group(1)) for m in re.finditer(r"^(#+) ", text, re.M)]


def table_rows(text: str) -> list[int]:
    """The number of cells in each table row, in order."""
    return [line.count("|") - 1 for line in text.splitlines() if line.startswith("|")]


def code_spans(text: str) -> list[str]:
    return re.findall(r"`[^`]+`", text)


def test_the_welsh_statement_has_the_english_ones_shape():
    english, welsh = (p.read_text(encoding="utf-8") for p in (ENGLISH, WELSH))
    assert headings(welsh) == headings(english)
    assert table_rows(welsh) == table_rows(english)
    # Code names, rule ids and file paths kept as they are (the Welsh adds one: the English
    # file's own path, in its note on the translation).
    assert set(code_spans(english)) <= set(code_spans(welsh))
    assert set(code_spans(welsh)) - set(code_spans(english)) == {"`docs/accessibility.md`"}


@pytest.fixture()
def store(tmp_path, monkeypatch):
    store = load_sample(tmp_path / "store")
    serve_without_sign_in(monkeypatch, store)
    return store


def shown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("lang", "path", "other"), [("cy", WELSH, ENGLISH), ("en", ENGLISH, WELSH)]
)
def test_the_page_shows_the_statement_in_the_pages_language(store, lang, path, other):
    at = app({"lang": lang}).run()
    at.switch_page(page_path("accessibility")).run()
    assert not at.exception
    assert at.title[0].value == i18n.catalogue(lang)["page.accessibility"]
    body = path.read_text(encoding="utf-8").split("\n", 1)[1]
    before, marker, after = body.partition("<!-- contact -->")
    assert marker, f"{path.name} has no <!-- contact --> line"
    assert before.strip() in shown(at) and after.strip() in shown(at)
    assert other.read_text(encoding="utf-8").split("\n", 1)[1].strip() not in shown(at)
    # no notice that the statement is in English only; the contact where the file marks it,
    # with no roles file the catalogue's words for the administrator
    words = i18n.catalogue(lang)
    contact = words["accessibility.contact"].format(contact=words["access.contact_default"])
    assert [i.value for i in at.info] == [contact]


def test_the_statement_names_the_contact_of_the_roles_file(store):
    """The administrator's `contact` in the store's roles file, shown as text (no link made of
    it, no Markdown read in it)."""
    (store.root / "roles.toml").write_text(
        'contact = "The *RASSO* team, rasso@example.police.uk"\n[users]\n', encoding="utf-8"
    )
    at = app().run()
    at.switch_page(page_path("accessibility")).run()
    assert not at.exception
    (info,) = at.info
    assert "RASSO" in info.value and "*RASSO*" not in info.value.replace("\\*", "")
