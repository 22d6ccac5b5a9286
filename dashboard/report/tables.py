"""The suspects and disruption pages' aggregate tables as a pack holds them, each through the
one figures pipeline (`Pipeline.breakdown`: exact for leaders, protected and rounded for
scrutiny), with the columns and titles the pages give them.

Only tables a scrutiny user may see are listed: not `crimes_per_suspect` (withheld from
scrutiny: its rows weigh suspects by their crimes) and never a suspect-level list. A pack leaves
the force, so a query whose header asks for a capability (`access`, as the suspect-level lists
do) is refused here whatever the role, a leader's pack included."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import formatting
from dashboard.access import roles
from dashboard.figures import queries
from dashboard.figures.request import Request
from dashboard.i18n import t
from dashboard.shown import Pipeline
from dashboard.shown import orders_summary as orders_words

WORDS = "words"  # a column of words (a category), shown as it is


@dataclass(frozen=True)
class Spec:
    """One page's table: its query, its page and title, and each column's label and unit."""

    name: str
    page: str
    title: str
    columns: tuple[tuple[str, str, str], ...]  # (column, label key, unit)


@dataclass(frozen=True)
class Table:
    """A table as the pack prints it: every cell already in words."""

    page: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int]


SHARE = ("column.share", "rate")
TABLES = (
    Spec(
        "suspect_actions",
        "page.suspects",
        "suspects.actions",
        (
            ("action", "column.action", WORDS),
            ("crimes_with_suspect", "column.crimes_with_suspect", "count"),
            ("crimes", "column.crimes_with_action", "count"),
            ("share", *SHARE),
            ("median_days", "column.median_days_to_action", "days"),
        ),
    ),
    Spec(
        "bail_over_limits",
        "page.bail_breaches",
        "chart.bail_over_limits",
        (
            ("band", "column.time_on_bail", WORDS),
            ("authority_needed", "column.authority_needed", WORDS),
            ("bail_count", "column.on_bail", "count"),
            ("bail_share", *SHARE),
        ),
    ),
    Spec(
        "orders_by_type",
        "page.orders",
        "chart.orders_by_type",
        (
            ("order_type_name", "column.order_type", WORDS),
            ("applied", "column.applied", "count"),
            ("granted", "column.granted", "count"),
            ("refused", "column.refused", "count"),
            ("withdrawn", "column.withdrawn", "count"),
            ("active_at_end", "column.active_at_end", "count"),
            ("expiring_within_90_days", "column.expiring_90", "count"),
            ("breaches_in_period", "column.breaches", "count"),
        ),
    ),
    Spec(
        "s63g_decisions",
        "page.s63g",
        "chart.s63g_decisions",
        (
            ("decision", "column.decision", WORDS),
            ("eligible_count", "column.eligible", "count"),
            ("eligible_share", *SHARE),
        ),
    ),
    Spec(
        "training_by_team",
        "page.training",
        "chart.trained_by_team",
        (
            ("team", "column.team", WORDS),
            ("staff_in_scope", "column.in_scope", "count"),
            ("trained", "column.trained", "count"),
            ("trained_share", *SHARE),
        ),
    ),
)


def refuse_suspect_level(name: str) -> None:
    """AccessDenied for a query that needs a capability beyond the aggregates (a suspect-level
    list), whoever the pack is for."""
    if needed := queries.get_query("breakdown", name).header.get("access"):
        raise roles.AccessDenied(needed)


def gather(pipeline: Pipeline, request: Request) -> tuple[Table, ...]:
    """Every listed table of the request as `pipeline.who()` may see it, the orders page's
    summary after its table of order types, as on the page."""
    found = []
    for spec in TABLES:
        found.append(table(pipeline, request, spec))
        if spec.name == "orders_by_type":
            found.append(orders_summary(pipeline, request))
    return tuple(found)


def orders_summary(pipeline: Pipeline, request: Request) -> Table:
    """The orders page's one-row summary as the page's figure-and-value table (the labels name
    the expiry window's dates), through the same pipeline as the other tables."""
    refuse_suspect_level("orders_summary")
    row = pipeline.breakdown(request, "orders_summary", "view_aggregates").iloc[0]
    lines = orders_words.lines(row, request.period)
    return Table(
        t("page.orders"),
        t("orders.summary_title"),
        (t("orders.column.figure"), t("orders.column.value")),
        tuple(lines),
        frozenset({1}),
    )


def table(pipeline: Pipeline, request: Request, spec: Spec) -> Table:
    refuse_suspect_level(spec.name)
    frame = pipeline.breakdown(request, spec.name, "view_aggregates")
    rows = tuple(
        tuple(cell(spec.name, column, row[column], unit) for column, _, unit in spec.columns)
        for _, row in frame.iterrows()
    )
    numeric = frozenset(i for i, (_, _, unit) in enumerate(spec.columns) if unit != WORDS)
    labels = tuple(t(label) for _, label, _ in spec.columns)
    return Table(t(spec.page), t(spec.title), labels, rows, numeric)


def cell(name: str, column: str, value: object, unit: str) -> str:
    """A cell in words: a figure formatted for its unit (a protected table may hold its
    figures as text), the words that hide one as they are, a category as the page words it."""
    if unit == WORDS:
        if name == "suspect_actions":
            return t(f"suspects.action.{str(value).replace(' ', '_')}")
        return str(value)
    if formatting.is_missing(value):
        return t("fmt.missing")
    number = pd.to_numeric(value, errors="coerce") if isinstance(value, str) else value
    if formatting.is_missing(number):
        return str(value)  # "fewer than 10", "not shown"
    return formatting.value(float(number) if unit != "count" else int(number), unit)
