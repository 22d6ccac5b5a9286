"""Targets and process changes on the charts (issue 14), from uploaded files: the target in each
month, the assurance verdict of each kind, and a process change working the limits out again,
on a hand-made extract whose monthly values are chosen (the arithmetic beside each expectation).

The measure is `charged` (a count, better up): each month gets that many crimes recorded on the
1st and charged (outcome 1) on the 15th, so the month's value is the number written here.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.cli.main import main
from dashboard.figures import spc_inputs, spc_metrics
from dashboard.figures.request import Request
from dashboard.ingest import pipeline
from dashboard.periods import Period
from dashboard.store.versions import Store

AS_AT = date(2025, 3, 31)
WINDOW = Period(date(2023, 4, 1), AS_AT)  # the default: 24 complete months to the as-at date
LONG = Period(date(2022, 4, 1), AS_AT)  # 36 months
TARGETS = "metric,target,from,note\n"
CHANGES = "metric,from,note\n"


def months(start: date, n: int) -> list[date]:
    index = start.year * 12 + start.month - 1
    return [date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(n)]


def extract(folder: Path, values: dict[date, int]) -> Path:
    """crimes.csv and outcomes.csv with `values[month]` charges in each month."""
    crimes, outcomes = (
        ["crime_ref,reported_date,recorded_date,ho_offence_code"],
        ["crime_ref,outcome_code,outcome_date"],
    )
    for month, count in values.items():
        for i in range(count):
            ref = f"C{month:%Y%m}-{i}"
            crimes.append(f"{ref},{month.isoformat()},{month.isoformat()},19C")
            outcomes.append(f"{ref},1,{month.replace(day=15).isoformat()}")
    folder.mkdir(parents=True)
    (folder / "crimes.csv").write_text("\n".join(crimes) + "\n", encoding="utf-8")
    (folder / "outcomes.csv").write_text("\n".join(outcomes) + "\n", encoding="utf-8")
    return folder


def upload(store: Store, folder: Path, name: str, text: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    version, up = pipeline.ingest(store, [folder / name], uploader="tests", as_at=AS_AT)
    assert not up.report.has_errors, up.report.as_text()
    return version


def request(store: Store, version: str, period: Period = WINDOW) -> Request:
    return Request(str(store.root), version, period)


# 24 months alternating 20, 22 (2023-04 .. 2025-03): mean 21; every moving range |22 - 20| = 2,
# so the mean moving range is 2; process limits 21 ± 2.66 × 2 = 15.68 and 26.32; 2-sigma lines
# 21 ± 1.773 × 2 = 17.454 and 24.546. No signal: the points alternate about the mean.
STEADY = {m: (20 if i % 2 == 0 else 22) for i, m in enumerate(months(date(2023, 4, 1), 24))}


@pytest.fixture(scope="module")
def steady(tmp_path_factory) -> tuple[Store, Path]:
    root = tmp_path_factory.mktemp("steady")
    store = Store(root / "store")
    _, up = pipeline.ingest(store, [extract(root / "extract", STEADY)], as_at=AS_AT)
    assert not up.report.has_errors, up.report.as_text()
    return store, root


def test_the_steady_series_limits_worked_out_by_hand(steady):
    store, _ = steady
    made = spc_metrics.chart_for(request(store, "v0001"), "charged")
    latest = made.chart.points[-1]
    assert [p.value for p in made.chart.points] == list(map(float, STEADY.values()))
    assert latest.mean == pytest.approx(21.0)
    assert (latest.lower, latest.upper) == (pytest.approx(15.68), pytest.approx(26.32))
    assert made.targets == (None,) * 24 and made.target is None and made.assurance is None
    assert made.changes == ()


@pytest.mark.parametrize(
    "target, verdict",
    [
        ("15", "consistently_passing"),  # below the lower limit 15.68: more is better, always met
        ("15.68", "hit_and_miss"),  # on the limit: within
        ("21", "hit_and_miss"),  # within 15.68 .. 26.32: met some months, missed others
        ("26.5", "consistently_failing"),  # above the upper limit 26.32: never met as it runs
    ],
)
def test_assurance_of_an_uploaded_target(steady, tmp_path, target, verdict):
    store, _ = steady
    version = upload(store, tmp_path, "targets.csv", TARGETS + f"charged,{target},2023-04-01,\n")
    made = spc_metrics.chart_for(request(store, version), "charged")
    assert (made.target, made.assurance) == (float(target), verdict)
    assert made.targets == (float(target),) * 24


def test_a_target_holds_from_its_month_until_the_next(steady, tmp_path):
    store, _ = steady
    text = TARGETS + (
        "charged,15,2023-10-20,first plan\n"  # from October 2023 (its month), not November
        "charged,30,2024-10-01,second plan\n"  # from October 2024 to the end
        "charge_rate,5,2023-04-01,another metric's\n"
        "charged,40,2026-04-01,planned: after the as-at date\n"
    )
    version = upload(store, tmp_path, "targets.csv", text)
    made = spc_metrics.chart_for(request(store, version), "charged")
    # 2023-04 .. 2023-09: none; 2023-10 .. 2024-09: 15 (12 months); 2024-10 .. 2025-03: 30
    assert made.targets == (None,) * 6 + (15.0,) * 12 + (30.0,) * 6
    assert (made.target, made.assurance) == (30.0, "consistently_failing")  # 30 > 26.32
    assert spc_inputs.targets(request(store, version), "charged")[0] == spc_inputs.Target(
        date(2023, 10, 20), 15.0, "first plan"
    )


def test_a_rates_target_is_a_percentage_in_the_file_and_a_fraction_on_the_chart(steady, tmp_path):
    store, _ = steady
    version = upload(store, tmp_path, "targets.csv", TARGETS + "charge_rate,8.5,2023-04-01,\n")
    (target,) = spc_inputs.targets(request(store, version), "charge_rate")
    assert target.value == pytest.approx(0.085)
    made = spc_metrics.chart_for(request(store, version), "charge_rate")
    # every month's charges are all its outcomes: a rate of 1, limits 1 ± 0 (no variation)
    assert made.target == pytest.approx(0.085)
    # 8.5% is below the lower limit of 100%, and more is better: met every month
    assert made.assurance == "consistently_passing"


# 36 months (2022-04 .. 2025-03): 18 alternating 10, 12, then from 2023-10 (a new RASSO unit)
# 18 alternating 30, 34.
# Before: mean 11, moving ranges all 2: limits 11 ± 2.66 × 2 = 5.68 .. 16.32.
# After: mean 32, moving ranges all 4: limits 32 ± 2.66 × 4 = 21.36 .. 42.64; 2-sigma lines
# 32 ± 1.773 × 4 = 24.908 .. 39.092.
# The jump between the segments (|30 - 12| = 18) is no moving range of either.
BEFORE = {m: (10 if i % 2 == 0 else 12) for i, m in enumerate(months(date(2022, 4, 1), 18))}
AFTER = {m: (30 if i % 2 == 0 else 34) for i, m in enumerate(months(date(2023, 10, 1), 18))}


@pytest.fixture(scope="module")
def stepped(tmp_path_factory) -> tuple[Store, str, str]:
    root = tmp_path_factory.mktemp("stepped")
    store = Store(root / "store")
    _, up = pipeline.ingest(store, [extract(root / "extract", BEFORE | AFTER)], as_at=AS_AT)
    assert not up.report.has_errors, up.report.as_text()
    changes = CHANGES + (
        "charged,2023-10-15,new RASSO unit\n"  # mid-month: the new baseline starts in October
        "charge_rate,2024-06-01,another metric's change\n"  # not charged's
        "all,2019-04-01,before the data\n"  # applies to every metric; before the window
    )
    with_changes = upload(store, root / "changes", "process_changes.csv", changes)
    return store, "v0001", with_changes


def test_a_process_change_works_the_limits_out_again(stepped):
    store, _, version = stepped
    made = spc_metrics.chart_for(request(store, version, LONG), "charged")
    points = made.chart.points
    assert made.chart.recalculated == (date(2023, 10, 1),)
    assert made.changes == ((date(2023, 10, 1), "new RASSO unit"),)  # the 2019 one is outside
    before, after = points[:18], points[18:]
    assert [(p.mean, p.lower, p.upper) for p in before] == [
        (pytest.approx(11.0), pytest.approx(5.68), pytest.approx(16.32))
    ] * 18
    assert [(p.mean, p.lower, p.upper, p.lower_2s, p.upper_2s) for p in after] == [
        (
            pytest.approx(32.0),
            pytest.approx(21.36),
            pytest.approx(42.64),
            pytest.approx(24.908),
            pytest.approx(39.092),
        )
    ] * 18
    assert all(not p.signals for p in points)  # each segment alternates about its own mean
    assert made.chart.points[18].month == date(2023, 10, 1)


def test_without_the_change_the_step_is_a_signal_and_an_explicit_tuple_overrides(stepped):
    store, before_changes, version = stepped
    # The version before the change was recorded: one baseline over the 36 months, mean
    # (18 × 11 + 18 × 32) / 36 = 21.5; the 18 months after the step are all above it (a shift).
    plain = spc_metrics.chart_for(request(store, before_changes, LONG), "charged")
    assert plain.chart.points[0].mean == pytest.approx(21.5)
    assert plain.chart.recalculated == () and plain.changes == ()
    assert all("shift" in p.rules for p in plain.chart.points[18:])
    # an explicit tuple overrides the recorded changes (here: none at all)
    made = spc_metrics.chart_for(request(store, version, LONG), "charged", recalculate=())
    assert made.chart.points[0].mean == pytest.approx(21.5)
    assert made.changes == ((date(2023, 10, 1), "new RASSO unit"),)  # still named on the chart


def test_the_process_changes_that_apply(stepped):
    store, _, version = stepped
    found = spc_inputs.process_changes(request(store, version), "charged")
    assert [(c.start, c.metric) for c in found] == [
        (date(2019, 4, 1), "all"),
        (date(2023, 10, 15), "charged"),
    ]
    other = spc_inputs.process_changes(request(store, version), "charge_rate")
    assert [(c.month, c.note) for c in other] == [
        (date(2019, 4, 1), "before the data"),
        (date(2024, 6, 1), "another metric's change"),
    ]


def test_rolling_back_forgets_the_change(tmp_path):
    store = Store(tmp_path / "store")
    pipeline.ingest(store, [extract(tmp_path / "extract", BEFORE | AFTER)], as_at=AS_AT)
    version = upload(store, tmp_path / "c", "process_changes.csv", CHANGES + ",2023-10-01,unit\n")
    assert spc_metrics.chart_for(request(store, version, LONG), "charged").chart.recalculated
    store.rollback("v0001")
    made = spc_metrics.chart_for(request(store, store.current_id(), LONG), "charged")
    assert made.chart.recalculated == () and made.changes == ()


def test_flightdeck_spc_json_names_the_target_and_the_changes(stepped, tmp_path, capsys):
    store, _, version = stepped
    upload(store, tmp_path, "targets.csv", TARGETS + "charged,20,2024-04-01,PCC plan 2024-25\n")
    args = ["spc", "charged", "--from", "2022-04-01", "--to", "2025-03-31", "--json"]
    assert main([*args, "--store", str(store.root)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["process_changes"] == [{"from": "2023-10-01", "note": "new RASSO unit"}]
    assert doc["recalculated"] == ["2023-10-01"]
    # 20 is below the latest lower limit 21.36 and more is better: consistently passing
    assert (doc["target"], doc["assurance"]) == (20.0, "consistently_passing")
    targets = {p["month"]: p["target"] for p in doc["points"]}
    assert (targets["2024-03"], targets["2024-04"], targets["2025-03"]) == (None, 20.0, 20.0)
    assert doc["points"][18]["mean"] == pytest.approx(32.0)
    assert main([*args[:-1], "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "Process change from 2023-10-01: new RASSO unit" in out
    assert "Target 20 (latest month). Assurance: consistently passing." in out
