"""Hostile inputs, each given to `flightdeck ingest` in a process that may not use more than
1.5 GB of memory (RLIMIT_AS): each is refused with its rule (exit status 1, no traceback) and
the store is unchanged. Before the limits, each of these took the process to several GB (or
hung, for the pipe)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dashboard.store.versions import Store

MEMORY = 1536 * 1024**2
HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code"


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def ingest(path: Path, store: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "ingest", str(path), "--store", str(store)],
        capture_output=True,
        text=True,
        preexec_fn=_bounded,
        timeout=120,  # a guard against a hang (the pipe), not a measure
    )


def assert_refused(result: subprocess.CompletedProcess, store: Path, rule: str) -> None:
    assert result.returncode == 1, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and rule in errors[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    assert Store(store).current_id() is None


def test_a_header_of_a_million_columns(tmp_path):
    path = tmp_path / "crimes.csv"
    extra = ",".join(f"column_{i}" for i in range(1_000_000 - 4))
    path.write_text(f"{HEADER},{extra}\nC1,2024-04-01,2024-04-02,19C{',' * (1_000_000 - 4)}\n")
    assert_refused(ingest(path, tmp_path / "store"), tmp_path / "store", "for one line")


def test_a_million_columns_in_a_short_header(tmp_path):
    # Unnamed columns fit the header in a megabyte: the column count refuses it.
    path = tmp_path / "crimes.csv"
    commas = "," * (1_000_000 - 4)
    path.write_text(f"{HEADER}{commas}\nC1,2024-04-01,2024-04-02,19C{commas}\n")
    result = ingest(path, tmp_path / "store")
    assert_refused(result, tmp_path / "store", "1,000,000 columns, more than the limit")


def test_a_zip_bomb_of_a_gigabyte_of_rows(tmp_path):
    path = tmp_path / "week.zip"
    row = b"C1,2024-04-01,2024-04-02,19C\n"
    chunk = row * ((32 << 20) // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("crimes.csv", "w", force_zip64=True) as member:
            member.write(HEADER.encode() + b"\n")
            for _ in range(32):  # 1 GB unpacked, about 9 MB packed
                member.write(chunk)
    result = ingest(path, tmp_path / "store")
    assert_refused(result, tmp_path / "store", "week.zip/crimes.csv: Refused without unpacking")


def test_dev_zero(tmp_path):
    result = ingest(Path("/dev/zero"), tmp_path / "store")
    assert_refused(result, tmp_path / "store", "/dev/zero: Not a regular file")


@pytest.mark.parametrize("where", ["path", "in a folder"])
def test_a_named_pipe(tmp_path, where):
    folder = tmp_path / "upload"
    folder.mkdir()
    os.mkfifo(folder / "crimes.csv")  # no writer: opening it would wait for ever
    result = ingest(folder / "crimes.csv" if where == "path" else folder, tmp_path / "store")
    assert_refused(result, tmp_path / "store", "crimes.csv: Not a regular file")
