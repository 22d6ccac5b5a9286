"""The orders page's summary (`queries/breakdown/orders_summary.sql`, one row) in words, for the
page and the board pack alike: each figure's label (labels may name the period's last day and
the 90-day expiry window) beside its value as the reader may see it."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard import formatting
from dashboard.i18n import t
from dashboard.periods import Period

# orders_summary column -> its label key
FIGURES = {
    "refused": "orders.figure.refused",
    "withdrawn": "orders.figure.withdrawn",
    "active_at_end": "orders.figure.active_at_end",
    "expiring_within_90_days": "orders.figure.expiring",
    "breaches_in_period": "orders.figure.breaches",
    "breaches_per_order_in_force": "orders.figure.breaches_per_active",
}
RATIO = "breaches_per_order_in_force"


def words(row: Mapping, period: Period) -> dict[str, str]:
    """The period, its last day and the expiry window, as the labels name them."""
    return {
        "period": formatting.period_label(period),
        "last": formatting.date_long(period.end),
        "start": formatting.date_long(row["expiry_window_start_date"]),
        "end": formatting.date_long(row["expiry_window_end_date"]),
    }


def value(figure: object, ratio: bool = False) -> str:
    """A figure as shown: the words that withhold it as they are, a ratio to two places, a count
    as a count."""
    if isinstance(figure, str):  # withheld from this role: the text says why
        return figure
    if ratio and not formatting.is_missing(figure):
        return formatting.decimal(figure, 2)
    return formatting.count(figure)


def shown(row: Mapping) -> dict[str, str]:
    """Each figure of the row (by column) as shown."""
    return {key: value(row[key], key == RATIO) for key in FIGURES}


def lines(row: Mapping, period: Period) -> list[tuple[str, str]]:
    """(label, value) for each figure, in the page's order."""
    named, texts = words(row, period), shown(row)
    return [(t(label, **named), texts[key]) for key, label in FIGURES.items()]
