"""`flightdeck ingest` through real processes refuses degenerate uploads (exit status 1, the
store unchanged): an empty crimes table, a table cut by more than a fifth without
`--allow-shrink`; and its report starts with the error that explains the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.i18n import t
from dashboard.store.versions import Store
from tests.test_cli import flightdeck, no_traceback

HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code\n"


def crimes_file(folder: Path, n: int) -> Path:
    """crimes.csv with C1..Cn (valid, April 2024) in its own folder."""
    folder.mkdir(parents=True)
    rows = "".join(f"C{i},2024-04-{i:02d},2024-04-{i:02d},19C\n" for i in range(1, n + 1))
    path = folder / "crimes.csv"
    path.write_text(HEADER + rows)
    return path


def state(root: Path) -> tuple:
    """What a refused upload must leave as it was: CURRENT and every entry of versions/."""
    current = (root / "CURRENT").read_text() if (root / "CURRENT").exists() else None
    versions = root / "versions"
    entries = sorted(p.name for p in versions.iterdir()) if versions.exists() else []
    return current, entries


@pytest.fixture
def ten(tmp_path) -> Path:
    """A store at v0001: ten crimes, nothing else."""
    root = tmp_path / "store"
    result = flightdeck("ingest", str(crimes_file(tmp_path / "ten", 10)), "--store", str(root))
    assert result.returncode == 0, result.stderr
    return root


def test_an_empty_synthetic_extract_is_refused(tmp_path):
    # The reproduction: `synth --crimes 0` writes every table with its header only
    # (training keeps its staff), and was loaded "as at None".
    extract = tmp_path / "x0"
    assert flightdeck("synth", str(extract), "--crimes", "0").returncode == 0
    root = tmp_path / "store"
    result = flightdeck("ingest", str(extract), "--store", str(root))
    assert result.returncode == 1
    no_traceback(result)
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error: crimes.csv: {t('rule.crimes_no_rows')}"
    assert lines[-1].endswith(t("cli.ingest.hint_empty_crimes"))
    assert "None" not in result.stderr + result.stdout and result.stdout == ""
    assert state(root) == (None, []) and Store(root).current_id() is None


def test_an_empty_crimes_file_leaves_the_current_version(tmp_path, ten):
    before = state(ten)
    result = flightdeck("ingest", str(crimes_file(tmp_path / "empty", 0)), "--store", str(ten))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"error: crimes.csv: {t('rule.crimes_no_rows')}"
    assert "--allow-shrink" not in result.stderr  # allowing the shrink 10 -> 0 would not help
    assert state(ten) == before == ("v0001\n", ["v0001"])


def test_a_shrink_over_a_fifth_needs_allow_shrink(tmp_path, ten):
    # 10 -> 7 crimes: 3 of 10 removed = 30%, more than 20%.
    seven = crimes_file(tmp_path / "seven", 7)
    before = state(ten)
    refused = flightdeck("ingest", str(seven), "--store", str(ten))
    assert refused.returncode == 1
    no_traceback(refused)
    assert refused.stderr.splitlines()[0].startswith(
        "error: crimes.csv: crimes would go from 10 rows now to 7 after this upload"
    )
    assert refused.stderr.strip().splitlines()[-1].endswith(t("cli.ingest.hint_shrink"))
    assert state(ten) == before
    allowed = flightdeck("ingest", str(seven), "--store", str(ten), "--allow-shrink")
    assert allowed.returncode == 0, allowed.stderr
    assert Store(ten).current_id() == "v0002"
    assert Store(ten).manifest("v0002")["tables"]["crimes"]["rows"] == 7


def test_the_help_names_allow_shrink():
    result = flightdeck("ingest", "--help")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert "--allow-shrink" in result.stdout and "80%" in result.stdout  # 100 - 20


def test_a_shrink_of_exactly_a_fifth_is_allowed(tmp_path, ten):
    # 10 -> 8 crimes: 2 of 10 removed = 20%, not more.
    result = flightdeck("ingest", str(crimes_file(tmp_path / "eight", 8)), "--store", str(ten))
    assert result.returncode == 0, result.stderr
    assert Store(ten).manifest("v0002")["tables"]["crimes"]["rows"] == 8


def test_outcomes_alone_say_first_that_crimes_are_missing(tmp_path):
    # Three outcomes into an empty store: 3 "Refers to crimes ..." errors follow from the
    # missing crimes.csv, which is listed first; the hint says to add it.
    folder = tmp_path / "outcomes"
    folder.mkdir()
    rows = "".join(f"C{i},16,2024-05-01\n" for i in range(1, 4))
    (folder / "outcomes.csv").write_text("crime_ref,outcome_code,outcome_date\n" + rows)
    root = tmp_path / "store"
    result = flightdeck("ingest", str(folder), "--store", str(root))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error: outcomes.csv: {t('rule.first_upload_needs_crimes')}"
    assert all("Refers to crimes" in line for line in lines[1:4])
    assert lines[-1].endswith(t("cli.ingest.hint_no_crimes"))
    assert t("cli.ingest.hint_file") not in result.stderr
    assert state(root) == (None, [])
