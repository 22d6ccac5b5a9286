"""queries/breakdown/suspect_actions.sql: the arrest row equals the kpi files; the voluntary
interview row equals a plain pandas second route over the raw tables."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from dashboard.figures import metrics, queries
from dashboard.figures.engine import Engine
from dashboard.filters import Filters
from dashboard.periods import financial_year
from tests.fixture_store import load_fixture

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


@pytest.fixture(scope="module")
def version(tmp_path_factory):
    return load_fixture(tmp_path_factory.mktemp("actions"), source=SAMPLE)


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(subgroup="rape"), Filters(local_authority="W06000022")]
)
def test_actions_agree_with_kpis_and_pandas(version, filters):
    period = financial_year(2023)
    with Engine(version, "t") as engine:
        rows = queries.run(
            engine,
            queries.get_query("breakdown", "suspect_actions"),
            metrics.metric_params(period, filters),
        ).set_index("action")
        kpi = metrics.compute_metrics(engine, period, filters)
        facts = engine.query(
            "select crime_ref, reported_date from filtered_crimes($la, $sg, "
            "$ab, $da) where recorded_date between $s and $e and "
            "suspect_count > 0",
            {
                "la": filters.local_authority,
                "sg": filters.subgroup,
                "ab": filters.age_band,
                "da": filters.domestic_abuse,
                "s": period.start,
                "e": period.end,
            },
        )
        suspects = engine.query("select crime_ref, voluntary_interview_date from suspects")
    arrest = rows.loc["arrest"]
    assert math.isclose(arrest["share"], kpi["arrest_rate"])
    assert arrest["median_days"] == kpi["median_days_to_arrest"]
    # Second route: earliest voluntary interview per crime with a suspect, in pandas.
    merged = facts.merge(suspects, on="crime_ref")
    first = (
        merged.groupby("crime_ref")
        .agg(reported=("reported_date", "first"), vi=("voluntary_interview_date", "min"))
        .dropna()
    )
    days = (pd.to_datetime(first["vi"]) - pd.to_datetime(first["reported"])).dt.days
    vi = rows.loc["voluntary interview"]
    assert vi["crimes_with_suspect"] == len(facts)
    assert vi["crimes"] == len(days) > 0
    assert math.isclose(vi["share"], len(days) / len(facts))
    assert vi["median_days"] == days.median()
