"""Which months of a recorded-basis measure have not yet matured.

Some recorded-basis measures count the crimes recorded in a month with what has happened to them
since, by the as-at date: their outcomes (the charge rate on the recorded basis) or their
suspects' arrests (the arrest rate, days to arrest, suspects identified). That takes time (on
the bundled data the median from recording to outcome is about 200 days), so their latest
months read low only because their crimes are still open, and rise as the rest comes in. Such
a month is taken as immature until twelve whole months have passed since its end: it is boxed
on charts and never judged better or worse (`spc_metrics.direction` gives no direction to a
recorded-basis measure). A count of crimes recorded, closed-basis measures and snapshots count
what happened in the month itself and have no immature months.
"""

from __future__ import annotations

from datetime import date, timedelta

from dashboard import periods
from dashboard.figures import queries

MATURE_AFTER_MONTHS = 12
LATER_EVENTS = ("outcomes", "suspects")  # tables of what happens to a crime after recording


def immature_from(key: str, as_at: date) -> date | None:
    """The first day of the first month of `key` that has not matured by `as_at` (every month
    from it on is immature), or None for a measure whose months do not mature (see above)."""
    query = queries.get_query("kpi", key)
    if query.basis != "recorded" or not set(query.sources) & set(LATER_EVENTS):
        return None
    day = as_at + timedelta(days=1)  # a month is mature once its end + 12 months <= as_at
    return periods.add_months(day, -MATURE_AFTER_MONTHS)
