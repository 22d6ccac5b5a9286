"""`flightdeck` end to end through real processes: every command, exit statuses, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli.serve import ensure_data
from dashboard.figures import metrics
from dashboard.national import figures as national_figures
from dashboard.national.engine import current_engine
from dashboard.settings import SAMPLE
from dashboard.store.versions import Store


def flightdeck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = flightdeck("ingest", str(SAMPLE), "--store", str(store))
    assert result.returncode == 0, result.stderr
    return store


def test_ingest_prints_a_one_screen_summary(sample_store):
    versions = json.loads(flightdeck("versions", "--store", str(sample_store), "--json").stdout)
    assert [v["id"] for v in versions] == ["v0001"] and versions[0]["current"]
    assert versions[0]["synthetic"] is True
    assert {f["table"] for f in versions[0]["files"]} == set(metrics_tables())


def metrics_tables():
    from dashboard.synth.generator import WRITTEN

    return WRITTEN  # every table but process_changes (the sample records none)


def test_metrics_json_has_every_key(sample_store):
    result = flightdeck(
        "metrics",
        "--from",
        "2024-04-01",
        "--to",
        "2025-03-31",
        "--store",
        str(sample_store),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["version"] == "v0001" and doc["as_at"] == "2025-03-31"
    assert doc["period"] == {"from": "2024-04-01", "to": "2025-03-31"}
    assert doc["filters"] == {
        "local_authority": None,
        "subgroup": None,
        "age_band": None,
        "domestic_abuse": None,
    }
    assert set(metrics.KPI_KEYS) <= set(doc["metrics"])
    m = doc["metrics"]
    assert m["crimes_recorded"] == m["rape_recorded"] + m["other_sexual_recorded"]
    assert m["charge_rate"] == pytest.approx(m["charged"] / m["outcomes_assigned"])


def test_metrics_default_period_is_the_last_complete_financial_year(sample_store):
    doc = json.loads(flightdeck("metrics", "--store", str(sample_store), "--json").stdout)
    assert doc["period"] == {"from": "2024-04-01", "to": "2025-03-31"}


def test_metrics_filters_by_welsh_name(sample_store):
    base = ["metrics", "--store", str(sample_store), "--json"]
    newport = json.loads(flightdeck(*base, "--local-authority", "Casnewydd").stdout)
    assert newport["filters"]["local_authority"] == "W06000022"
    everyone = json.loads(flightdeck(*base).stdout)
    assert 0 < newport["metrics"]["crimes_recorded"] < everyone["metrics"]["crimes_recorded"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2024-02-30", "--to", "2024-03-31"], "not a real date"),
        (["--from", "2024-04-01", "--to", "2024-03-01"], "after"),
        (["--from", "2024-04-01"], "both"),
        (["--local-authority", "Narnia"], "not allowed"),
        (["--subgroup", "burglary"], "invalid choice"),
    ],
)
def test_metrics_bad_arguments_exit_2_with_one_line(sample_store, args, message):
    result = flightdeck("metrics", "--store", str(sample_store), "--json", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    no_traceback(result)


def test_metrics_on_an_empty_store(tmp_path):
    result = flightdeck("metrics", "--store", str(tmp_path / "empty"), "--json")
    assert result.returncode == 1 and "flightdeck ingest" in result.stderr
    no_traceback(result)


def test_refused_upload_changes_neither_versions_nor_metrics(sample_store, tmp_path):
    before_versions = flightdeck("versions", "--store", str(sample_store), "--json").stdout
    before_metrics = flightdeck("metrics", "--store", str(sample_store), "--json").stdout
    bad = tmp_path / "crimes.csv"
    bad.write_text(
        "crime_ref,reported_date,recorded_date,ho_offence_code\n"
        "X1,31/02/2024,2024-03-01,19C\nX2,2024-03-01,2024-03-02,BURGLARY\n"
    )
    result = flightdeck("ingest", str(bad), "--store", str(sample_store))
    assert result.returncode == 1
    assert "crimes.csv:2 [reported_date] '31/02/2024'" in result.stderr
    assert "crimes.csv:3 [ho_offence_code] 'BURGLARY'" in result.stderr
    assert "nothing was changed" in result.stderr
    no_traceback(result)
    assert flightdeck("versions", "--store", str(sample_store), "--json").stdout == before_versions
    assert flightdeck("metrics", "--store", str(sample_store), "--json").stdout == before_metrics


def test_versions_rollback_and_same_file_no_op(tmp_path):
    store = tmp_path / "store"
    one = tmp_path / "one"
    one.mkdir()
    (one / "crimes.csv").write_text(
        "crime_ref,reported_date,recorded_date,ho_offence_code\nC1,2024-04-01,2024-04-02,19C\n"
    )
    assert flightdeck("ingest", str(one), "--store", str(store)).returncode == 0
    again = flightdeck("ingest", str(one), "--store", str(store))
    assert again.returncode == 0 and "Nothing to do" in again.stdout
    (one / "crimes.csv").write_text(
        "crime_ref,reported_date,recorded_date,ho_offence_code\n"
        "C1,2024-04-01,2024-04-02,19C\nC2,2024-05-01,2024-05-02,20A\n"
    )
    second = flightdeck("ingest", str(one), "--store", str(store), "--as-at", "2024-06-30")
    assert second.returncode == 0 and "v0002" in second.stdout and "2024-06-30" in second.stdout
    listing = flightdeck("versions", "--store", str(store)).stdout.splitlines()
    assert listing[0].startswith("  v0001") and listing[1].startswith("* v0002")
    rolled = flightdeck("rollback", "v0001", "--reason", "test", "--store", str(store))
    assert rolled.returncode == 0
    assert Store(store).current_id() == "v0001"
    unknown = flightdeck("rollback", "v0042", "--reason", "test", "--store", str(store))
    assert unknown.returncode == 1 and "v0001, v0002" in unknown.stderr
    no_traceback(unknown)


def test_accept_invalid_rows(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "crimes.csv").write_text(
        "crime_ref,reported_date,recorded_date,ho_offence_code\n"
        "C1,2024-04-01,2024-04-02,19C\nC2,bad,2024-04-02,19C\n"
    )
    store = str(tmp_path / "store")
    assert flightdeck("ingest", str(folder), "--store", store).returncode == 1
    accepted = flightdeck("ingest", str(folder), "--store", store, "--accept-invalid-rows")
    assert accepted.returncode == 0 and "1 invalid row was put aside for review" in accepted.stdout


def test_synth_same_seed_same_bytes(tmp_path):
    for name in ("a", "b"):
        result = flightdeck("synth", str(tmp_path / name), "--crimes", "200", "--seed", "9")
        assert result.returncode == 0, result.stderr
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes()


def test_default_store_from_environment(tmp_path):
    import os

    env = {**os.environ, "FLIGHTDECK_STORE": str(tmp_path / "envstore")}
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "versions"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and str(tmp_path / "envstore") in result.stdout


def test_usage_errors_are_one_line():
    result = flightdeck("frobnicate")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_serve_loads_the_sample_into_an_empty_store(tmp_path):
    store = Store(tmp_path / "store")
    version = ensure_data(store)
    assert store.manifest(version)["synthetic"] is True
    engine = current_engine(store.root)  # and the published national figures beside it
    assert engine is not None and "2017/18" in national_figures.years(engine)
    assert ensure_data(store) == version  # not loaded twice
