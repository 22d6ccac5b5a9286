"""An analyst's inputs to a metric's SPC chart, from one data version: its targets and the
process changes that apply to it (`targets.csv` and `process_changes.csv` of the extract
contract, read by `queries/inputs/`).

A target is returned in the metric's stored unit (a rate as a fraction: 8.5 in the file is
0.085), as `spc.assurance` and the charts need it. A target applies from the month that holds
its date until the month of the metric's next target; a process change starts a new baseline at
the month that holds its date (`spc.xmr` recalculates from the first month on or after the first
day of that month).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.figures import queries
from dashboard.figures.request import Request

PERCENT = 100.0  # a rate's target is written as a percentage, stored as a fraction


@dataclass(frozen=True)
class Target:
    """A target from a date, in the metric's stored unit; `note` as written (None if none)."""

    start: date
    value: float
    note: str | None = None


@dataclass(frozen=True)
class ProcessChange:
    """A process change: the first day of the new process, what changed, and the metric it was
    recorded for (`all`: every metric)."""

    start: date
    note: str
    metric: str = "all"

    @property
    def month(self) -> date:
        """The first day of the month that holds the change: where the new baseline starts."""
        return month_of(self.start)


def month_of(day: date) -> date:
    return day.replace(day=1)


def _day(value) -> date:
    return value.date() if isinstance(value, pd.Timestamp) else value


def _unit(key: str) -> str:
    return queries.get_query("kpi", key).unit


def targets(request: Request, key: str) -> tuple[Target, ...]:
    """The targets of `key` in the request's data version, oldest first (stored unit)."""
    frame = queries.run(request.engine(), queries.get_query("inputs", "targets"), {"metric": key})
    scale = PERCENT if _unit(key) == "rate" else 1.0
    return tuple(
        Target(_day(row.start), float(row.target) / scale, None if pd.isna(row.note) else row.note)
        for row in frame.itertuples(index=False)
    )


def process_changes(request: Request, key: str) -> tuple[ProcessChange, ...]:
    """The process changes that apply to `key` (its own and `all`), oldest first."""
    query = queries.get_query("inputs", "process_changes")
    frame = queries.run(request.engine(), query, {"metric": key})
    return tuple(
        ProcessChange(_day(row.start), row.note, row.metric)
        for row in frame.itertuples(index=False)
    )


def target_in(month: date, recorded: Sequence[Target]) -> float | None:
    """The target in effect in a month: the latest whose month is on or before it (None if
    none has started yet)."""
    first = month_of(month)
    found = None
    for target in sorted(recorded, key=lambda t: t.start):
        if month_of(target.start) <= first:
            found = target.value
    return found
