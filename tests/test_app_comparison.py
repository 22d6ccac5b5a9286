"""The national comparison page through AppTest, and the flight deck's England and Wales figure.

The page's figures must equal `flightdeck national metrics --json` (the real CLI, run as a
subprocess on the same store) to the digit as displayed; the URL (`nyear`, `force`, `peers`,
`sg`) seeds the widgets and an invalid value falls back with a notice; with no national data
the page explains how to load it.

The store holds the bundled synthetic sample (the force's own extract) and, in `national/`,
the Home Office rows of `tests/fixtures/national/` for 2017/18 plus a second year made from
them (2016/17: the same rows without quarter 2), so the trend has two points. One test uses
the full shared Home Office file for the 43 forces and a force name with a comma in it.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dashboard import formatting, periods
from dashboard.app import national_data
from dashboard.app.markdown_text import literal
from dashboard.app.sections import comparison_choices as choices
from dashboard.i18n import t
from dashboard.national import loader
from dashboard.national.figures import FIGURES, RATES
from tests.app_helpers import APP, ROOT, TIMEOUT, assert_clean, load_sample, page_path

FIXTURES = Path(__file__).parent / "fixtures" / "national"
SNAKE = FIXTURES / "outcomes-2017-18-snake.csv"
PUBLIC = ROOT / "data" / "public"
FULL = PUBLIC / "ho-outcomes-open-data-2017-18.csv.gz"
YEAR, EARLIER = "2017/18", "2016/17"
WELSH_PEERS = ["Dyfed-Powys", "North Wales", "South Wales"]
AREAS = ("force", "england_and_wales", "comparator_group")


def open_comparison(params: dict[str, str] | None = None):
    """A fresh session on the comparison page, opened with `params` in its URL."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.switch_page(page_path("comparison"))
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def cli(store: Path, year: str, force: str, subgroup=None, peers=None) -> dict:
    """`flightdeck national metrics --json` for the choices, as a subprocess (each run once)."""
    return _cli(str(store), year, force, subgroup, None if peers is None else tuple(peers))


@functools.cache
def _cli(store: str, year: str, force: str, subgroup, peers) -> dict:
    cmd = [sys.executable, "-m", "dashboard.cli", "national", "metrics", "--json"]
    cmd += ["--year", year, "--force", force, "--store", str(store)]
    if subgroup:
        cmd += ["--subgroup", subgroup]
    if peers is not None:
        cmd += ["--comparators", ",".join(peers)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def national_load(store: Path, *files: Path) -> None:
    """What `flightdeck national load FILE... --store STORE` does (in this process: quicker)."""
    loader.load(store, list(files))


def earlier_year_file(folder: Path) -> Path:
    """The fixture's rows as 2016/17, without quarter 2 (so its figures differ)."""
    lines = SNAKE.read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [
        line.replace(YEAR, EARLIER, 1) for line in lines[1:] if not line.startswith(f"{YEAR},2,")
    ]
    path = folder / "outcomes-2016-17.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The sample, and national data for 2016/17 and 2017/18; the store the app reads."""
    work = tmp_path_factory.mktemp("app-comparison")
    root = load_sample(work / "store").root
    national_load(root, SNAKE, earlier_year_file(work))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FLIGHTDECK_STORE", str(root))
        yield root


@pytest.fixture(scope="module")
def empty_national(tmp_path_factory) -> Path:
    """The sample alone: no national data."""
    return load_sample(tmp_path_factory.mktemp("app-comparison-empty") / "store").root


# --- what the page shows -----------------------------------------------------------------------


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def figures_table(at):
    """The table of the figures (the one whose first column is 'Figure')."""
    (table,) = [
        d.value for d in at.dataframe if d.value.columns[0] == t("comparison.column.figure")
    ]
    return table


def expected_table(document: dict, force: str, total: int) -> list[dict[str, str]]:
    """The CLI's document as the page's table should show it, row by row."""
    names = [force, t("comparison.area.england_and_wales"), t("comparison.area.comparator_group")]
    rows = []
    for figure in FIGURES:
        unit = "rate" if figure in RATES else "count"
        row = {t("comparison.column.figure"): t(f"national.figure.{figure}")}
        for name, area in zip(names, AREAS, strict=True):
            row[name] = formatting.value(document[area][figure], unit)
        rank = document["rank"].get(figure)
        row[t("comparison.column.rank", total=total)] = "" if rank is None else str(rank)
        rows.append(row)
    return rows


def expected_tiles(document: dict, force: str, rate: str, total: int) -> dict[str, str]:
    rank = document["rank"][rate]
    return {
        force: formatting.rate(document["force"][rate]),
        t("comparison.area.england_and_wales"): formatting.rate(
            document["england_and_wales"][rate]
        ),
        t("comparison.area.comparator_group"): formatting.rate(document["comparator_group"][rate]),
        t("comparison.tile.rank", total=total): t(
            "comparison.tile.rank_value", rank=rank, total=total
        ),
    }


def assert_shows(at, document: dict, force: str, rate: str = "charge_rate", total: int = 4):
    assert_clean(at)
    assert [e.value for e in at.title] == [t("page.comparison")]
    assert tiles(at) == expected_tiles(document, force, rate, total)
    table = figures_table(at)
    assert table.to_dict("records") == expected_table(document, force, total)


def widgets(at) -> dict[str, object]:
    keys = choices.KEYS
    return {
        "year": at.selectbox(key=keys["year"]).value,
        "subgroup": at.radio(key=keys["subgroup"]).value,
        "force": at.selectbox(key=keys["force"]).value,
        "peers": at.multiselect(key=keys["peers"]).value,
        "rate": at.selectbox(key=keys["rate"]).value,
    }


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


# --- tests: the figures ------------------------------------------------------------------------


def test_default_view_equals_the_cli(store):
    at = open_comparison()

    assert widgets(at) == {
        "year": YEAR,  # the latest loaded
        "subgroup": choices.BOTH,
        "force": "Gwent",
        "peers": WELSH_PEERS,
        "rate": "charge_rate",
    }
    assert_shows(at, cli(store, YEAR, "Gwent"), "Gwent")
    assert warnings(at) == []
    # The view is written into the URL, beside the sidebar's own parameters.
    assert at.query_params["nyear"] == YEAR
    assert at.query_params["force"] == "Gwent"
    assert at.query_params["peers"] == "|".join(WELSH_PEERS)
    assert "sg" not in at.query_params
    assert at.query_params["period"] == "financial_year"


def test_each_rate_equals_the_cli(store):
    document = cli(store, YEAR, "Gwent")
    at = open_comparison()
    for rate in choices.RATE_CHOICES:
        at.selectbox(key=choices.KEYS["rate"]).set_value(rate).run()
        assert_clean(at)
        assert tiles(at) == expected_tiles(document, "Gwent", rate, 4), rate


def test_choices_made_on_the_page_equal_the_cli_and_go_into_the_url(store):
    at = open_comparison()
    at.selectbox(key=choices.KEYS["force"]).set_value("South Wales").run()
    # The default group follows the force: the other Welsh forces.
    assert widgets(at)["peers"] == ["Dyfed-Powys", "Gwent", "North Wales"]
    at.radio(key=choices.KEYS["subgroup"]).set_value("rape").run()
    at.multiselect(key=choices.KEYS["peers"]).set_value(["Gwent", "North Wales"]).run()

    document = cli(store, YEAR, "South Wales", "rape", ["Gwent", "North Wales"])
    assert_shows(at, document, "South Wales")
    assert at.query_params["force"] == "South Wales"
    assert at.query_params["sg"] == "rape"
    assert at.query_params["peers"] == "Gwent|North Wales"


def test_a_chosen_group_survives_a_change_of_force_without_the_force(store):
    at = open_comparison()
    at.multiselect(key=choices.KEYS["peers"]).set_value(["North Wales", "South Wales"]).run()
    at.selectbox(key=choices.KEYS["force"]).set_value("South Wales").run()
    assert_clean(at)
    assert widgets(at)["peers"] == ["North Wales"]
    assert at.query_params["peers"] == "North Wales"


def test_the_url_seeds_the_widgets(store):
    params = {"nyear": EARLIER, "force": "north wales", "peers": "Gwent", "sg": "other"}
    at = open_comparison(params)

    assert warnings(at) == []
    assert widgets(at) == {
        "year": EARLIER,
        "subgroup": "other",
        "force": "North Wales",
        "peers": ["Gwent"],
        "rate": "charge_rate",
    }
    assert_shows(at, cli(store, EARLIER, "North Wales", "other", ["Gwent"]), "North Wales")
    # The URL now spells the choices as the data does.
    assert at.query_params["force"] == "North Wales"


def test_the_year_is_accepted_with_a_hyphen(store):
    at = open_comparison({"nyear": "2016-17"})
    assert warnings(at) == []
    assert widgets(at)["year"] == EARLIER
    assert at.query_params["nyear"] == EARLIER


def test_the_trend_covers_every_loaded_year(store):
    at = open_comparison()
    assert_clean(at)
    (trend,) = [d.value for d in at.dataframe if d.value.columns[0] == t("comparison.column.year")]
    assert trend[t("comparison.column.year")].tolist() == [EARLIER, YEAR]
    for year, row in zip((EARLIER, YEAR), trend.to_dict("records"), strict=True):
        document = cli(store, year, "Gwent")
        assert row["Gwent"] == formatting.rate(document["force"]["charge_rate"])
        assert row[t("comparison.area.england_and_wales")] == formatting.rate(
            document["england_and_wales"]["charge_rate"]
        )
        assert row[t("comparison.area.comparator_group")] == formatting.rate(
            document["comparator_group"]["charge_rate"]
        )
    summaries = [m.value for m in at.markdown]
    assert any(s.startswith(f"From {EARLIER} to {YEAR}, Gwent went from") for s in summaries)


@pytest.mark.parametrize(
    ("params", "notices", "shown"),
    [
        (
            {"nyear": "2030/31"},
            [t("comparison.bad_year", value="2030/31", fallback=YEAR)],
            {"year": YEAR},
        ),
        (
            {"force": "Narnia"},
            [t("comparison.bad_force", value="Narnia", fallback="Gwent")],
            {"force": "Gwent", "peers": WELSH_PEERS},
        ),
        (
            {"sg": "murder"},
            [t("comparison.bad_subgroup", value="murder")],
            {"subgroup": choices.BOTH},
        ),
        (
            {"peers": "Narnia|North Wales|Gwent"},
            [t("comparison.bad_peers", values="Narnia, Gwent")],
            {"peers": ["North Wales"]},
        ),
        (
            {"peers": "Narnia|Atlantis"},
            [
                t(
                    "comparison.bad_peers_default",
                    values="Narnia, Atlantis",
                    fallback=", ".join(WELSH_PEERS),
                )
            ],
            {"peers": WELSH_PEERS},
        ),
        (
            {"nyear": "last year", "force": "Narnia", "sg": "x", "fy": "1999"},
            [
                t("state.bad_period"),  # the sidebar's own notice, shown on this page too
                t("comparison.bad_year", value="last year", fallback=YEAR),
                t("comparison.bad_subgroup", value="x"),
                t("comparison.bad_force", value="Narnia", fallback="Gwent"),
            ],
            {"year": YEAR, "force": "Gwent", "subgroup": choices.BOTH},
        ),
    ],
    ids=["year", "force", "subgroup", "some-peers", "no-valid-peer", "several"],
)
def test_invalid_url_values_fall_back_with_a_notice(store, params, notices, shown):
    at = open_comparison(params)
    assert_clean(at)
    assert warnings(at) == notices
    assert {k: v for k, v in widgets(at).items() if k in shown} == shown
    # The page still shows the fallback's figures.
    w = widgets(at)
    subgroup = None if w["subgroup"] == choices.BOTH else w["subgroup"]
    document = cli(store, w["year"], w["force"], subgroup, w["peers"])
    assert tiles(at) == expected_tiles(document, w["force"], "charge_rate", 4)
    # The notice is shown once: the next run has a valid URL.
    at.run()
    assert warnings(at) == []


def test_an_empty_comparator_group_leaves_its_figures_blank(store):
    at = open_comparison({"peers": ""})
    assert_clean(at)
    assert warnings(at) == []
    assert widgets(at)["peers"] == []
    missing = formatting.rate(None)
    assert tiles(at)[t("comparison.area.comparator_group")] == missing
    assert set(figures_table(at)[t("comparison.area.comparator_group")]) == {missing}
    assert t("comparison.no_peers") in [c.value for c in at.caption]
    summaries = [m.value for m in at.markdown]
    assert not [s for s in summaries if "comparator group" in s], summaries
    assert at.query_params["peers"] == ""


def test_notes_and_provenance(store):
    at = open_comparison()
    text = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    for key in ("comparison.note.bases", "comparison.note.differences"):
        assert t(key) in text
    assert "vintage" in text and "matured" in text and "disagree slightly" in text
    assert "National data version v0001" in text
    # the loaded files' names, shown as text (escaped against Markdown)
    assert literal("outcomes-2017-18-snake.csv") in text and literal("outcomes-2016-17.csv") in text
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0. "
        "Source: Home Office, Police recorded crime and outcomes open data tables." in text
    )
    assert len(at.get("plotly_chart")) == 2


def test_no_national_data_shows_how_to_load_it(empty_national, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_STORE", str(empty_national))
    at = open_comparison()
    assert_clean(at)
    assert [e.value for e in at.title] == [t("page.comparison")]
    (info,) = [i.value for i in at.info if "No national data" in i.value]
    assert f"flightdeck national load FILE --store {empty_national}" in info  # for analysts
    assert "shared" not in info  # no developer's path in the product
    assert not at.metric and not at.get("plotly_chart")


def test_the_full_file_ranks_43_forces_and_keeps_commas_in_names(tmp_path, monkeypatch):
    if not FULL.is_file():
        pytest.fail(f"the shared Home Office file is missing: expected {FULL}")
    root = load_sample(tmp_path / "store").root
    national_load(root, FULL)
    monkeypatch.setenv("FLIGHTDECK_STORE", str(root))
    peers = ["London, City of", "Metropolitan Police"]
    at = open_comparison({"force": "Gwent", "peers": "|".join(peers), "sg": "rape"})

    assert warnings(at) == []
    assert widgets(at)["peers"] == peers
    assert_shows(at, cli(root, YEAR, "Gwent", "rape", peers), "Gwent", total=43)
    assert len(at.selectbox(key=choices.KEYS["force"]).options) == 43


# --- the flight deck's England and Wales figure ------------------------------------------------


def test_national_benchmark_for_a_loaded_financial_year(store):
    fy = periods.financial_year(2017)
    closed, recorded = (
        cli(store, YEAR, "Gwent")["england_and_wales"][k] for k in national_data.BENCHMARK_KEYS
    )
    rape = cli(store, YEAR, "Gwent", "rape")["england_and_wales"]["charge_rate"]

    assert national_data.national_benchmark(str(store), fy, "charge_rate") == (
        f"England and Wales 2017/18: {formatting.rate(closed)} (closed basis)"
    )
    assert national_data.national_benchmark(store, fy, "charge_rate_recorded_basis") == (
        f"England and Wales 2017/18: {formatting.rate(recorded)} (recorded basis)"
    )
    assert national_data.national_benchmark(store, fy, "charge_rate", subgroup="rape") == (
        f"England and Wales 2017/18, rape: {formatting.rate(rape)} (closed basis)"
    )
    assert formatting.rate(closed) == "8.4%"  # worked out from the fixture rows by hand


@pytest.mark.parametrize(
    ("period", "key", "subgroup"),
    [
        (periods.fy_quarter(2017, 1), "charge_rate", None),
        (periods.month(2017, 4), "charge_rate", None),
        (periods.calendar_year(2017), "charge_rate", None),
        (
            periods.custom(periods.financial_year(2017).start, date(2018, 3, 30)),
            "charge_rate",
            None,
        ),
        (periods.financial_year(2018), "charge_rate", None),  # not loaded
        (periods.financial_year(2024), "charge_rate", None),
        (periods.financial_year(2017), "victim_not_supporting_rate", None),
        (periods.financial_year(2017), "crimes_recorded", None),
        (periods.financial_year(2017), "charge_rate", "murder"),
    ],
    ids=[
        "quarter",
        "month",
        "calendar-year",
        "a-day-short",
        "year-not-loaded",
        "latest-year",
        "other-rate",
        "a-count",
        "bad-subgroup",
    ],
)
def test_national_benchmark_is_none_otherwise(store, period, key, subgroup):
    assert national_data.national_benchmark(str(store), period, key, subgroup) is None


def test_national_benchmark_is_none_without_national_data(empty_national):
    assert (
        national_data.national_benchmark(
            empty_national, periods.financial_year(2017), "charge_rate"
        )
        is None
    )
