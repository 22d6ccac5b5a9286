"""Degenerate uploads through the one upload path: an empty crimes table, a table cut by more
than a fifth, a version without an as-at date; and a refusal's report starts with the errors
that explain the others, its closing hint matching what went wrong."""

from __future__ import annotations

import pytest

from dashboard.cli.ingest import refusal_lines
from dashboard.i18n import t, tn
from dashboard.ingest import guards, pipeline
from dashboard.ingest import upload as u
from dashboard.store.versions import Store
from tests.contract_helpers import crimes, prepare

OUTCOMES = "crime_ref,outcome_code,outcome_date\n"
BAIL = "bail_id,crime_ref,suspect_id,release_type,start_date\n"


def crime_rows(n: int) -> list[str]:
    """n valid crimes, C1..Cn, reported in April 2024 and recorded the next day."""
    return [f"C{i},2024-04-{i % 28 + 1:02d},2024-04-{i % 28 + 1:02d},19C" for i in range(1, n + 1)]


@pytest.fixture
def store(tmp_path) -> Store:
    """v0001: ten crimes C1..C10 and ten outcomes (one for each)."""
    s = Store(tmp_path / "store")
    files = {
        "crimes.csv": crimes(*crime_rows(10)),
        "outcomes.csv": OUTCOMES + "".join(f"C{i},16,2024-05-01\n" for i in range(1, 11)),
    }
    pipeline.commit(s, prepare(tmp_path, files, s))
    return s


def versions(store: Store) -> list[str]:
    return [v["id"] for v in store.versions()]


# --- an empty crimes table ---------------------------------------------------------------------


def test_a_crimes_file_with_no_rows_is_refused_first_upload(tmp_path):
    s = Store(tmp_path / "store")
    up = prepare(tmp_path, {"crimes.csv": crimes(), "training.csv": "staff_id,in_scope,course\n"})
    assert up.causes == [u.EMPTY_CRIMES] and up.file_level_errors == 1
    [problem] = up.report.errors
    assert (problem.file, problem.rule, problem.cause) == (
        "crimes.csv",
        t("rule.crimes_no_rows"),
        True,
    )
    assert up.report.note is None  # no as-at date is offered for an upload that cannot load
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(s, up, accept_invalid=True, allow_shrink=True)
    assert s.current_id() is None and versions(s) == []


def test_a_crimes_file_with_no_rows_is_refused_over_current_data(tmp_path, store):
    # A failed export: both files with their header only.
    up = prepare(tmp_path, {"crimes.csv": crimes(), "outcomes.csv": OUTCOMES}, store)
    assert up.refusal_kinds() == [u.EMPTY_CRIMES]
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(store, up, accept_invalid=True)
    # Refused for the empty table alone: the shrinks 10 -> 0 are not added to the report, since
    # allowing them could not make this upload load.
    assert [p.rule for p in up.report.sorted()] == [t("rule.crimes_no_rows")]
    assert versions(store) == ["v0001"]


def test_crimes_that_are_all_invalid_cannot_be_set_aside(tmp_path):
    s = Store(tmp_path / "store")
    up = prepare(tmp_path, {"crimes.csv": crimes("C1,31/02/2024,2024-04-02,19C")}, s)
    # One invalid row: setting it aside would leave 1 - 1 = 0 crimes.
    assert up.invalid_rows == 1 and up.kept_rows("crimes") == 0
    assert not up.can_commit(accept_invalid=True)
    assert up.refusal_kinds() == [u.NO_VALID_CRIMES]
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(s, up, accept_invalid=True)
    first = up.report.sorted()[0]
    assert (first.file, first.rule) == ("crimes.csv", t("rule.crimes_no_valid_rows"))
    assert versions(s) == []


def test_a_version_never_has_a_missing_as_at_date(tmp_path, monkeypatch):
    # Made impossible by the rules (every kept crime has a plausible reported date); forced
    # here: with no date to take, the upload is refused at the check and at commit.
    monkeypatch.setattr(u.Upload, "default_as_at", lambda self: None)
    s = Store(tmp_path / "store")
    up = prepare(tmp_path, {"crimes.csv": crimes(*crime_rows(2))}, s)
    assert up.causes == [u.AS_AT]
    assert up.report.errors[0].rule == t("rule.as_at_missing")
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(s, up)
    assert versions(s) == []


# --- a table cut by more than a fifth ----------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "shrinks"),
    [
        (10, 8, False),  # 2 of 10 removed = 20%: allowed
        (10, 7, True),  # 3 of 10 removed = 30%
        (5, 4, False),  # 1 of 5 = 20%
        (1000, 799, True),  # 201 of 1,000 = 20.1%
        (1000, 800, False),  # 200 of 1,000 = 20%
        (0, 0, False),  # a table with no rows never shrinks
        (3, 5, False),  # a table that grows
    ],
)
def test_the_shrink_rule_in_whole_numbers(before, after, shrinks):
    assert guards.is_shrink(before, after) is shrinks


def test_a_replace_removing_more_than_a_fifth_is_refused_unless_allowed(tmp_path, store):
    # crimes.csv with C1..C7 and outcomes.csv with theirs: 10 -> 7 rows each, 3 of 10 = 30%
    # removed. No carried row refers to C8..C10 (outcomes is replaced too).
    files = {
        "crimes.csv": crimes(*crime_rows(7)),
        "outcomes.csv": OUTCOMES + "".join(f"C{i},16,2024-05-01\n" for i in range(1, 8)),
    }
    up = prepare(tmp_path, files, store)
    assert not up.report.has_errors
    assert up.shrinks == [guards.Shrink("crimes", 10, 7), guards.Shrink("outcomes", 10, 7)]
    assert not up.can_commit(accept_invalid=False) and up.can_commit(False, allow_shrink=True)
    with pytest.raises(pipeline.UploadRefused) as refused:
        pipeline.commit(store, up)
    assert [(p.file, p.rule) for p in refused.value.report.sorted()] == [
        ("crimes.csv", guards.Shrink("crimes", 10, 7).rule()),
        ("outcomes.csv", guards.Shrink("outcomes", 10, 7).rule()),
    ]
    assert "crimes would go from 10 rows now to 7" in refused.value.report.errors[0].rule
    assert versions(store) == ["v0001"]
    again = prepare(tmp_path, files, store)
    version = pipeline.commit(store, again, allow_shrink=True)
    assert version == "v0002" and store.manifest(version)["tables"]["crimes"]["rows"] == 7


def test_removing_exactly_a_fifth_is_allowed(tmp_path, store):
    # 10 -> 8 crimes and outcomes: 2 of 10 removed = 20%, not more than 20%.
    files = {
        "crimes.csv": crimes(*crime_rows(8)),
        "outcomes.csv": OUTCOMES + "".join(f"C{i},16,2024-05-01\n" for i in range(1, 9)),
    }
    up = prepare(tmp_path, files, store)
    assert up.shrinks == []
    assert pipeline.commit(store, up) == "v0002"


def test_rows_set_aside_count_towards_the_shrink(tmp_path, store):
    # Eight crimes, two of them invalid: set aside, 6 would stay (10 -> 6, 40% removed).
    rows = [*crime_rows(6), "C7,31/02/2024,2024-04-02,19C", "C8,2024-04-01,2024-04-02,BURGLARY"]
    files = {
        "crimes.csv": crimes(*rows),
        "outcomes.csv": OUTCOMES + "".join(f"C{i},16,2024-05-01\n" for i in range(1, 7)),
    }
    up = prepare(tmp_path, files, store)
    assert up.invalid_rows == 2 and guards.Shrink("crimes", 10, 6) in up.shrinks
    with pytest.raises(pipeline.UploadRefused):
        pipeline.commit(store, up, accept_invalid=True)
    # Both the shrink and the invalid rows are the analyst's to allow: the hint names both.
    hint = refusal_lines(up)
    assert t("cli.ingest.hint_shrink") in hint
    assert tn("cli.ingest.hint_set_aside", 2, rows="2") in hint


def test_the_first_upload_never_shrinks(tmp_path):
    up = prepare(tmp_path, {"crimes.csv": crimes(*crime_rows(1))})
    assert up.shrinks == [] and up.can_commit(accept_invalid=False)


def test_an_upsert_never_shrinks(tmp_path, store):
    # Upsert of one row into ten: 10 rows after (C1 replaced), none removed.
    folder = tmp_path / "upsert"
    folder.mkdir()
    (folder / "crimes.csv").write_text(crimes("C1,2024-04-02,2024-04-03,20A"))
    up = pipeline.prepare(store, [folder], "upsert")
    assert up.kept_rows("crimes") == 10 and up.shrinks == []
    assert pipeline.commit(store, up) == "v0002"


def test_the_tables_not_uploaded_never_shrink(tmp_path, store):
    # Only training.csv (a new table): crimes and outcomes carry over with their 10 rows.
    up = prepare(tmp_path, {"training.csv": "staff_id,in_scope,course\nT1,Y,word_on_word\n"}, store)
    assert up.shrinks == [] and pipeline.commit(store, up) == "v0002"


# --- the report: causes first, and a closing hint that matches ---------------------------------


def test_outcomes_alone_into_an_empty_store_says_crimes_first(tmp_path):
    # 201 outcomes refer to crimes that do not exist: 201 row errors + the cause = 202 errors;
    # the cap lists 200 row errors, and the cause beyond it, first.
    rows = "".join(f"C{i},16,2024-05-01\n" for i in range(1, 202))
    up = prepare(tmp_path, {"outcomes.csv": OUTCOMES + rows})
    report = up.report
    assert report.error_count == 202 and len(report.errors) == 201
    first = report.sorted()[0]
    assert (first.file, first.rule) == ("outcomes.csv", t("rule.first_upload_needs_crimes"))
    assert report.as_text().splitlines()[0] == f"error: outcomes.csv: {first.rule}"
    assert report.causing_errors == [first]
    assert up.refusal_kinds() == [u.NO_CRIMES]
    closing = refusal_lines(up)
    assert closing.endswith(t("cli.ingest.hint_no_crimes"))
    assert t("cli.ingest.hint_file") not in closing
    assert "--accept-invalid-rows" not in closing


def test_a_refused_header_comes_before_the_row_errors_of_other_files(tmp_path):
    # bail.csv (sorted before outcomes.csv) has a row error; outcomes.csv lacks outcome_code.
    files = {
        "crimes.csv": crimes(*crime_rows(1)),
        "bail.csv": BAIL + "B1,C1,S1,not_a_type,2024-04-03\n",
        "outcomes.csv": "crime_ref,outcome_date\nC1,2024-05-01\n",
    }
    up = prepare(tmp_path, files)
    problems = up.report.sorted()
    assert (problems[0].file, problems[0].column, problems[0].cause) == (
        "outcomes.csv",
        "outcome_code",
        True,
    )
    assert problems[1].file == "bail.csv" and not problems[1].cause
    assert up.refusal_kinds() == [u.FILE]
    assert refusal_lines(up).endswith(t("cli.ingest.hint_file"))


def test_an_unreadable_file_is_listed_even_after_the_cap_of_row_errors(tmp_path):
    # bail.csv is read first, its 201 rows all invalid (a release type that does not exist):
    # the cap of 200 listed errors fills. crimes.csv, read next, has a line with 3 fields of 4:
    # listed all the same, and first.
    folder = tmp_path / "files"
    folder.mkdir()
    bail = BAIL + "".join(f"B{i},C1,S1,nope,2024-04-03\n" for i in range(201))
    (folder / "bail.csv").write_text(bail)
    (folder / "crimes.csv").write_text(crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,19C"))
    up = pipeline.prepare(Store(tmp_path / "store"), [folder / "bail.csv", folder / "crimes.csv"])
    first = up.report.sorted()[0]
    assert (first.file, first.line, first.cause) == ("crimes.csv", 3, True)
    assert up.refusal_kinds() == [u.FILE]


def test_the_browser_report_puts_the_cause_group_first(tmp_path):
    from dashboard.app.sections import upload_steps

    rows = "".join(f"C{i},16,2024-05-01\n" for i in range(1, 4))
    up = prepare(tmp_path, {"outcomes.csv": OUTCOMES + rows})
    frame = upload_steps.report_frame(up)
    # 1 cause + 3 row errors; the cause (no line) first, the rows in line order after it.
    assert list(frame["rule"])[0] == t("rule.first_upload_needs_crimes")
    assert list(frame["line"])[1:] == [2, 3, 4]
