"""Every query file documents itself: a complete header whose parameters match the SQL."""

from __future__ import annotations

import re

import pytest

from dashboard.figures import queries
from dashboard.ingest import contract
from dashboard.settings import QUERIES

# metrics.md §2, copied here so that the tests stand alone.
FLIGHT_DECK_KEYS = (
    "crimes_recorded",
    "rape_recorded",
    "other_sexual_recorded",
    "n100_reported",
    "non_recent_share",
    "outcomes_assigned",
    "charged",
    "charge_rate",
    "charge_rate_recorded_basis",
    "victim_not_supporting_rate",
    "no_suspect_rate",
    "outcomes_by_group",
    "median_days_to_charge",
    "median_days_to_outcome",
    "open_at_end",
    "open_over_365_days",
    "isva_referral_rate",
    "suspect_identified_rate",
    "arrest_rate",
    "median_days_to_arrest",
)

ALL = queries.all_queries()


def test_there_are_queries():
    assert {q.kind for q in ALL} >= {"kpi", "trend"}


@pytest.mark.parametrize("query", ALL, ids=lambda q: f"{q.kind}/{q.name}")
def test_header_is_complete_and_honest(query):
    assert queries.header_problems(query) == []


@pytest.mark.parametrize("query", ALL, ids=lambda q: f"{q.kind}/{q.name}")
def test_sources_are_contract_tables(query):
    # National figures read the Home Office open data table, not the force's extract.
    allowed = {"outcomes_open_data"} if query.kind == "national" else set(contract.TABLES)
    assert query.sources and set(query.sources) <= allowed


@pytest.mark.parametrize("query", ALL, ids=lambda q: f"{q.kind}/{q.name}")
def test_kpi_and_trend_files_are_named_after_their_metric(query):
    if query.kind in ("kpi", "trend"):
        assert query.metric == query.name


@pytest.mark.parametrize("path", sorted(QUERIES.rglob("*.sql")), ids=lambda p: p.name)
def test_no_python_format_markers(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    body = next((i for i, line in enumerate(lines) if not line.startswith("--")), len(lines))
    sql = "\n".join(lines[body:])  # the header's TOML shape may hold braces
    assert not re.search(r"\{[^}]*\}", sql), "a {...} placeholder: bind $parameters instead"
    assert not re.search(r"%s\b|%\(\w+\)s", sql), "a %s placeholder: bind $parameters instead"


def test_every_flight_deck_metric_has_a_kpi_file():
    kpi = {q.name for q in queries.queries_of_kind("kpi")}
    assert set(FLIGHT_DECK_KEYS) <= kpi


def test_schema_file_exists_and_has_no_parameters():
    schema = (QUERIES / "_schema.sql").read_text(encoding="utf-8")
    assert "create table crime_facts" in schema
    assert queries.used_params(schema) == set()


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select $a, $b_2 from t where x = $a", {"a", "b_2"}),
        ("select '$not_a_param', $yes", {"yes"}),
        ("select 'it''s $quoted' as x, $real", {"real"}),
        ("-- uses $commented\nselect $used", {"used"}),
        ("/* $block\n $comment */ select 1 where $here", {"here"}),
        ('select "$col" from t where $p', {"p"}),
        ("select '--' || $after_dashes", {"after_dashes"}),
        ("select 1", set()),
    ],
)
def test_used_params(sql, expected):
    assert queries.used_params(sql) == expected


def test_header_continuation_lines():
    sql = (
        "-- metric: m\n"
        "-- definition: first part,\n"
        "--   second part: with a colon.\n"
        "-- params: a, b\n"
        "select $a, $b\n"
        "-- not header: later comments are free\n"
    )
    header = queries.parse_header(sql)
    assert header == {
        "metric": "m",
        "definition": "first part, second part: with a colon.",
        "params": "a, b",
    }


@pytest.mark.parametrize(
    "sql",
    [
        "-- Metric: upper-case key\nselect 1",
        "-- metric: m\n-- a free comment inside the header\nselect 1",
        "-- metric: m\n-- metric: twice\nselect 1",
        "--   continuation with nothing to continue\nselect 1",
    ],
)
def test_bad_headers_are_refused(sql):
    with pytest.raises(queries.QueryHeaderError):
        queries.parse_header(sql)


def test_header_problems_catch_mismatched_params(tmp_path):
    kpi = tmp_path / "kpi"
    kpi.mkdir()
    path = kpi / "m.sql"
    path.write_text(
        "-- metric: m\n-- label: M\n-- definition: d\n-- unit: widgets\n-- better: up\n"
        "-- basis: closed\n-- params: a, b\n-- source: crimes\n-- catalogue: 2.1\n"
        "select $a, $c\n",
        encoding="utf-8",
    )
    problems = queries.header_problems(queries.load_query(path, tmp_path))
    assert len(problems) == 2
    assert "unit 'widgets'" in problems[0]
    assert "['a', 'b']" in problems[1] and "['a', 'c']" in problems[1]


def test_each_kind_has_its_own_header_keys(tmp_path):
    (tmp_path / "kpi").mkdir()
    path = tmp_path / "kpi" / "m.sql"
    common = (
        "-- metric: m\n-- label: M\n-- definition: d\n-- unit: count\n-- better: up\n"
        "-- basis: closed\n-- params: none\n-- source: crimes\n"
    )
    path.write_text(common + "-- shape: counts = []\nselect 1\n", encoding="utf-8")
    problems = queries.header_problems(queries.load_query(path, tmp_path))
    assert problems == ["missing header key 'catalogue'", "unknown header key 'shape'"]


def test_run_binds_only_declared_params():
    calls = []

    class Recorder:
        def query(self, sql, params=None):
            calls.append(params)

    query = queries.get_query("kpi", "open_at_end")
    queries.run(
        Recorder(),
        query,
        {
            "period_start": 1,
            "period_end": 2,
            "local_authority": None,
            "subgroup": None,
            "age_band": None,
            "domestic_abuse": None,
        },
    )
    assert calls == [
        {
            "period_end": 2,
            "local_authority": None,
            "subgroup": None,
            "age_band": None,
            "domestic_abuse": None,
        }
    ]
    with pytest.raises(KeyError, match="period_end"):
        queries.run(Recorder(), query, {})
