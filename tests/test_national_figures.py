"""The national figures (queries/national/*.sql): hand-computed on a small cut of the published
file, then golden figures over the whole published file (data/public/) computed a second way
(plain pandas over the raw rows) and the Home Office's published facts for Gwent."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard.figures import queries
from dashboard.national import choices as national_choices
from dashboard.national import figures as nf
from dashboard.national import loader
from dashboard.national.engine import current_engine

FIXTURES = Path(__file__).parent / "fixtures" / "national"
PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
FULL = PUBLIC / "ho-outcomes-open-data-2017-18.csv.gz"
YEAR = "2017/18"
SUBGROUP_NAMES = {"rape": ["Rape"], "other": ["Other sexual offences"]}
SUBGROUP_NAMES[None] = SUBGROUP_NAMES["rape"] + SUBGROUP_NAMES["other"]


def published_file() -> Path:
    if not FULL.is_file():
        pytest.fail(
            f"the published Home Office file is missing: expected {FULL} "
            "(it ships with the project; see data/public/PROVENANCE.md)"
        )
    return FULL


# -- query files document themselves --------------------------------------------------------------


@pytest.mark.parametrize("query", nf.national_queries().values(), ids=lambda q: q.name)
def test_national_query_headers_are_complete_and_honest(query):
    # Until "national" joins queries.KINDS, the folder check is the one problem to set aside.
    problems = [p for p in queries.header_problems(query) if not p.startswith("folder 'national'")]
    assert problems == []
    assert query.kind == "national" and query.sources == ("outcomes_open_data",)
    assert query.metric == query.name


def test_the_expected_query_files_exist():
    assert set(nf.national_queries()) == {"force_figures", "england_and_wales", "comparator_group"}


# -- small fixture: the arithmetic by hand ---------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("national-small")
    loader.load(root, [FIXTURES / "outcomes-2017-18-snake.csv"])
    return current_engine(root)


def test_gwent_rape_by_hand(small):
    document = nf.figures_document(small, YEAR, "Gwent", "rape")
    # Gwent, rape (19C quarters 1-2, 19E quarter 1), outcome types 0, 1, 14, 15, 16, 18:
    #   offences     19C Q1: 3+6+9+11+19+4 = 52; 19C Q2: 4+8+11+23+15+4 = 65;
    #                19E Q1: -1+2+1+5+2+0 = 9                       -> crimes_recorded 126
    #   type 1       6 + 8 + 2 = 16                                 -> charged_recorded_basis
    #   outcomes in quarter, types other than 0:
    #                19C Q1: 4+5+17+10+0 = 36; Q2: 3+6+14+12+7 = 42; 19E Q1: 4+0+1+1+0 = 6 -> 84
    #   type 1       4 + 3 + 4 = 11; types 14, 16: (5+10) + (6+12) + (0+1) = 34; type 18: 0+7+0 = 7
    assert document["force"] == {
        "crimes_recorded": 126,
        "charged_recorded_basis": 16,
        "charge_rate_recorded_basis": 16 / 126,
        "outcomes_assigned": 84,
        "charged": 11,
        "charge_rate": 11 / 84,
        "victim_not_supporting_rate": 34 / 84,
        "no_suspect_rate": 7 / 84,
    }


def test_gwent_other_sexual_offences_by_hand(small):
    # 17A: offences Q1 1+0+1+1+1+1 = 5, Q2 6+0+3+1+2+3 = 15; outcomes Q1 0+1+1+1+1 = 4,
    # Q2 0+3+3+1+0 = 7; none charged; types 14, 16: (1+1) + (1+3) = 6; type 18: 1 + 0 = 1.
    force = nf.figures_document(small, YEAR, "Gwent", "other")["force"]
    assert force == {
        "crimes_recorded": 20,
        "charged_recorded_basis": 0,
        "charge_rate_recorded_basis": 0.0,
        "outcomes_assigned": 11,
        "charged": 0,
        "charge_rate": 0.0,
        "victim_not_supporting_rate": 6 / 11,
        "no_suspect_rate": 1 / 11,
    }


def test_comparators_england_and_wales_and_ranks_by_hand(small):
    document = nf.figures_document(small, YEAR, "Gwent", "rape")
    # Rape offences, 19C Q1 + Q2: Dyfed-Powys 70 + 64 = 134, North Wales 120 + 115 = 235,
    # South Wales 158 + 155 = 313 -> comparator group 682; charged (type 1): 3 + 10 + 28 = 41.
    group = document["comparator_group"]
    assert group["forces"] == ["Dyfed-Powys", "North Wales", "South Wales"]
    assert (group["crimes_recorded"], group["charged_recorded_basis"]) == (682, 41)
    assert group["charge_rate_recorded_basis"] == 41 / 682
    # England and Wales = every row: 682 + Gwent 126 + British Transport Police (5 + 6) = 819;
    # charged: 41 + Gwent 16 + British Transport Police (1 + 0) = 58.
    ew = document["england_and_wales"]
    assert (ew["crimes_recorded"], ew["charged_recorded_basis"]) == (819, 58)
    # Recorded-basis charge rates: Gwent 16/126 = 12.7%, South Wales 28/313 = 8.9%,
    # North Wales 10/235 = 4.3%, Dyfed-Powys 3/134 = 2.2%: Gwent first of the four.
    assert document["rank"]["charge_rate_recorded_basis"] == 1
    table = nf.force_table(small, YEAR, "rape").set_index("force_name")
    assert table.loc["Dyfed-Powys", "charge_rate_recorded_basis_rank"] == 4
    assert pd.isna(table.loc["British Transport Police", "charge_rate_recorded_basis_rank"])
    assert not table.loc["British Transport Police", "is_territorial"]


def test_quarters_by_hand(small):
    # Gwent rape offences: quarter 1 = 52 + 9 = 61, quarter 2 = 65.
    for quarter, expected in ((1, 61), (2, 65), (3, 0)):
        table = nf.force_table(small, YEAR, "rape", quarter).set_index("force_name")
        got = table.loc["Gwent", "crimes_recorded"] if "Gwent" in table.index else 0
        assert got == expected


def test_empty_comparator_group_has_zero_counts_and_no_rates(small):
    group = nf.figures_document(small, YEAR, "Gwent", "rape", comparators=[])["comparator_group"]
    assert group["forces"] == [] and group["crimes_recorded"] == 0
    assert group["charge_rate"] is None


def test_trend_has_each_area_for_each_year(small):
    trend = nf.trend(small, "Gwent", "rape", ["North Wales"])
    assert trend[["financial_year", "area"]].values.tolist() == [
        [YEAR, "force"],
        [YEAR, "comparator_group"],
        [YEAR, "england_and_wales"],
    ]
    assert trend["crimes_recorded"].tolist() == [126, 235, 819]


def test_choices_are_checked(small):
    with pytest.raises(national_choices.UnknownChoice) as unknown:
        nf.figures_document(small, "2016/17", "Gwent")
    assert unknown.value.kind == "year" and unknown.value.valid == [YEAR]
    with pytest.raises(national_choices.UnknownChoice) as unknown:
        nf.figures_document(small, YEAR, "Kent")
    assert "Gwent" in unknown.value.valid
    assert (
        nf.figures_document(small, "2017-18", " gwent ", "rape")["force"]["crimes_recorded"] == 126
    )


def test_force_list_keeps_a_name_with_a_comma():
    valid = ["Gwent", "London, City of", "Metropolitan Police"]
    got = national_choices.force_list("london, city of; Metropolitan Police,gwent", valid)
    assert got == ["London, City of", "Metropolitan Police", "Gwent"]


# -- the full published file: golden figures by a second route ------------------------------------


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """The full published file loaded once (the time is printed: run with -s to see it)."""
    path = published_file()
    root = tmp_path_factory.mktemp("national-full")
    started = time.perf_counter()
    loader.load(root, [path])
    loaded = time.perf_counter() - started
    engine = current_engine(root)
    built = time.perf_counter() - started - loaded
    print(f"\nfull file: loaded in {loaded:.1f} s, engine built in {built:.1f} s")
    return engine


@pytest.fixture(scope="module")
def raw_rows() -> pd.DataFrame:
    """The raw rows by plain pandas: text as published, the all-NA last row dropped, NA -> NaN."""
    rows = pd.read_csv(published_file(), dtype=str, keep_default_na=False)
    assert (rows.iloc[-1] == "NA").all()
    rows = rows.iloc[:-1].copy()
    for column in ("offences", "force_outcomes_recorded_in_quarter"):
        rows[column] = pd.to_numeric(rows[column].str.strip().replace({"NA": None, "": None}))
    return rows


def by_pandas(rows: pd.DataFrame) -> dict:
    """The eight figures for a set of raw rows, straight from the definitions."""
    kind, recorded = rows["outcome_type"], rows["offences"]
    closed = rows["force_outcomes_recorded_in_quarter"]
    crimes, charged_recorded = recorded.sum(), recorded[kind == "1"].sum()
    assigned, charged = closed[kind != "0"].sum(), closed[kind == "1"].sum()

    def share(n, d):
        return n / d if d else None

    return {
        "crimes_recorded": int(crimes),
        "charged_recorded_basis": int(charged_recorded),
        "charge_rate_recorded_basis": share(charged_recorded, crimes),
        "outcomes_assigned": int(assigned),
        "charged": int(charged),
        "charge_rate": share(charged, assigned),
        "victim_not_supporting_rate": share(closed[kind.isin(["14", "16"])].sum(), assigned),
        "no_suspect_rate": share(closed[kind == "18"].sum(), assigned),
    }


def assert_same(got: dict, expected: dict, where: str) -> None:
    assert got.keys() == expected.keys(), where
    for name, value in expected.items():
        if value is None:
            assert got[name] is None, f"{where}: {name}"
        elif isinstance(value, float):
            assert math.isclose(got[name], value, rel_tol=1e-12), f"{where}: {name}"
        else:
            assert got[name] == value, f"{where}: {name}"


@pytest.mark.parametrize("subgroup", ["rape", "other", None])
def test_every_force_matches_pandas(full, raw_rows, subgroup):
    rows = raw_rows[raw_rows["offence_subgroup"].isin(SUBGROUP_NAMES[subgroup])]
    table = nf.force_table(full, YEAR, subgroup)
    assert len(table) == 44 and table["is_territorial"].sum() == 43
    for _, row in table.iterrows():
        expected = by_pandas(rows[rows["force_name"] == row["force_name"]])
        assert_same(nf.figure_values(row), expected, f"{row['force_name']} {subgroup}")


@pytest.mark.parametrize("subgroup", ["rape", "other", None])
def test_england_and_wales_comparators_and_ranks_match_pandas(full, raw_rows, subgroup):
    rows = raw_rows[raw_rows["offence_subgroup"].isin(SUBGROUP_NAMES[subgroup])]
    document = nf.figures_document(full, YEAR, "Gwent", subgroup)
    assert_same(document["england_and_wales"], by_pandas(rows), "England and Wales")
    welsh = ["Dyfed-Powys", "North Wales", "South Wales"]
    group = document["comparator_group"]
    assert group.pop("forces") == welsh
    assert_same(group, by_pandas(rows[rows["force_name"].isin(welsh)]), "comparator group")
    # Ranks among the 43 territorial forces, 1 = highest, ties sharing the better rank.
    territorial = rows[rows["force_name"] != "British Transport Police"]
    per_force = pd.DataFrame(
        {force: by_pandas(group_rows) for force, group_rows in territorial.groupby("force_name")}
    ).T
    for rate in nf.RATES:
        ranks = per_force[rate].astype(float).rank(method="min", ascending=False)
        assert document["rank"][rate] == int(ranks["Gwent"]), rate


def test_quarters_match_pandas(full, raw_rows):
    rape = raw_rows[raw_rows["offence_subgroup"] == "Rape"]
    for quarter in (1, 2, 3, 4):
        in_quarter = rape[rape["financial_quarter"] == str(quarter)]
        table = nf.force_table(full, YEAR, "rape", quarter).set_index("force_name")
        got = nf.figure_values(table.loc["Gwent"])
        assert_same(got, by_pandas(in_quarter[in_quarter["force_name"] == "Gwent"]), f"Q{quarter}")
        ew = nf.england_and_wales(full, YEAR, "rape", quarter).iloc[0]
        assert_same(nf.figure_values(ew), by_pandas(in_quarter), f"England and Wales Q{quarter}")


def test_published_facts_for_gwent(full):
    # Home Office, year ending March 2018: Gwent recorded 417 rapes (95, 107, 97, 118 by quarter).
    assert nf.figures_document(full, YEAR, "Gwent", "rape")["force"]["crimes_recorded"] == 417
    by_quarter = [
        nf.force_table(full, YEAR, "rape", q)
        .set_index("force_name")
        .loc["Gwent", "crimes_recorded"]
        for q in (1, 2, 3, 4)
    ]
    assert by_quarter == [95, 107, 97, 118]


def test_england_and_wales_is_the_sum_of_every_force(full):
    for subgroup in ("rape", "other"):
        forces = nf.force_table(full, YEAR, subgroup)
        ew = nf.england_and_wales(full, YEAR, subgroup).iloc[0]
        for count in ("crimes_recorded", "charged_recorded_basis", "outcomes_assigned", "charged"):
            assert forces[count].sum() == ew[count]
    assert nf.england_and_wales_figure(full, YEAR, "rape", "charge_rate") == pytest.approx(
        3856 / 48556
    )
    assert nf.england_and_wales_figure(full, "2030/31", "rape", "charge_rate") is None
