"""`flightdeck spc`: the bundled sample's months as XmR charts, the same numbers as the trend
charts, worked out again here from the values alone."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard.cli.main import main
from dashboard.figures import request as figures
from dashboard.figures import spc_metrics
from dashboard.figures.disruption import RepeatRule
from dashboard.figures.request import Request
from dashboard.filters import Filters
from dashboard.periods import Period
from tests.app_helpers import shared_sample


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return shared_sample()


def spc_json(capsys, store, *args: str) -> dict:
    assert main(["spc", *args, "--store", str(store.root), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("metric", ["charged", "charge_rate", "median_days_to_charge"])
def test_the_chart_is_the_trend_charts_numbers_with_limits_worked_out_again(capsys, store, metric):
    doc = spc_json(capsys, store, metric)
    # the default window: the 24 complete months to the as-at date (2025-03-31)
    assert (doc["period"], doc["version"], doc["as_at"]) == (
        {"from": "2023-04-01", "to": "2025-03-31"},
        "v0001",
        "2025-03-31",
    )
    request = Request(
        str(store.root),
        "v0001",
        Period(date(2023, 4, 1), date(2025, 3, 31)),
        Filters(),
        RepeatRule(),
    )
    trend = figures.trend(request, spc_metrics.catalogue.trend_of(metric))
    expected = {
        m.strftime("%Y-%m"): float(v)
        for m, v in zip(trend["month_start"], trend[metric], strict=True)
        if v == v and v is not None
    }
    points = doc["points"]
    assert {p["month"]: p["value"] for p in points} == pytest.approx(expected)
    values = [p["value"] for p in points]
    mean = sum(values) / len(values)
    mr_bar = sum(abs(b - a) for a, b in zip(values, values[1:], strict=False)) / (len(values) - 1)
    low = 0.0  # counts, rates and days are never below 0
    assert points[0]["mean"] == pytest.approx(mean, abs=1e-5)
    assert points[0]["upper"] == pytest.approx(mean + 2.66 * mr_bar, abs=1e-5)
    assert points[0]["lower"] == pytest.approx(max(low, mean - 2.66 * mr_bar), abs=1e-5)
    assert points[0]["upper_2s"] == pytest.approx(mean + 1.773 * mr_bar, abs=1e-5)
    for p in points:  # each flagged point really is beyond a limit, or in a run
        if "beyond" in p["signals"]:
            assert p["value"] > p["upper"] or p["value"] < p["lower"]
    assert doc["variation"] in {
        "common_cause",
        "special_cause_improving",
        "special_cause_concerning",
    }
    assert doc["settings"]["shift_points"] == 6
    assert doc["process_changes"] == [] and doc["recalculated"] == []  # the sample records none


# The sample's illustrative targets (data/sample/targets.csv, dashboard/synth/generator.py), in
# the stored unit, and the verdict each gets against the latest limits of the default window
# (2023-04 to 2025-03): limits worked out again in the test below.
SAMPLE_TARGETS = {
    "charged": (None, None),  # no target
    "charge_rate": (0.06, "hit_and_miss"),  # 6% from 2024-04-01, within the limits
    "median_days_to_charge": (365.0, "hit_and_miss"),
    "victim_not_supporting_rate": (0.55, "consistently_passing"),  # above the upper limit
    "open_over_365_days": (300.0, "consistently_failing"),  # below the lower limit
}


@pytest.mark.parametrize("metric", SAMPLE_TARGETS)
def test_the_samples_targets_and_their_assurance(capsys, store, metric):
    doc = spc_json(capsys, store, metric)
    target, verdict = SAMPLE_TARGETS[metric]
    assert (doc["target"], doc["assurance"]) == (pytest.approx(target), verdict)
    latest = doc["points"][-1]
    if verdict == "hit_and_miss":
        assert latest["lower"] <= target <= latest["upper"]
    elif verdict == "consistently_passing":  # lower is better: the process stays below it
        assert target > latest["upper"]
    elif verdict == "consistently_failing":
        assert target < latest["lower"]
    by_month = {p["month"]: p["target"] for p in doc["points"]}
    if metric == "charge_rate":  # 5% from 2023-04-01, then 6% from 2024-04-01
        assert (by_month["2024-03"], by_month["2024-04"]) == (0.05, 0.06)
    if metric == "open_over_365_days":  # 300 from 2024-04-01 only
        assert (by_month["2024-03"], by_month["2024-04"]) == (None, 300.0)


def test_a_recorded_basis_measure_is_never_called_better_or_worse(capsys, store):
    doc = spc_json(capsys, store, "charge_rate_recorded_basis")
    assert doc["better"] is None
    assert doc["variation"] in {"common_cause", "special_cause_neither"}


def test_fewer_than_13_months_is_a_run_chart(capsys, store):
    doc = spc_json(capsys, store, "charged", "--from", "2024-04-01", "--to", "2025-03-31")
    assert len(doc["points"]) == 12
    assert all(p["upper"] is None and p["signals"] == [] for p in doc["points"])
    assert doc["variation"] is None
    main(
        ["spc", "charged", "--from", "2024-04-01", "--to", "2025-03-31", "--store", str(store.root)]
    )
    assert "a run chart, with no process limits and no signals" in capsys.readouterr().out


def test_filters_change_the_values(capsys, store):
    force = spc_json(capsys, store, "crimes_recorded")
    newport = spc_json(capsys, store, "crimes_recorded", "--local-authority", "Newport")
    assert newport["filters"]["local_authority"] == "W06000022"
    assert sum(p["value"] for p in newport["points"]) < sum(p["value"] for p in force["points"])


def test_list_names_every_charted_metric_in_words(capsys, store):
    assert main(["spc", "--list", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    for key in spc_metrics.charted():
        assert f"  {key}  " in out
    assert "charge_rate  Charge/summons rate" in out


def test_mistakes_are_one_line_with_exit_status_2(capsys, store):
    assert main(["spc", "no_such_metric", "--store", str(store.root)]) == 2
    err = capsys.readouterr().err.strip()
    assert "no_such_metric has no monthly series" in err and len(err.splitlines()) == 1
    assert main(["spc", "--store", str(store.root)]) == 2
    assert "flightdeck spc --list" in capsys.readouterr().err


def test_in_welsh(capsys, store):
    assert main(["--lang", "cy", "spc", "charged", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "Mis | Gwerth | Cymedr" in out and "Amrywiad achos" in out
    assert "Nid oes targed wedi'i osod" in out
    assert main(["--lang", "cy", "spc", "open_over_365_days", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "Mis | Gwerth | Cymedr | Terfyn isaf | Terfyn uchaf | Targed" in out
    assert "Targed 300 (y mis diweddaraf). Sicrwydd: yn methu'n gyson." in out


def test_the_target_and_assurance_in_words(capsys, store):
    assert main(["spc", "victim_not_supporting_rate", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "Month | Value | Mean | Lower limit | Upper limit | Target | Signals"
    assert out[-1].startswith("Target 55.0% (latest month). Assurance: consistently passing.")
