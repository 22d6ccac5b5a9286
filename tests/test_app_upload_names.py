"""Names and values from an upload show on the upload page as text, never as Markdown (issue
19, item 5): a zip member named like an image link made the analyst's browser fetch it."""

from __future__ import annotations

import io
import zipfile

from test_app_upload import HEADER, page, store  # noqa: F401 (the fixture)

from dashboard.app.markdown_text import literal

MEMBER = "![x](https://attacker.example/p.png).csv"
ZIP_NAME = "![z](attacker.example).zip"
VALUE = "![y](https://attacker.example/q.png)"  # a crime_ref no crime has
CODE = "<img src=x onerror=alert(1)>"
RAW = ("![x](", "![y](", "![z](", "<img", "https://", "](")


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _send(at, name: str, data: bytes):
    at.radio(key="upload_mode").set_value("upsert")
    at.file_uploader(key="upload_files").set_value([(name, data, "application/zip")])
    at.run()
    assert not at.exception, at.exception
    return at


def _shown(at) -> list[str]:
    """Every text Streamlit renders as Markdown on the page: bodies, captions, notices, the
    expanders' and tick boxes' labels."""
    texts = [
        e.value
        for kind in ("markdown", "caption", "error", "warning", "info", "success")
        for e in getattr(at, kind)
    ]
    return texts + [e.label for e in at.expander] + [c.label for c in at.checkbox]


def test_member_names_and_values_are_text(store):  # noqa: F811
    crimes = HEADER + f"N1,2024-06-01,2024-06-02,{CODE}\n"
    outcomes = f"crime_ref,outcome_code,outcome_date\n{VALUE},1,2024-06-03\n"
    members = {MEMBER: "a,b\n1,2\n", "crimes.csv": crimes, "outcomes.csv": outcomes}
    at = _send(page("upload"), "extract.zip", _zip(members))
    shown = _shown(at)
    for text in shown:
        assert not any(raw in text for raw in RAW), text
    # The member is named in the causes box and its group, escaped, character for character.
    assert any(literal(f"extract.zip/{MEMBER}") in text for text in shown), shown
    assert any(literal(repr(VALUE)) in text for text in shown), shown
    # Values listed in the report's tables are cells, never Markdown: kept as they are.
    values = {v for d in at.dataframe for v in d.value.get("Value", [])}
    assert CODE in values


def test_a_file_name_in_the_set_aside_choice_is_text(store):  # noqa: F811
    crimes = HEADER + "N2,2024-06-01,2024-06-02,19C\nN3,not a date,2024-06-02,19C\n"
    at = _send(page("upload"), ZIP_NAME, _zip({"crimes.csv": crimes}))
    box = at.checkbox(key="upload_accept")
    assert literal(f"{ZIP_NAME}/crimes.csv") in box.label, box.label
    for text in _shown(at):
        assert not any(raw in text for raw in RAW), text
