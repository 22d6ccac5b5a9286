"""The data-quality page's figures: every check of `queries/checks/` and column completeness
(a scrutiny user gets both through the app's data access, under disclosure control)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.figures import queries
from dashboard.figures.metrics import metric_params, with_dates
from dashboard.filters import Filters
from dashboard.i18n import t_or
from dashboard.periods import Period

FIRST_ROWS = 20
COMPLETENESS = "completeness_by_month"
CHECK = queries.message_prefix("checks")  # a check's words in the catalogue: check.<name>.*


@dataclass(frozen=True)
class CheckResult:
    """One check on one data version: what it looks for, how many rows break it, the first few."""

    name: str
    label: str
    definition: str
    count: int
    first_rows: pd.DataFrame = field(compare=False, repr=False)

    @property
    def passed(self) -> bool:
        return self.count == 0


def offending_rows(engine: queries.QueryRunner, name: str) -> pd.DataFrame:
    """Every row that breaks the check `queries/checks/<name>.sql` (empty when it passes)."""
    return with_dates(queries.run(engine, queries.get_query("checks", name), {}))


def run_check(engine: queries.QueryRunner, query: queries.Query) -> CheckResult:
    """One check: its header (through the catalogue, for translation), count and first rows."""
    rows = with_dates(queries.run(engine, query, {}))
    return CheckResult(
        name=query.name,
        label=t_or(f"{CHECK}.{query.name}.label", query.label),
        definition=t_or(f"{CHECK}.{query.name}.definition", query.definition),
        count=len(rows),
        first_rows=rows.head(FIRST_ROWS).reset_index(drop=True),
    )


def run_checks(engine: queries.QueryRunner) -> list[CheckResult]:
    """Every check of `queries/checks/`, in file-name order."""
    return [run_check(engine, query) for query in queries.queries_of_kind("checks")]


def completeness(
    engine: queries.QueryRunner, period: Period, filters: Filters | None = None
) -> pd.DataFrame:
    """`queries/breakdown/completeness_by_month.sql`: one row per month and optional column of
    the eight contract tables of records (`contract.RECORD_TABLES`; month_start as
    `datetime.date`, table_name, column_name, filled, missing, total, complete_share); which
    month a row counts in is in the query's header."""
    query = queries.get_query("breakdown", COMPLETENESS)
    return with_dates(queries.run(engine, query, metric_params(period, filters)))
