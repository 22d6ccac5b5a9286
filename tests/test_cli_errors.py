"""Every mistake a user can make on the command line is one line on standard error naming the
problem and its fix, with exit status 2 (usage) or 1, never a traceback; and `flightdeck metrics`
is readable as text and says when the period lies outside the data.

In-process (`main([...])` with capsys): fast, and the same code path as the installed command.
"""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from dashboard.cli import main as cli
from dashboard.cli import serve as serve_module
from dashboard.settings import SAMPLE
from dashboard.synth import generator
from tests.app_helpers import load_sample


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `flightdeck argv...`; a usage error's SystemExit too."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse exits for a usage error
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line(err: str, *words: str) -> None:
    assert err.endswith("\n") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err and "unexpected error" not in err, err
    for word in words:
        assert word in err, (word, err)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    """A store holding the bundled sample (as at 2025-03-31, crimes recorded from 2020-04-01)."""
    return load_sample(tmp_path_factory.mktemp("cli-errors") / "store").root


# synth ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["-5", "-1", "many", "2.5"])
def test_synth_refuses_a_negative_or_non_whole_crime_count(capsys, tmp_path, value):
    code, out, err = run(capsys, "synth", str(tmp_path / "out"), "--crimes", value)
    assert code == 2 and not out
    assert_one_line(err, "--crimes", "whole number of 0 or more", repr(value))
    assert not (tmp_path / "out").exists()


def test_synth_refuses_a_folder_that_is_not_empty(capsys, tmp_path):
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "synth", str(outdir), "--crimes", "20")
    assert code == 1 and not out
    assert_one_line(err, str(outdir), "not empty", "--force")
    assert [p.name for p in outdir.iterdir()] == ["notes.txt"]


def test_synth_writes_into_a_folder_that_is_not_empty_with_force(capsys, tmp_path):
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "synth", str(outdir), "--crimes", "20", "--force")
    assert code == 0, err
    assert (outdir / "crimes.csv").is_file() and (outdir / "notes.txt").is_file()


def test_synth_writes_into_an_empty_folder(capsys, tmp_path):
    code, _, err = run(capsys, "synth", str(tmp_path), "--crimes", "0")
    assert code == 0, err
    assert (tmp_path / "crimes.csv").is_file()


@pytest.mark.parametrize("inside", [False, True])
def test_synth_refuses_a_file(capsys, tmp_path, inside):
    a_file = tmp_path / "extract.csv"
    a_file.write_text("x\n", encoding="utf-8")
    outdir = a_file / "out" if inside else a_file
    code, out, err = run(capsys, "synth", str(outdir), "--force")
    assert code == 1 and not out
    assert_one_line(err, str(a_file), "is a file")


def test_a_path_the_system_refuses_is_one_line_naming_it(capsys, tmp_path, monkeypatch):
    outdir = tmp_path / "locked"

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(outdir))

    monkeypatch.setattr(generator, "generate", refused)
    code, _, err = run(capsys, "synth", str(outdir))
    assert code == 1
    assert_one_line(err, str(outdir), "Permission denied")


# --store naming a file -------------------------------------------------------------------------


STORE_COMMANDS = [
    ["ingest", str(SAMPLE)],
    ["versions"],
    ["rollback", "v0001", "--reason", "r"],
    ["metrics"],
    ["national", "load", "x.csv"],
    ["national", "metrics", "--year", "2017/18"],
    ["serve"],
]


@pytest.mark.parametrize("command", STORE_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_store_that_is_a_file_is_a_usage_error(capsys, tmp_path, monkeypatch, command):
    monkeypatch.setattr(serve_module, "serve", _must_not_run)
    a_file = tmp_path / "store"
    a_file.write_text("not a store\n", encoding="utf-8")
    code, out, err = run(capsys, *command, "--store", str(a_file))
    assert code == 2 and not out
    assert_one_line(err, str(a_file), "is a file", "--store")


def test_a_store_inside_a_file_is_a_usage_error(capsys, tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x\n", encoding="utf-8")
    code, _, err = run(capsys, "versions", "--store", str(a_file / "store"))
    assert code == 2
    assert_one_line(err, str(a_file), "is a file")


def test_the_default_store_from_the_environment_is_checked_too(capsys, tmp_path, monkeypatch):
    a_file = tmp_path / "store"
    a_file.write_text("x\n", encoding="utf-8")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(a_file))
    code, _, err = run(capsys, "versions")
    assert code == 2
    assert_one_line(err, str(a_file), "is a file")


# serve ---------------------------------------------------------------------------------------


def _must_not_run(*args, **kwargs):
    raise AssertionError("must not get this far")


@pytest.fixture
def no_start(monkeypatch):
    """serve() must refuse before loading anything or becoming Streamlit."""
    monkeypatch.setattr(serve_module, "ensure_data", _must_not_run)
    monkeypatch.setattr(serve_module.os, "execve", _must_not_run)


@pytest.mark.parametrize("port", ["0", "65536", "99999", "-1", "http"])
def test_serve_refuses_a_port_out_of_range(capsys, tmp_path, no_start, port):
    code, out, err = run(capsys, "serve", "--port", port, "--store", str(tmp_path / "s"))
    assert code == 2 and not out
    assert_one_line(err, "--port", "1 to 65535", repr(port))


@pytest.mark.parametrize("listen_on, address", [("0.0.0.0", None), ("127.0.0.1", "127.0.0.1")])
def test_serve_refuses_a_port_in_use_before_loading_anything(
    capsys, tmp_path, no_start, listen_on, address
):
    store = tmp_path / "store"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind((listen_on, 0))
        busy.listen()
        port = busy.getsockname()[1]
        argv = ["serve", "--port", str(port), "--store", str(store)]
        code, out, err = run(capsys, *argv, *(["--address", address] if address else []))
    assert code == 1 and not out
    assert_one_line(err, f"port {port}", "in use", "--port")
    assert "Serving" not in err and not store.exists()


def test_serve_refuses_an_address_it_cannot_listen_on(capsys, tmp_path, no_start):
    argv = ["serve", "--address", "no-such-host.invalid", "--store", str(tmp_path / "s")]
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert_one_line(err, "no-such-host.invalid", "--address")


# metrics -------------------------------------------------------------------------------------


def metrics_json(capsys, store: Path, *args: str) -> dict:
    code, out, err = run(capsys, "metrics", "--store", str(store), "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_the_text_output_is_a_readable_table(capsys, sample_store):
    code, out, err = run(capsys, "metrics", "--store", str(sample_store))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Version v0001 (as at 2025-03-31), period 2024-04-01 to 2025-03-31:"
    assert lines[1] == "Filters: none (the whole force)"
    assert "The data runs from" not in out  # the default period lies within the data
    assert re.search(r"^  Crimes recorded +\d{1,3}(,\d{3})+$", out, flags=re.M)
    assert re.search(r"^  Charge/summons rate +\d+\.\d%$", out, flags=re.M)
    assert re.search(r"^  Median days to charge +[\d.]+ days$", out, flags=re.M)
    assert re.search(r"^  Repeat suspects +\d+$", out, flags=re.M)
    assert lines[-1].startswith("Repeat suspect: linked to 2 or more RASSO crimes")
    # no raw key, dict or unrounded float
    assert "charge_rate" not in out and "{" not in out
    assert not re.search(r"\d\.\d{3,}", out)


def test_the_text_output_names_the_filters(capsys, sample_store):
    argv = ["metrics", "--store", str(sample_store), "--local-authority", "casnewydd"]
    code, out, _ = run(capsys, *argv, "--subgroup", "rape")
    assert code == 0
    assert out.splitlines()[1] == "Filters: Local authority: Newport; Offence: Rape"


def test_the_default_period_lies_within_the_data(capsys, sample_store):
    coverage = metrics_json(capsys, sample_store)["coverage"]
    assert coverage["status"] == "full"
    assert coverage["data_from"] == "2020-04-01" and coverage["data_to"] == "2025-03-31"


def test_a_period_after_the_data_is_wholly_outside_it(capsys, sample_store):
    period = ["--from", "2026-04-01", "--to", "2027-03-31"]
    coverage = metrics_json(capsys, sample_store, *period)["coverage"]
    assert coverage["status"] == "none" and "wholly outside" in coverage["text"]
    code, out, _ = run(capsys, "metrics", "--store", str(sample_store), *period)
    assert code == 0
    assert out.splitlines()[2] == coverage["text"]
    assert "The data runs from 2020-04-01 to 2025-03-31" in coverage["text"]


def test_a_period_overlapping_the_start_of_the_data_is_partly_outside_it(capsys, sample_store):
    period = ["--from", "2019-04-01", "--to", "2021-03-31"]
    coverage = metrics_json(capsys, sample_store, *period)["coverage"]
    assert coverage["status"] == "partial" and "partly outside" in coverage["text"]
    code, out, _ = run(capsys, "metrics", "--store", str(sample_store), *period)
    assert code == 0 and coverage["text"] in out
