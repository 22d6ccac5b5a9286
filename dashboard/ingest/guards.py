"""What no rule of a single row catches: a table that an upload would cut by more than a fifth,
as a failed or truncated export from the records system does. Such an upload is refused unless
the analyst says the smaller table is meant (`--allow-shrink`, or the tick box in the browser).

Only a `replace` upload can shrink a table (an upsert keeps every current row); the rule is
written on row counts, so it holds for any mode. A table with no rows yet never shrinks.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.formatting import count as count_text
from dashboard.i18n import tn

SHRINK_LIMIT_PERCENT = 20  # more than this share of a table's current rows removed: refused


@dataclass(frozen=True)
class Shrink:
    """A table the upload would leave with `after` rows where the current data has `before`."""

    table: str
    before: int
    after: int

    def rule(self) -> str:
        """The report's words for it: the table, its rows now and after, and the limit."""
        return tn(
            "rule.table_shrinks",
            self.before,
            table=self.table,
            before=count_text(self.before),
            after=count_text(self.after),
            limit=SHRINK_LIMIT_PERCENT,
        )


def is_shrink(before: int, after: int) -> bool:
    """More than SHRINK_LIMIT_PERCENT of `before` rows removed, in whole numbers (no rounding):
    10 -> 8 removes exactly 20% and is allowed; 10 -> 7 is not; 0 -> 0 never is."""
    return before > 0 and (before - after) * 100 > before * SHRINK_LIMIT_PERCENT


def shrinks(before: dict[str, int], after: dict[str, int]) -> list[Shrink]:
    """The tables of `after` (rows each would have after the upload) that shrink from `before`
    (rows each has now; a table missing there has none)."""
    found = []
    for table, rows in after.items():
        now = before.get(table, 0)
        if is_shrink(now, rows):
            found.append(Shrink(table, now, rows))
    return found
