"""The Upload page refuses degenerate uploads as the command line does: a table cut by more than
a fifth shows a red warning with its rows now and after, and loads only once the tick box is
ticked; an empty crimes file says so first and cannot be loaded."""

from __future__ import annotations

import pytest

from dashboard.app.markdown_text import literal
from dashboard.i18n import t, tn
from dashboard.ingest import guards, pipeline
from dashboard.store.versions import Store
from tests.app_helpers import serve_without_sign_in
from tests.test_app_upload import HEADER, commit_button, page, upload


def crimes(n: int) -> str:
    """crimes.csv with C1..Cn (valid, April 2024)."""
    return HEADER + "".join(f"C{i},2024-04-{i:02d},2024-04-{i:02d},19C\n" for i in range(1, n + 1))


@pytest.fixture
def ten(tmp_path, monkeypatch) -> Store:
    """A store at v0001 with ten crimes and nothing else (so a replace strands no rows)."""
    folder = tmp_path / "ten"
    folder.mkdir()
    (folder / "crimes.csv").write_text(crimes(10))
    s = Store(tmp_path / "store")
    pipeline.ingest(s, [folder])
    serve_without_sign_in(monkeypatch, s)
    return s


def tick_boxes(at) -> list:
    return [c for c in at.checkbox if c.key == "upload_allow_shrink"]


def test_a_shrink_over_a_fifth_needs_the_tick_box(ten):
    # Replace 10 crimes with 7: 3 of 10 removed = 30%, more than 20%.
    at = upload(page("upload"), ("crimes.csv", crimes(7)), mode="replace")
    warning = tn("upload.shrink_table", 10, table="crimes", before="10", after="7")
    shown = [e.value for e in at.error]
    assert any(
        t("upload.shrink", limit=guards.SHRINK_LIMIT_PERCENT) in e and warning in e for e in shown
    ), shown
    [box] = tick_boxes(at)
    assert box.label == t("upload.allow_shrink") and not box.value
    assert commit_button(at).disabled
    box.check().run()
    assert not at.exception
    assert not commit_button(at).disabled
    commit_button(at).click().run()
    assert ten.current_id() == "v0002"
    assert ten.manifest("v0002")["tables"]["crimes"]["rows"] == 7


def test_a_shrink_of_exactly_a_fifth_needs_no_tick_box(ten):
    # Replace 10 crimes with 8: 2 of 10 removed = 20%, not more.
    at = upload(page("upload"), ("crimes.csv", crimes(8)), mode="replace")
    assert not tick_boxes(at)
    # The only red box is the banner of a dashboard without sign-in (real data is shown).
    assert [e.value for e in at.error] == [t("access.no_sign_in_banner")]
    assert not commit_button(at).disabled
    commit_button(at).click().run()
    assert ten.manifest("v0002")["tables"]["crimes"]["rows"] == 8


def test_an_empty_crimes_file_says_so_first_and_cannot_load(ten):
    at = upload(page("upload"), ("crimes.csv", crimes(0)), mode="replace")
    shown = [e.value for e in at.error]
    # The causes box (before the report's groups) names the file and why; then the decision.
    cause = t("upload.cause", file=literal("crimes.csv"), rule=literal(t("rule.crimes_no_rows")))
    assert any(tn("upload.causes", 1, n="1") in e and cause in e for e in shown), shown
    assert t("upload.empty_crimes") in shown
    assert not tick_boxes(at)  # no preview, so no shrink to allow: the file cannot load
    assert commit_button(at).disabled
    assert [v["id"] for v in ten.versions()] == ["v0001"]
