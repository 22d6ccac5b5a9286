"""`flightdeck metrics --json` with the suspects-and-disruption figures and the repeat-suspect rule.

In this process, through `dashboard.cli.main.main` as the console script calls it (the real
process, its exit status and its streams, is tested in tests/test_cli.py): every §2 and §3 key
(and rui_share) is printed, `--min-crimes` and `--lookback-months` change the repeat-suspect
figures as worked by hand on the disruption fixture (tests/test_disruption_kpi.py) and as a
second route in pandas over the stored tables of the bundled sample, and a bad rule is one line
and exit status 2.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main as cli
from dashboard.figures.disruption import DISRUPTION_KEYS, RepeatRule
from dashboard.figures.metrics import KPI_KEYS
from dashboard.settings import SAMPLE
from dashboard.store.versions import Store

DISRUPTION = Path(__file__).parent / "fixtures" / "disruption"
FY = ("--from", "2024-04-01", "--to", "2025-03-31")


def flightdeck(*args: str) -> subprocess.CompletedProcess:
    """One command run as the console script runs it, its output captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse: a usage error
            code = exc.code
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def ingest(source: Path, store: Path) -> Path:
    result = flightdeck("ingest", str(source), "--store", str(store))
    assert result.returncode == 0, result.stderr
    return store


def metrics(store: Path, *args: str) -> dict:
    result = flightdeck("metrics", "--store", str(store), "--json", *FY, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory) -> Path:
    return ingest(DISRUPTION, tmp_path_factory.mktemp("cli-disruption") / "store")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    return ingest(SAMPLE, tmp_path_factory.mktemp("cli-sample") / "store")


def test_every_key_and_the_rule(fixture_store):
    doc = metrics(fixture_store)
    assert list(doc["metrics"]) == [*KPI_KEYS, *DISRUPTION_KEYS]
    assert doc["repeat_suspect_rule"] == {
        "min_crimes": 2,
        "lookback_months": 36,
        "text": "Repeat suspect: linked to 2 or more RASSO crimes recorded in the 36 months to "
        "31 March 2025",
    }
    m = doc["metrics"]
    # tests/test_disruption_kpi.py, NO_FILTER.
    assert (m["repeat_suspects"], m["repeat_suspect_crimes"]) == (5, 9)
    assert (m["pre_charge_bail_at_end"], m["rui_at_end"], m["rui_share"]) == (6, 2, 0.25)
    assert m["breach_action_within_24h_rate"] == pytest.approx(3 / 7)
    assert m["median_hours_to_breach_action"] == 23.0
    assert m["word_on_word_trained_rate"] == 0.5


@pytest.mark.parametrize(
    ("args", "suspects", "crimes", "text"),
    [
        # X5 only (D10 D11 D12).
        (["--min-crimes", "3"], 1, 3, "3 or more RASSO crimes recorded in the 36 months"),
        # 2024-04-01 to 2025-03-31: X2 D03 D04, X5 D11 D12, X7 D04 D15.
        (["--lookback-months", "12"], 3, 5, "2 or more RASSO crimes recorded in the 12 months"),
        (["--min-crimes", "3", "--lookback-months", "12"], 0, 0, "3 or more"),
        # Newport, 12 months: X5 D11 D12.
        (["--lookback-months", "12", "--local-authority", "Newport"], 1, 2, "12 months"),
    ],
)
def test_the_rule_from_the_command_line(fixture_store, args, suspects, crimes, text):
    doc = metrics(fixture_store, *args)
    m = doc["metrics"]
    assert (m["repeat_suspects"], m["repeat_suspect_crimes"]) == (suspects, crimes)
    assert text in doc["repeat_suspect_rule"]["text"]
    assert m["pre_charge_bail_at_end"] == (4 if "--local-authority" in args else 6)


def repeat_by_pandas(version_dir: Path, end: date, rule: RepeatRule) -> tuple[int, int]:
    """(repeat suspects, their crimes in the window), from the stored tables with pandas."""
    crimes = pd.read_parquet(version_dir / "crimes.parquet")
    suspects = pd.read_parquet(version_dir / "suspects.parquet")
    start = (pd.Timestamp(end) - pd.DateOffset(months=rule.lookback_months)).date()
    recorded = pd.to_datetime(crimes["recorded_date"]).dt.date
    in_window = crimes[
        (crimes["record_type"].fillna("crime") == "crime") & (recorded > start) & (recorded <= end)
    ]
    links = suspects.merge(in_window[["crime_ref"]], on="crime_ref").drop_duplicates(
        ["suspect_id", "crime_ref"]
    )
    counts = links.groupby("suspect_id")["crime_ref"].nunique()
    repeat = counts[counts >= rule.min_crimes].index
    return len(repeat), links.loc[links["suspect_id"].isin(repeat), "crime_ref"].nunique()


@pytest.mark.parametrize(
    "rule", [RepeatRule(), RepeatRule(min_crimes=3, lookback_months=12)], ids=["default", "3in12"]
)
def test_the_sample_agrees_with_pandas(sample_store, rule):
    store = Store(sample_store)
    version_dir = store.version_dir(store.current_id())
    args = ["--min-crimes", str(rule.min_crimes), "--lookback-months", str(rule.lookback_months)]
    m = metrics(sample_store, *args)["metrics"]
    expected = repeat_by_pandas(version_dir, date(2025, 3, 31), rule)
    assert (m["repeat_suspects"], m["repeat_suspect_crimes"]) == expected
    assert expected[0] > 0


def test_the_stricter_rule_finds_fewer_on_the_sample(sample_store):
    default = metrics(sample_store)["metrics"]
    strict = metrics(sample_store, "--min-crimes", "3", "--lookback-months", "12")["metrics"]
    assert 0 < strict["repeat_suspects"] < default["repeat_suspects"]
    assert 0 < strict["repeat_suspect_crimes"] < default["repeat_suspect_crimes"]
    # Nothing else depends on the rule.
    others = [k for k in default if not k.startswith("repeat_suspect")]
    assert {k: strict[k] for k in others} == {k: default[k] for k in others}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min-crimes", "1"], "--min-crimes"),
        (["--min-crimes", "0"], "2 or more"),
        (["--min-crimes", "-3"], "--min-crimes"),
        (["--lookback-months", "0"], "--lookback-months"),
        (["--lookback-months", "121"], "from 1 to 120"),
        (["--lookback-months", "twelve"], "invalid int value"),
        (["--min-crimes", "2.5"], "invalid int value"),
    ],
)
def test_a_bad_rule_exits_2_with_one_line(fixture_store, args, message):
    result = flightdeck("metrics", "--store", str(fixture_store), "--json", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and not result.stdout


def test_the_text_output_lists_the_disruption_figures(fixture_store):
    result = flightdeck("metrics", "--store", str(fixture_store), *FY)
    assert result.returncode == 0, result.stderr
    # by their labels (the kpi files' headers), each with its formatted value
    assert "\n  Repeat suspects " in result.stdout
    assert "\n  Released under investigation, share of pre-charge releases " in result.stdout
