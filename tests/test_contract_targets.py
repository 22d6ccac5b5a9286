"""Targets and process changes (issue 14): two tables of the extract contract that an analyst
writes, uploaded, checked, versioned and rolled back like the others (`targets.csv`,
`process_changes.csv`)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.figures import spc_metrics, version_changes
from dashboard.figures.engine import Engine
from dashboard.ingest import charted, contract, pipeline
from dashboard.ingest.upload import UploadRefused
from dashboard.store.versions import Store
from tests.contract_helpers import column, crimes, prepare, problems, write

TARGETS = "metric,target,from,note\n"
CHANGES = "metric,from,note\n"
CRIMES = crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-05-01,2024-05-02,19D")


def test_the_metric_names_are_the_charted_ones_and_their_units_the_headers():
    from dashboard.figures import queries

    assert charted.names() == spc_metrics.charted()
    assert charted.units() == {k: queries.get_query("kpi", k).unit for k in charted.names()}
    assert "charge_rate" in charted.rates() and "charged" not in charted.rates()


def test_targets_good_rows_any_case_percent_days_counts(tmp_path):
    text = TARGETS + (
        "Charge_Rate,8.5,2024-04-01,PCC plan 2025-26\n"
        "median_days_to_charge, 120 ,01/04/2024,\n"
        "open_over_365_days,+40,2024-04-01,\n"
        "charge_rate,.5,2030-04-01,planned: after the as-at date\n"
        "victim_not_supporting_rate,100,2024-04-01,\n"
        "charged,0,2024-04-01,\n"
    )
    up = prepare(tmp_path, {"crimes.csv": CRIMES, "targets.csv": text})
    assert not up.report.has_errors, up.report.as_text()
    assert column(up, "targets", "metric") == [
        "charge_rate",  # stored as `flightdeck spc --list` names it
        "median_days_to_charge",
        "open_over_365_days",
        "charge_rate",
        "victim_not_supporting_rate",
        "charged",
    ]
    assert column(up, "targets", "target") == [8.5, 120.0, 40.0, 0.5, 100.0, 0.0]
    assert column(up, "targets", "from") == [dt.date(2024, 4, 1)] * 3 + [
        dt.date(2030, 4, 1),
        dt.date(2024, 4, 1),
        dt.date(2024, 4, 1),
    ]
    assert column(up, "targets", "note")[0] == "PCC plan 2025-26"


@pytest.mark.parametrize(
    "row, problem",
    [
        ("charge_rate,8.5%,2024-04-01,", ("target", "8.5%")),  # not a number
        ('charge_rate,"8,5",2024-04-01,', ("target", "8,5")),  # a comma as the point
        ('open_over_365_days,"1,000",2024-04-01,', ("target", "1,000")),  # thousands
        ("open_over_365_days,1e3,2024-04-01,", ("target", "1e3")),
        ("median_days_to_charge,-1,2024-04-01,", ("target", "-1")),  # negative
        ("charge_rate,100.5,2024-04-01,", ("target", "100.5")),  # a rate above 100
        ("charge_rates,8,2024-04-01,", ("metric", "charge_rates")),  # no such metric
        (
            "breach_action_within_24h_rate,8,2024-04-01,",
            ("metric", "breach_action_within_24h_rate"),
        ),
        (",8,2024-04-01,", ("metric", "")),  # required
        ("charge_rate,,2024-04-01,", ("target", "")),
        ("charge_rate,8,,", ("from", "")),
        ("charge_rate,8,31/02/2024,", ("from", "31/02/2024")),
        ("charge_rate,8,1899-12-31,", ("from", "1899-12-31")),
    ],
)
def test_targets_each_rule_names_file_line_column_value(tmp_path, row, problem):
    up = prepare(tmp_path, {"crimes.csv": CRIMES, "targets.csv": TARGETS + row + "\n"})
    assert problems(up) == [("targets.csv", 2, *problem)]


def test_a_count_target_may_be_above_100_and_a_duplicate_key_is_an_error(tmp_path):
    text = TARGETS + (
        "open_over_365_days,150,2024-04-01,\n"
        "charge_rate,8,2024-04-01,\n"
        "CHARGE_RATE,9,2024-04-01,\n"  # the same metric and from: line 4 repeats line 3
    )
    up = prepare(tmp_path, {"crimes.csv": CRIMES, "targets.csv": text})
    assert problems(up) == [("targets.csv", 4, "from", "2024-04-01")]


def test_process_changes_default_to_all_and_may_not_be_planned(tmp_path):
    text = CHANGES + (
        ",2024-04-01,new RASSO unit\n"
        "Charge_Rate,2024-06-01,charging pilot\n"
        "charged,2024-06-01,\n"  # the note is required
        "all,2024-07-01,another\n"
        "everything,2024-07-01,no such metric\n"
        "all,2030-01-01,a change is recorded after it happens\n"
    )
    up = prepare(tmp_path, {"crimes.csv": CRIMES, "process_changes.csv": text}, None)
    assert column(up, "process_changes", "metric")[:2] == ["all", "charge_rate"]
    assert [p[:3] for p in problems(up)] == [
        ("process_changes.csv", 4, "note"),
        ("process_changes.csv", 6, "metric"),
        ("process_changes.csv", 7, "from"),
    ]


def _ingest(store: Store, folder, **files: str) -> str:
    for name, text in files.items():
        write(folder, f"{name}.csv", text)
    version, upload = pipeline.ingest(store, [folder / f"{n}.csv" for n in files], uploader="t")
    assert not upload.report.has_errors, upload.report.as_text()
    return version


def test_a_targets_file_alone_makes_a_new_version_the_rest_carried_over_and_rolls_back(
    tmp_path,
):
    store = Store(tmp_path / "store")
    first = _ingest(store, tmp_path / "a", crimes=CRIMES)
    targets = TARGETS + "charge_rate,8.5,2024-04-01,plan\nmedian_days_to_charge,120,2024-04-01,\n"
    second = _ingest(store, tmp_path / "b", targets=targets)
    assert (first, second, store.current_id()) == ("v0001", "v0002", "v0002")
    manifest = store.manifest(second)
    assert manifest["tables"]["crimes"]["from"] == "v0001"  # carried over unchanged
    assert manifest["tables"]["targets"]["rows"] == 2
    assert store.read_table(second, "crimes").num_rows == 2
    # a replace with fewer targets is meant (never refused as a table cut by a fifth)
    third = _ingest(store, tmp_path / "c", targets=TARGETS + "charge_rate,9,2024-04-01,\n")
    assert store.read_table(third, "targets").column("target").to_pylist() == [9.0]
    store.rollback(second)
    assert store.read_table(store.current_id(), "targets").column("target").to_pylist() == [
        8.5,
        120.0,
    ]
    # the engine holds the table with its `from` column (a keyword, quoted everywhere)
    with Engine(store.version_dir(second), second) as engine:
        frame = engine.query('select metric, target, "from" from targets order by metric')
    assert frame.values.tolist() == [
        ["charge_rate", 8.5, pd_timestamp(2024, 4, 1)],
        ["median_days_to_charge", 120.0, pd_timestamp(2024, 4, 1)],
    ]


def pd_timestamp(y: int, m: int, d: int):
    import pandas as pd

    return pd.Timestamp(y, m, d)


def test_upsert_merges_targets_by_metric_and_from_and_changes_are_counted(tmp_path):
    store = Store(tmp_path / "store")
    _ingest(store, tmp_path / "a", crimes=CRIMES)
    v2 = _ingest(store, tmp_path / "b", targets=TARGETS + "charge_rate,8,2024-04-01,\n")
    write(
        tmp_path / "c",
        "targets.csv",
        TARGETS + "charge_rate,9,2024-04-01,\ncharged,5,2024-04-01,\n",
    )
    upload = pipeline.prepare(store, [tmp_path / "c" / "targets.csv"], mode="upsert")
    after = version_changes.upload_tables(upload, accept_invalid=False)
    changes = version_changes.table_changes(version_changes.version_tables(store, v2), after)
    row = changes.set_index("table").loc["targets"]
    assert (row.rows_before, row.rows_after, row.added, row.changed, row.removed) == (1, 2, 1, 1, 0)
    v3 = pipeline.commit(store, upload, uploader="t")
    rows = store.read_table(v3, "targets").sort_by("metric").to_pylist()
    assert [(r["metric"], r["target"]) for r in rows] == [("charge_rate", 9.0), ("charged", 5.0)]


def test_an_invalid_target_refuses_the_upload_and_changes_nothing(tmp_path):
    store = Store(tmp_path / "store")
    _ingest(store, tmp_path / "a", crimes=CRIMES)
    write(tmp_path / "b", "targets.csv", TARGETS + "charge_rate,120,2024-04-01,\n")
    with pytest.raises(UploadRefused):
        pipeline.ingest(store, [tmp_path / "b" / "targets.csv"], uploader="t")
    assert store.current_id() == "v0001"


def test_they_are_not_tables_of_records():
    assert contract.RECORD_TABLES == (
        "crimes",
        "outcomes",
        "suspects",
        "bail",
        "orders",
        "breaches",
        "biometrics",
        "training",
    )
    assert list(contract.TABLES)[-2:] == ["targets", "process_changes"]
