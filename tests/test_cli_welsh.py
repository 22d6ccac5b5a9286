"""The command line in Welsh (issue 13, item 2): `--lang cy` anywhere on the line or
`FLIGHTDECK_LANG=cy`, for messages, `--help` (argparse's own words too) and usage errors."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.cli.main import main
from tests.app_helpers import shared_sample

EN, CY = i18n.catalogue("en"), i18n.catalogue("cy")


@pytest.fixture(autouse=True)
def english_after(monkeypatch):
    monkeypatch.delenv("FLIGHTDECK_LANG", raising=False)
    yield
    i18n.set_language("en")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return shared_sample().root


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # --help and usage errors leave through argparse
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("how", ["env", "option", "option="])
def test_help_is_welsh_every_way_of_asking(capsys, monkeypatch, how):
    args = ["metrics", "--help"]
    if how == "env":
        monkeypatch.setenv("FLIGHTDECK_LANG", "cy")
    else:
        args = [*args, "--lang", "cy"] if how == "option" else ["--lang=cy", *args]
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert out.startswith(CY["argparse.usage"])
    for key in ("argparse.options", "argparse.help", "cli.help.from", "cli.help.subgroup"):
        assert CY[key] in " ".join(out.split()), key
        assert EN[key] not in " ".join(out.split()), key
    assert CY["cli.metavar.date"] in out and "DATE" not in out


def test_the_option_wins_over_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_LANG", "cy")
    code, out, _ = run(capsys, "--help", "--lang", "en")
    assert code == 0 and out.startswith("usage: ")


def test_usage_errors_in_welsh_are_one_line(capsys):
    code, out, err = run(capsys, "metrics", "--bogus", "--lang", "cy")
    assert code == 2 and out == ""
    unrecognized = CY["argparse.unrecognized"] % "--bogus"
    assert err == CY["cli.usage_error"].format(prog="flightdeck", message=unrecognized) + "\n"


def test_an_unknown_language_is_a_usage_error(capsys, monkeypatch):
    code, _, err = run(capsys, "versions", "--lang", "xx")
    assert code == 2
    assert err.strip() == "flightdeck: " + EN["cli.lang_unknown"].format(
        value="xx", choices="cy, en"
    )
    monkeypatch.setenv("FLIGHTDECK_LANG", "xx")  # from the environment: English, quietly
    code, out, _ = run(capsys, "--help")
    assert code == 0 and out.startswith("usage: ")


def test_metrics_in_welsh_name_the_period_and_metrics_in_welsh(capsys, store):
    code, out, err = run(
        capsys,
        "metrics",
        "--store",
        str(store),
        "--lang",
        "cy",
        "--from",
        "2024-04-01",
        "--to",
        "2025-03-31",
        "--subgroup",
        "rape",
    )
    assert code == 0, err
    assert CY["metric.charge_rate.label"] in out and CY["metric.crimes_recorded.label"] in out
    assert "31 Mawrth 2025" in out  # the repeat-suspect rule's window, in Welsh
    assert "March" not in out and "Charge/summons rate" not in out
