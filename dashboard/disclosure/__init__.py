"""Disclosure control: what a scrutiny user may see of the figures. Leaders and analysts see
exact figures; call these only for roles without `exact_figures`.

The method, for a statistician. Every figure is first computed exactly. Primary suppression
replaces each count below the threshold (10 by default, `$FLIGHTDECK_SUPPRESSION_THRESHOLD`) by
"fewer than 10", and hides each rate or median resting on such a count. Secondary suppression
then works table by table, on every relation the user can see ("total = sum of parts": row and
column totals, a table's totals that are tiles or cells of another table of the same view, a
tile that is the sum of two others): more cells are hidden ("not shown", which also says "10 or
more") until no hidden cell can be worked out exactly. This is audited, not assumed: the visible
relations of each supported table form a network, so the exact range of values every hidden
cell can take, given everything visible, is found with integer flow arguments (a hidden cell is
protected exactly when a circulation through it exists), and a cell whose range is one value
makes a further cell hidden, or that part of the table is withheld whole. Cells that are zero by
definition ("–") protect nothing and are left out. Finally every count shown is rounded to a
multiple of 5 (`$FLIGHTDECK_ROUNDING_BASE`), up or down at random by a draw keyed by the store's
secret and the number alone (`rounding`), so that overlapping views (a year and its months, the
force and its areas) cannot be subtracted or set side by side to pin a hidden count down;
rates and shares are worked out from the rounded counts (`rates`: an exact rate beside rounded
counts would give the exact counts back), medians from the exact records. Only the standard
periods are offered (no custom dates). A table whose shape (which of its cells are totals of
which) is not declared is withheld, never shown unprotected. The rule for the panel:
docs/disclosure-control.md.

One entry point per kind of figure; each works on figures already computed (it runs nothing):

- `protect_tiles(results, filters, rounding)`: the tiles of one view (`TileState`: exact and shown).
- `protect_table(name, frame, filters, known)`: a breakdown (`queries/breakdown/<name>.sql`).
- `protect_trend(name, frame, period, filters, known)`: a monthly series, run over
  `series_months(period)`; `known` (`Known`) holds what the user sees beside the table: the
  tiles, and the protected tables its shape names (`needs(kind, name)`).
- `tile_changes(now, before, now_results, before_results, rounding)`: each tile's change
  between two periods, from the rounded figures alone (`changes`); `change_words(change)`.
- `rounding_for(store_root)`: the store's `Rounding` (base and key); `rounded_tiles(state,
  rounding)`, `rounded(kind, name, frame, rounding)`: what reaches the page (counts rounded);
  `shown_count(n, rounding)` for a count shown on its own.

The words a page shows come from here too: `summary()` (one sentence) and `explain()` (the full
text), `withheld_note()`, `fewer_than()`.
"""

from __future__ import annotations

import pandas as pd

from dashboard import formatting
from dashboard.disclosure.changes import Change, tile_changes
from dashboard.disclosure.changes import words as change_words
from dashboard.disclosure.query_tables import (
    WITHHELD as WITHHELD_ATTR,
)
from dashboard.disclosure.query_tables import (
    Known,
    protect_breakdown,
    rows_between,
    series_months,
    undeclared,
)
from dashboard.disclosure.query_tables import protect_trend as _protect_trend
from dashboard.disclosure.query_tables import withheld as withheld_table
from dashboard.disclosure.rates import frame_rates
from dashboard.disclosure.rounding import Rounding, round_count, rounding_for
from dashboard.disclosure.rules import (
    as_text,
    checked_threshold,
    configured_threshold,
    explain,
    fewer_than,
    is_hidden_text,
    is_small,
    not_shown,
    summary,
    suppress_rate,
    suppress_value,
    withheld_note,
    withheld_text,
    zero_text,
)
from dashboard.disclosure.shapes import shape_of
from dashboard.disclosure.suppression import HIDDEN, SHOWN, SMALL, WITHHELD
from dashboard.disclosure.tables import ZERO, status_of, suppress_table
from dashboard.disclosure.tiles import TileState, protect_metrics
from dashboard.figures.metrics import KpiResults
from dashboard.filters import Filters
from dashboard.periods import Period
from dashboard.settings import DEFAULT_THRESHOLD, THRESHOLD_ENV

__all__ = [
    "DEFAULT_THRESHOLD",
    "HIDDEN",
    "SHOWN",
    "SMALL",
    "THRESHOLD_ENV",
    "WITHHELD",
    "WITHHELD_ATTR",
    "ZERO",
    "Change",
    "Known",
    "TileState",
    "as_text",
    "change_words",
    "checked_threshold",
    "configured_threshold",
    "explain",
    "fewer_than",
    "force_wide",
    "is_hidden_text",
    "is_small",
    "may_judge",
    "needs",
    "not_shown",
    "protect_table",
    "protect_tiles",
    "protect_trend",
    "round_count",
    "rounded",
    "rounded_tiles",
    "rounding_for",
    "Rounding",
    "rows_between",
    "series_months",
    "shown_count",
    "status_of",
    "summary",
    "suppress_rate",
    "suppress_table",
    "suppress_value",
    "tile_changes",
    "withheld_note",
    "withheld_text",
    "zero_text",
]


def protect_tiles(results: KpiResults, filters: Filters, rounding: Rounding) -> TileState:
    """The tiles of one view: protected first, so that every table showing a tile's figure
    keeps the tile's status (rates worked out from the counts as `rounding` shows them)."""
    return protect_metrics(results, filters, rounding)


def protect_table(name: str, frame: pd.DataFrame, filters: Filters, known: Known) -> pd.DataFrame:
    """A breakdown of one view as a scrutiny user may see it (before rounding)."""
    return protect_breakdown(name, frame, filters, known)


def protect_trend(
    name: str, frame: pd.DataFrame, period: Period, filters: Filters, known: Known
) -> pd.DataFrame:
    """A monthly series run over `series_months(period)`, every row protected (before
    rounding); `known` holds the tiles of the period and of the period before it."""
    return _protect_trend(name, frame, period, filters, known)


def needs(kind: str, name: str) -> tuple[tuple[str, str], ...]:
    """The other tables, (kind, name), that protecting this one reads (to put in `Known`)."""
    shape = shape_of(kind, name)
    return shape.needs if shape is not None else ()


def may_judge(name: str, frame: pd.DataFrame) -> bool:
    """Whether a role without exact figures may be told the SPC verdict worked out on a trend's
    exact months (`frame`, the window the verdict is on): only when every count of its shape,
    in every month, is at or above the threshold (no zeros, no small counts). Then no month of
    the series would be hidden on its own account, and a verdict (words, no number) says
    nothing about a count the role may not see; otherwise none is given."""
    shape = shape_of("trend", name)
    if shape is None or not shape.counts or frame.empty:
        return False
    counts = frame[[c for c in shape.counts if c in frame.columns]]
    if counts.shape[1] != len(shape.counts):
        return False
    cells = counts.to_numpy().ravel().tolist()
    return all(not formatting.is_missing(v) and not is_small(v) for v in cells)


def force_wide(kind: str, name: str) -> bool:
    """Whether a role without exact figures sees this table for the whole force only, whatever
    the view's filters (completeness by month: its monthly row counts in every combination of
    area, subgroup and age band could be put together to pin hidden counts down, rounded or
    not; the quality of the extract is a force-wide question)."""
    shape = shape_of(kind, name)
    return bool(shape and shape.force_wide)


def shown_count(count: object, rounding: Rounding) -> object:
    """A count shown on its own (a number of rows, say): suppressed, then rounded."""
    return rounding.count(suppress_value(count))


def rounded_tiles(state: TileState, rounding: Rounding) -> dict:
    """The tiles as shown: every count rounded (rates, already worked out from the rounded
    counts, and medians as they are)."""
    return rounding.metrics(state.shown, state.units)


def rounded(kind: str, name: str, frame: pd.DataFrame, rounding: Rounding) -> pd.DataFrame:
    """A protected table as shown: its count columns rounded, and its rates and shares worked
    out from the rounded counts (`rates`; the protection of other tables works on the
    unrounded, protected frames). The last gate before a page, so it fails
    closed: a table with no shape, or a numeric column its shape does not name (a count nobody
    declared, which would go out unrounded), is withheld whole."""
    shape = shape_of(kind, name)
    if undeclared(name, shape, frame):
        return withheld_table(frame, shape)
    with_rates = frame_rates(frame, dict(shape.rates), dict(shape.shares), rounding)
    return rounding.frame(with_rates, shape.counts)
