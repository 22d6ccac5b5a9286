"""`flightdeck national load | metrics` through `dashboard.cli.main`: output, JSON shape, exit
statuses, one-line errors.

The `national` subcommand is registered here exactly as cli.py registers it
(`add_national_parser(sub)`, dispatched to `run_national`), so these tests run the same code
before and after that wiring lands in cli.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dashboard.cli import main as cli
from dashboard.i18n import catalogue
from dashboard.national import loader
from dashboard.national.choices import SUBGROUPS
from dashboard.national.figures import FIGURES, RATES

FIXTURES = Path(__file__).parent / "fixtures" / "national"
SNAKE = FIXTURES / "outcomes-2017-18-snake.csv"
PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
FULL = PUBLIC / "ho-outcomes-open-data-2017-18.csv.gz"


def flightdeck(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of one command, as the console script
    would give them (argparse exits with status 2 on a usage error)."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def store(tmp_path, capsys) -> Path:
    root = tmp_path / "store"
    code, _, err = flightdeck(capsys, "national", "load", str(SNAKE), "--store", str(root))
    assert code == 0, err
    return root


def test_load_prints_a_summary_then_a_reload_is_a_no_op(tmp_path, capsys):
    root = str(tmp_path / "store")
    code, out, _ = flightdeck(capsys, "national", "load", str(SNAKE), "--store", root)
    assert code == 0
    assert "version v0001" in out and "2017/18" in out and "126 rows" in out
    code, out, _ = flightdeck(capsys, "national", "load", str(SNAKE), "--store", root)
    assert code == 0 and out.startswith("Nothing to do") and "v0001" in out


def test_refused_load_lists_file_line_reason_and_changes_nothing(tmp_path, capsys, store):
    lines = SNAKE.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9][: lines[9].rindex(",")] + ",5x"
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = flightdeck(capsys, "national", "load", str(bad), "--store", str(store))
    assert code == 1 and out == ""
    problem, summary = err.splitlines()
    assert (
        problem
        == "error: bad.csv:10 [force_outcomes_recorded_in_quarter] '5x': Not a whole number."
    )
    assert (
        summary.startswith("flightdeck: National data refused") and "nothing was changed" in summary
    )
    assert [v["id"] for v in loader.national_store(store).versions()] == ["v0001"]


def test_metrics_json_has_exactly_the_issue_shape(capsys, store):
    code, out, _ = flightdeck(
        capsys, "national", "metrics", "--year", "2017/18", "--force", "Gwent",
        "--subgroup", "rape", "--store", str(store), "--json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert list(document) == [
        "year", "subgroup", "force", "england_and_wales", "comparator_group", "rank"
    ]  # fmt: skip
    assert (document["year"], document["subgroup"]) == ("2017/18", "rape")
    assert list(document["force"]) == list(FIGURES)
    assert list(document["england_and_wales"]) == list(FIGURES)
    assert list(document["comparator_group"]) == ["forces", *FIGURES]
    assert list(document["rank"]) == list(RATES)
    # Worked out in test_national_figures.py: Gwent rape in the fixture.
    assert document["force"]["crimes_recorded"] == 126
    assert document["force"]["charge_rate"] == 11 / 84
    assert document["comparator_group"]["forces"] == ["Dyfed-Powys", "North Wales", "South Wales"]
    assert document["rank"]["charge_rate_recorded_basis"] == 1


def test_metrics_comparators_and_both_subgroups(capsys, store):
    code, out, _ = flightdeck(
        capsys, "national", "metrics", "--year", "2017-18", "--force", "gwent",
        "--comparators", "South Wales, north wales", "--store", str(store), "--json",
    )  # fmt: skip
    document = json.loads(out)
    assert code == 0 and document["subgroup"] is None
    assert document["comparator_group"]["forces"] == ["South Wales", "North Wales"]
    assert document["force"]["crimes_recorded"] == 126 + 20  # rape and other sexual offences


def test_metrics_as_text(capsys, store):
    code, out, _ = flightdeck(
        capsys, "national", "metrics", "--year", "2017/18", "--store", str(store)
    )
    assert code == 0
    assert out.startswith("Gwent, 2017/18, rape and other sexual offences")
    assert "Charge/summons rate (closed basis)" in out and "England and Wales" in out


@pytest.mark.parametrize(
    ("argv", "start", "listed"),
    [
        (["--year", "2017/18", "--force", "Gwnet"], "unknown force 'Gwnet'", "Gwent; North Wales"),
        (["--year", "2016/17"], "unknown financial year '2016/17'", "2017/18"),
        (["--year", "2017/18", "--comparators", "Gwent,Kent"], "unknown force 'Kent'", "Gwent"),
    ],
)
def test_unknown_choices_exit_2_with_one_line_listing_valid_values(
    capsys, store, argv, start, listed
):
    code, out, err = flightdeck(capsys, "national", "metrics", *argv, "--store", str(store))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"flightdeck: {start}") and listed in err


def test_usage_errors_and_an_empty_store(tmp_path, capsys):
    code, _, err = flightdeck(
        capsys, "national", "metrics", "--year", "2017/18", "--subgroup", "all"
    )
    assert code == 2 and len(err.splitlines()) == 1
    code, _, err = flightdeck(capsys, "national", "metrics", "--store", str(tmp_path))
    assert code == 2 and "--year" in err
    code, _, err = flightdeck(
        capsys, "national", "metrics", "--year", "2017/18", "--store", str(tmp_path)
    )
    assert code == 1 and "No national data loaded yet" in err


def test_full_file_through_the_command_line(tmp_path, capsys):
    if not FULL.is_file():
        pytest.fail(f"the shared Home Office file is missing: expected {FULL}")
    root = str(tmp_path / "store")
    code, out, err = flightdeck(capsys, "national", "load", str(FULL), "--store", root)
    assert code == 0, err
    assert "450,912 rows" in out
    code, out, _ = flightdeck(
        capsys, "national", "metrics", "--year", "2017/18", "--force", "Gwent",
        "--subgroup", "rape", "--comparators", "London, City of,Metropolitan Police",
        "--store", root, "--json",
    )  # fmt: skip
    document = json.loads(out)
    assert document["force"]["crimes_recorded"] == 417  # as the Home Office published
    assert document["comparator_group"]["forces"] == ["London, City of", "Metropolitan Police"]
    assert all(1 <= rank <= 43 for rank in document["rank"].values())


def test_every_national_message_is_in_the_catalogue():
    """Each `t("...")` key in the national modules, and each key built from a value, exists."""
    english = catalogue("en")
    package = Path(cli.__file__).parents[1]
    modules = ["cli/main", "cli/national", "national/loader", "national/read", "national/parse"]
    modules.append("app/sections/national_upload")  # the browser's load
    used = set()
    for module in modules:
        source = (package / f"{module}.py").read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\(\s*"([a-z_.]+)"', source))
    used |= {f"national.figure.{name}" for name in FIGURES}
    used |= {f"national.subgroup.{name}" for name in (*SUBGROUPS, "all")}
    used |= {f"national.kind.{kind}" for kind in ("year", "force", "subgroup", "quarter")}
    used |= {f"national.upload.stage.{stage}" for stage in ("read", "write", "done")}
    plurals = ("national.upload.done", "national.upload.refused")  # tn("…", n): one, other
    used |= {f"{key}.{form}" for key in plurals for form in ("one", "other")}
    assert sorted(key for key in used if key not in english) == []
    national_keys = {k for k in english if k.startswith("national.")}
    assert sorted(national_keys - used) == []  # nothing left over in national.json
