"""How each query's table hangs together, declared once in the query file's own header: which
columns are counts, which column of a row is the sum of which others, which rate or median rests
on which counts, which totals, cells or last rows are the figures of tiles, which totals are
cells of another table, and which cells are zero by definition. Disclosure control protects a
table by its shape; a query with no shape is withheld from a scrutiny user, never shown
unprotected.

The header line is `-- shape: ` and the inside of a TOML inline table (continuation lines are
joined with a space), for example, for a monthly charge rate:

    -- shape: counts = ["numerator", "denominator"],
    --   rates = {charge_rate = ["numerator", "denominator"]},
    --   tiles = {numerator = "charged", denominator = "outcomes_assigned"}

Tiles are named by their kpi file; a rate tile standing for a count (`victim_not_supporting_rate`
for the outcomes 14 and 16) means "this total is on view whenever that rate is shown" (the rate
times its denominator tile gives it back). Every key is described on `Shape`; `zeros` rules are
in `ZERO_RULES`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from dashboard import reference
from dashboard.figures import queries
from dashboard.filters import Filters

Zeros = Callable[[pd.DataFrame, Filters], dict[str, list[bool]]]


class ShapeError(ValueError):
    """A `shape` header that does not follow the rule."""


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
    force_wide: bool = False  # without exact figures, shown for the whole force (no filters)

    @property
    def needs(self) -> tuple[tuple[str, str], ...]:
        """The other tables, (kind, name), whose protected figures this table's protection
        reads: the breakdowns holding its totals; the monthly crimes for completeness."""
        named = [self.group_source, self.total_source[0] if self.total_source else None]
        needed = tuple(("breakdown", n) for n in named if n)
        if self.special == "completeness":
            needed += (("trend", "crimes_recorded"),)
        return needed


# --- the zero rules: cells that are zero by definition under the view's filters -----------------


def _subgroup(rule: dict) -> Zeros:
    """`{subgroup = [rape column, other column]}`: with a subgroup filter, the other subgroup's
    column holds zeros."""
    rape, other = rule["subgroup"]

    def zeros(frame: pd.DataFrame, filters: Filters) -> dict[str, list[bool]]:
        column = {"rape": other, "other": rape}.get(filters.subgroup or "")
        return {column: [True] * len(frame)} if column else {}

    return zeros


def _rows(rule: dict) -> Zeros:
    """`{rows = column, counts = [...], filter = name, values = {filter value = row value}}`:
    with that filter set, rows whose column is not the filtered value hold zeros."""
    column, counts, name = rule["rows"], tuple(rule["counts"]), rule["filter"]
    values = rule.get("values", {})

    def zeros(frame: pd.DataFrame, filters: Filters) -> dict[str, list[bool]]:
        wanted = getattr(filters, name)
        if wanted is None:
            return {}
        wanted = values.get(wanted, wanted)
        mask = [value != wanted for value in frame[column]]
        return {c: mask for c in counts}

    return zeros


def _not_yet_assigned(rule: dict) -> Zeros:
    """`{not_yet_assigned = column, key = "outcome_code" | "outcome_group"}`: outcome 0 ("not yet
    assigned an outcome", and its group) has no closed outcomes by definition."""
    column, key = rule["not_yet_assigned"], rule["key"]

    def zeros(frame: pd.DataFrame, filters: Filters) -> dict[str, list[bool]]:
        wanted = "0" if key == "outcome_code" else reference.outcome_types()["0"][1]
        return {column: [v == wanted for v in frame[key]]}

    return zeros


ZERO_RULES: Mapping[str, Callable[[dict], Zeros]] = {
    "subgroup": _subgroup,
    "rows": _rows,
    "not_yet_assigned": _not_yet_assigned,
}


def _all_of(rules: list[Zeros]) -> Zeros:
    def zeros(frame: pd.DataFrame, filters: Filters) -> dict[str, list[bool]]:
        out: dict[str, list[bool]] = {}
        for rule in rules:
            for c, mask in rule(frame, filters).items():
                old = out.get(c, [False] * len(frame))
                out[c] = [a or b for a, b in zip(old, mask, strict=True)]
        return out

    return zeros


# --- reading a header --------------------------------------------------------------------------


def _zeros(rules: list[dict]) -> Zeros:
    built = []
    for rule in rules:
        kind = next((k for k in ZERO_RULES if k in rule), None)
        if kind is None:
            raise ShapeError(f"zero rule {rule!r} is not one of {', '.join(ZERO_RULES)}")
        built.append(ZERO_RULES[kind](rule))
    return built[0] if len(built) == 1 else _all_of(built)


def _pairs(entries: list[dict], inner: str) -> dict[tuple[str, str | None], str]:
    return {(e["column"], e.get(inner)): e["tile"] for e in entries}


_CONVERT: Mapping[str, Callable[[object], object]] = {
    "counts": tuple,
    "keys": tuple,
    "row_total": lambda v: (v["total"], tuple(v["parts"])),
    "rates": lambda v: {k: tuple(cs) for k, cs in v.items()},
    "shares": dict,
    "totals": tuple,
    "tiles": dict,
    "last_tiles": dict,
    "category": str,
    "cell_tiles": lambda v: _pairs(v, "category"),
    "group": str,
    "group_tiles": lambda v: _pairs(v, "group"),
    "group_source": str,
    "total_source": lambda v: (v["table"], {c: c for c in v["columns"]}),
    "long": tuple,
    "zeros": _zeros,
    "floors": dict,
    "withheld": str,
    "special": str,
    "force_wide": bool,
}


def parse_shape(text: str) -> Shape:
    """The Shape a header's `shape:` value declares; ShapeError when it cannot be read."""
    try:
        data = tomllib.loads(f"shape = {{{text}}}")["shape"]
        unknown = sorted(set(data) - set(_CONVERT))
        if unknown:
            raise ShapeError(f"unknown shape key(s): {', '.join(unknown)}")
        return Shape(**{k: _CONVERT[k](v) for k, v in data.items()})
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ShapeError(f"shape {text!r}: {exc}") from None


@cache
def shape_of(kind: str, name: str) -> Shape | None:
    """The declared shape of `queries/<kind>/<name>.sql`, or None (withhold it)."""
    try:
        header = queries.get_query(kind, name).header
    except (KeyError, ValueError):
        return None
    return parse_shape(header["shape"]) if "shape" in header else None
