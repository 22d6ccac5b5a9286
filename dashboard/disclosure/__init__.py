"""Disclosure control for the scrutiny role: what a scrutiny user may see of a figure or a table.

Pure functions (no Streamlit). Leaders and analysts see exact figures: call these only for the
scrutiny role. The rule, for the panel and for developers: docs/disclosure-control.md.

- `suppress_value(count)`, `suppress_rate(numerator, denominator)`: a tile's figure.
- `suppress_table(df, count_columns, ...)`: a table, its shares and rates, and the totals it
  relies on that are shown elsewhere; the frame it returns is also what a CSV download holds.
- `explain()`: the rule in words for the page; `withheld_note()` beside a withheld table.

Which tables go together (a table's row and column totals, the tiles that are its totals, its
rates, its cells that are zero by definition) is declared once per query in
`disclosure_shapes`; `disclosure_view` protects every query result by its shape.
"""

from __future__ import annotations

from dashboard.disclosure.rules import (
    as_text,
    checked_threshold,
    configured_threshold,
    explain,
    fewer_than,
    is_hidden_text,
    is_small,
    not_shown,
    suppress_rate,
    suppress_value,
    withheld_note,
    withheld_text,
    zero_text,
)
from dashboard.disclosure.suppression import (
    HIDDEN,
    SHOWN,
    SMALL,
    WITHHELD,
    Protection,
    Relation,
    protect,
)
from dashboard.disclosure.tables import ZERO, Rates, SuppressedTable, status_of, suppress_table
from dashboard.settings import DEFAULT_THRESHOLD, THRESHOLD_ENV

__all__ = [
    "DEFAULT_THRESHOLD",
    "HIDDEN",
    "SHOWN",
    "SMALL",
    "THRESHOLD_ENV",
    "WITHHELD",
    "ZERO",
    "Protection",
    "Rates",
    "Relation",
    "SuppressedTable",
    "as_text",
    "checked_threshold",
    "configured_threshold",
    "explain",
    "fewer_than",
    "is_hidden_text",
    "is_small",
    "not_shown",
    "protect",
    "status_of",
    "suppress_rate",
    "suppress_table",
    "suppress_value",
    "withheld_note",
    "withheld_text",
    "zero_text",
]
