"""How each query's table hangs together, declared once per query file: which columns are counts,
which column of a row is the sum of which others, which rate or median rests on which counts,
which totals, cells or last rows are the figures of tiles, which totals are cells of another
table, and which cells are zero by definition. `disclosure_view` protects a table by its shape; a
query with no shape here is withheld from a scrutiny user rather than shown unprotected.

Tiles are named by their kpi file; a rate tile standing for a count (`victim_not_supporting_rate`
for the outcomes 14 and 16) means "this total is on view whenever that rate is shown" (the rate
times its denominator tile gives it back)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard import reference
from dashboard.filters import Filters

Zeros = Callable[[pd.DataFrame, Filters], dict[str, list[bool]]]


@dataclass(frozen=True)
class Shape:
    """One query's table. Columns not named are labels, shown as they are (a numeric label must
    be in `keys` or end in `_order`: anything else numeric withholds the table)."""

    counts: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    row_total: tuple[str, tuple[str, ...]] | None = None  # (total column, its parts), each row
    rates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # rate/median -> counts
    shares: Mapping[str, str] = field(default_factory=dict)  # share -> count (of the total)
    totals: tuple[str, ...] | None = None  # count columns whose totals are on view (None: all)
    tiles: Mapping[str, str] = field(default_factory=dict)  # count column -> tile = its total
    last_tiles: Mapping[str, str] = field(default_factory=dict)  # trend: tile = its last row
    category: str | None = None  # the column naming a row (for cell_tiles)
    cell_tiles: Mapping[tuple[str, str | None], str] = field(default_factory=dict)
    group: str | None = None  # nested: rows grouped by this column (codes within groups)
    group_tiles: Mapping[tuple[str, str], str] = field(default_factory=dict)
    group_source: str | None = None  # nested: each group's total is a row of this breakdown
    total_source: tuple[str, Mapping[str, str]] | None = None  # totals are cells of (breakdown)
    long: tuple[str, str] | None = None  # long form: (group column, category column)
    zeros: Zeros | None = None
    floors: Mapping[str, int] = field(default_factory=dict)  # a row exists only if count >= n
    withheld: str | None = None  # never shown to scrutiny: why
    special: str | None = None  # protected by a purpose-made rule ("completeness")


def group_of(code: str) -> str:
    return reference.outcome_types()[code][1]


def subgroup_zeros(rape: str, other: str) -> Zeros:
    """With a subgroup filter, the other subgroup's column holds zeros by definition."""

    def zeros(frame: pd.DataFrame, filters: Filters) -> dict[str, list[bool]]:
        column = {"rape": other, "other": rape}.get(filters.subgroup or "")
        return {column: [True] * len(frame)} if column else {}

    return zeros


def rows_zero(column: str, counts: tuple[str, ...], keep: Callable[[Filters], object]) -> Zeros:
    """Rows whose `column` is not the filtered value hold zeros by definition (every count)."""

    def zeros(frame: pd.DataFrame, filters: Filters) -> dict[str, list[bool]]:
        wanted = keep(filters)
        if wanted is None:
            return {}
        mask = [value != wanted for value in frame[column]]
        return {c: mask for c in counts}

    return zeros


def not_yet_assigned(column: str, key: str, value: Callable[[], str]) -> Zeros:
    """Outcome 0 ("not yet assigned an outcome") has no closed outcomes by definition."""

    def zeros(frame: pd.DataFrame, filters: Filters) -> dict[str, list[bool]]:
        wanted = value()
        return {column: [v == wanted for v in frame[key]]}

    return zeros


def both(*rules: Zeros) -> Zeros:
    def zeros(frame: pd.DataFrame, filters: Filters) -> dict[str, list[bool]]:
        out: dict[str, list[bool]] = {}
        for rule in rules:
            for c, mask in rule(frame, filters).items():
                old = out.get(c, [False] * len(frame))
                out[c] = [a or b for a, b in zip(old, mask, strict=True)]
        return out

    return zeros


def _rate(name: str) -> dict[str, tuple[str, ...]]:
    return {name: ("numerator", "denominator")}


def _rate_trend(name: str, denominator_tile: str | None, numerator_tile: str | None) -> Shape:
    tiles = {"numerator": numerator_tile, "denominator": denominator_tile}
    return Shape(
        counts=("numerator", "denominator"),
        rates=_rate(name),
        tiles={c: tile for c, tile in tiles.items() if tile},
    )


def _flow(*columns: str) -> Shape:
    return Shape(counts=columns, tiles={c: c for c in columns})


def _median(name: str) -> Shape:
    return Shape(counts=("crimes",), rates={name: ("crimes",)})


def _snapshot(*columns: str, **more) -> Shape:
    return Shape(counts=columns, last_tiles={c: c for c in columns}, **more)


CRIMES = ("rape_recorded", "other_sexual_recorded", "crimes_recorded")
TREND: Mapping[str, Shape] = {
    "arrest_rate": _rate_trend("arrest_rate", None, None),
    "bail_breaches": _flow("bail_breaches", "order_breaches"),
    "charge_rate": _rate_trend("charge_rate", "outcomes_assigned", "charged"),
    "charge_rate_recorded_basis": _rate_trend(
        "charge_rate_recorded_basis", "crimes_recorded", "charge_rate_recorded_basis"
    ),
    "charged": _flow("charged"),
    "crimes_recorded": Shape(
        counts=CRIMES,
        row_total=("crimes_recorded", CRIMES[:2]),
        tiles={c: c for c in CRIMES},
        zeros=subgroup_zeros(*CRIMES[:2]),
    ),
    "isva_referral_rate": _rate_trend(
        "isva_referral_rate", "crimes_recorded", "isva_referral_rate"
    ),
    "median_days_to_arrest": _median("median_days_to_arrest"),
    "median_days_to_charge": _median("median_days_to_charge"),
    "median_days_to_outcome": _median("median_days_to_outcome"),
    "n100_reported": _flow("n100_reported"),
    "no_suspect_rate": _rate_trend("no_suspect_rate", "outcomes_assigned", "no_suspect_rate"),
    "non_recent_share": _rate_trend("non_recent_share", None, None),
    "open_at_end": _snapshot("open_at_end"),
    "open_over_365_days": _snapshot("open_over_365_days"),
    "orders_applied": _flow("orders_applied", "orders_granted"),
    "outcomes_assigned": _flow("outcomes_assigned"),
    "outcomes_by_group": Shape(
        counts=("outcomes_assigned",), long=("month_start", "outcome_group")
    ),
    "repeat_suspects": _snapshot("repeat_suspects", "repeat_suspect_crimes"),
    "rui_share": _snapshot(
        "pre_charge_bail_at_end",
        "rui_at_end",
        rates={"rui_share": ("rui_at_end", "pre_charge_bail_at_end")},
    ),
    "s63g_applications": _flow("s63g_eligible", "s63g_applications", "s63g_granted"),
    "suspect_identified_rate": _rate_trend(
        "suspect_identified_rate", "crimes_recorded", "suspect_identified_rate"
    ),
    "victim_not_supporting_rate": _rate_trend(
        "victim_not_supporting_rate", "outcomes_assigned", "victim_not_supporting_rate"
    ),
    "word_on_word_trained_rate": Shape(
        counts=("numerator", "denominator", "completions"),
        rates=_rate("word_on_word_trained_rate"),
        totals=(),
    ),
}


def shape_of(kind: str, name: str) -> Shape | None:
    """The declared shape of `queries/<kind>/<name>.sql`, or None (withhold it)."""
    from dashboard.disclosure_breakdowns import BREAKDOWN

    return (TREND if kind == "trend" else BREAKDOWN if kind == "breakdown" else {}).get(name)
