"""The browser's Upload page gets the same refusal as the command line: a partial replace that
would strand carried-over rows lists one summary per table and cannot be set aside."""

from __future__ import annotations

from dashboard.app.markdown_text import literal
from dashboard.i18n import t
from tests.test_app_upload import HEADER, commit_button, page, store, upload  # noqa: F401

OUTCOMES = "crime_ref,outcome_code,outcome_date\n"


def test_partial_replace_is_refused_even_with_set_aside(store):  # noqa: F811
    # Replace crimes with one new crime and outcomes with its outcome: every carried-over
    # suspect, bail, order and biometrics row of the sample refers to a crime this removes.
    files = (
        ("crimes.csv", HEADER + "R1,2024-06-01,2024-06-02,19C\n"),
        ("outcomes.csv", OUTCOMES + "R1,16,2024-07-01\n"),
    )
    at = upload(page("upload"), *files, mode="replace")
    up = at.session_state["_upload"][1]
    summaries = [p for p in up.report.errors if p.file.endswith("(current data)")]
    # One each for suspects, bail, orders, biometrics (breaches refer to bail, which stays).
    assert sorted(p.file for p in summaries) == [
        "bail (current data)",
        "biometrics (current data)",
        "orders (current data)",
        "suspects (current data)",
    ]
    assert up.report.error_count == 4 and up.invalid_rows == 0
    labels = [e.label for e in at.expander]
    named = literal("suspects (current data)"), literal("Upload suspects.csv too")
    assert any(named[0] in x and named[1] in x for x in labels)
    assert commit_button(at).disabled
    # Setting rows aside cannot help, so it is not offered; the page says what will.
    assert not [c for c in at.checkbox if c.key == "upload_accept"]
    assert t("upload.carried_errors") in [e.value for e in at.error]
    assert store.current_id() == "v0001"


def test_a_summary_without_a_line_shows_blanks_not_none(store):  # noqa: F811
    files = (("crimes.csv", HEADER + "R1,2024-06-01,2024-06-02,19C\n"),)
    at = upload(page("upload"), *files, mode="replace")
    cells = [str(v) for e in at.expander for d in e.dataframe for v in d.value.to_numpy().ravel()]
    assert cells and "None" not in cells and "<NA>" not in cells
