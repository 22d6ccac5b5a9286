"""Which cells of a table to hide from a scrutiny user: primary and secondary suppression, audited.

A table is a set of cells (counts: whole numbers, zero or more) and of relations the user can see,
each "total = sum of parts" (a relation may have more than one cell on its total side), where a
total is itself a cell (in the table, or shown elsewhere such as on a tile). Each cell ends up
SHOWN, SMALL (below the threshold: shown as "fewer than N"), HIDDEN (hidden to protect a small
cell: "not shown"; never below the threshold, and a reader who knows the rule knows that) or
WITHHELD ("not shown" in a table that could not be protected: it says nothing about the size).

Cells whose status is `fixed` (a tile's figure, protected with its own kind first) keep it: the
table may hide more of its own cells around them but never changes them, so every table that
shows a tile agrees with the tile.

Primary suppression makes every cell below the threshold SMALL. Secondary suppression hides more
cells until no hidden cell can be worked out exactly from what stays visible: the visible cells,
the relations, and what each hidden cell's text says about it (SMALL: 0 to N-1; HIDDEN: N or
more). First every relation gets 0 or at least 2 hidden cells (the classic rule), then an audit
finds the exact feasible range of every hidden cell and hides one more cell while any range is a
single value.

The audit is exact because every supported table is a network: each cell is in at most two
relations, and the relations can be signed so that each cell enters one and leaves the other
(rows against columns). Changing hidden cells while keeping every visible total is then a
circulation, and a hidden cell can take another value exactly when a cycle through it exists in
the residual graph (integer flow theory: no linear programming needed, and no rounding).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

from dashboard.disclosure.network import Relation, orientation, reaches

SHOWN, SMALL, HIDDEN, WITHHELD = "shown", "small", "hidden", "withheld"
_NO_LIMIT = float("inf")


@dataclass(frozen=True)
class Protection:
    """Each cell's status; `withheld` when some part of the table (the cells tied together by
    its relations around a cell no choice of hidden cells could protect) is WITHHELD."""

    status: dict[Hashable, str]
    withheld: bool = False


class _Suppression:
    def __init__(self, values, relations, threshold, external, fixed, floors):
        self.values = values
        self.threshold = threshold
        self.external = external
        self.fixed = fixed
        self.floors = floors
        self.order = {k: n for n, k in enumerate(values)}
        self.arcs = orientation(values, relations)
        self.members = [rel.members for rel in relations]
        self.relations_of: dict[Hashable, list[int]] = {k: [] for k in values}
        for i, members in enumerate(self.members):
            for key in members:
                self.relations_of[key].append(i)
        self.status = {k: SMALL if v < threshold else SHOWN for k, v in values.items()}
        self.status.update(fixed)
        self.stuck: set[Hashable] = set()  # given away by the fixed figures: nothing to do

    def bounds(self, key: Hashable) -> tuple[float, float]:
        """What the user knows of a hidden cell from its text (and its floor) alone."""
        floor = self.floors.get(key, 0)
        if self.status[key] == SMALL:
            return floor, self.threshold - 1
        if self.status[key] == WITHHELD:
            return floor, _NO_LIMIT
        return max(floor, self.threshold), _NO_LIMIT

    def pick(self, keys) -> Hashable | None:
        """The cell to hide next: not fixed, in the table before a total shown elsewhere, then
        the smallest."""
        shown = [k for k in keys if self.status[k] == SHOWN and k not in self.fixed]
        return min(
            shown, key=lambda k: (k in self.external, self.values[k], self.order[k]), default=None
        )

    def pair_up(self) -> Hashable | None:
        """Hide cells until no relation has exactly one hidden cell; the hidden cell of a
        relation where no other cell can be hidden, if there is one."""
        changed = True
        while changed:
            changed = False
            for members in self.members:
                hidden = [k for k in members if self.status[k] != SHOWN]
                if len(hidden) == 1 and hidden[0] not in self.stuck:
                    key = self.pick(members)
                    if key is None:
                        return hidden[0]
                    self.status[key] = HIDDEN
                    changed = True
        return None

    def exposed(self, skip: Collection[Hashable] = ()) -> Hashable | None:
        """The first hidden cell whose value the visible figures pin down, if any."""
        hidden = [k for k in self.values if self.status[k] != SHOWN]
        residual: dict[int, list[tuple[int, Hashable]]] = {}
        for key in hidden:
            (lo, hi), value, (tail, head) = self.bounds(key), self.values[key], self.arcs[key]
            if value < hi:
                residual.setdefault(tail, []).append((head, key))
            if value > lo:
                residual.setdefault(head, []).append((tail, key))
        for key in hidden:
            (lo, hi), value, (tail, head) = self.bounds(key), self.values[key], self.arcs[key]
            if lo == hi:  # the text already says the value (a threshold of 1 and a zero)
                continue
            if value < hi and reaches(residual, head, tail, key):
                continue
            if value > lo and reaches(residual, tail, head, key):
                continue
            if key not in skip:
                return key
        return None

    def nearest_shown(self, key: Hashable) -> Hashable | None:
        """A visible cell of the relations around `key`, else further out through hidden ones."""
        seen = set(self.relations_of[key])
        layer = list(seen)
        while layer:
            cells = [k for i in layer for k in self.members[i]]
            choice = self.pick(cells)
            if choice is not None:
                return choice
            layer = [i for k in cells for i in self.relations_of[k] if i not in seen]
            seen.update(layer)
        return None

    def part_of(self, key: Hashable) -> set[Hashable]:
        """The cells tied to `key` through relations, not through a figure that is fixed and
        shown (a known number ties nothing together)."""
        part, queue = {key}, [key]
        while queue:
            for i in self.relations_of[queue.pop()]:
                for k in self.members[i]:
                    if k not in part and self.fixed.get(k) != SHOWN:
                        part.add(k)
                        queue.append(k)
        return part

    def give_away(self, key: Hashable) -> None:
        """A cell whose value the fixed figures give away whatever this table does: shown when
        it is not small (hiding it would hide nothing), else left as it is."""
        if key in self.fixed or self.values[key] < self.threshold:
            self.stuck.add(key)
        else:
            self.status[key], self.fixed[key] = SHOWN, SHOWN

    def withhold(self, key: Hashable) -> None:
        """Every cell of the part of the table around `key` WITHHELD, but a cell whose value the
        fixed figures give away anyway (the one code of a group whose total is shown) is shown:
        hiding it would hide nothing."""
        part = self.part_of(key)
        self.withheld = True
        for k in part - set(self.fixed):
            self.status[k] = WITHHELD
        while (k := self.exposed(self.stuck)) is not None and k in part:
            self.give_away(k)


def _check(values, relations, threshold, fixed, floors) -> None:
    if threshold < 1:
        raise ValueError(f"the threshold must be 1 or more, not {threshold}")
    for key, value in values.items():
        if value < floors.get(key, 0):
            raise ValueError(f"cell {key!r} is {value}, below what it is known to be at least")
    for rel in relations:
        if not rel.holds(values):
            raise ValueError(f"total {rel.total!r} is not the sum of its parts")
    for key, status in fixed.items():
        if key not in values:
            raise ValueError(f"fixed cell {key!r} is not a cell of the table")
        if status == WITHHELD:
            continue
        if status not in (SHOWN, SMALL, HIDDEN) or (status == SMALL) != (values[key] < threshold):
            raise ValueError(f"cell {key!r} cannot be fixed {status!r} at {values[key]}")


def protect(
    values: Mapping[Hashable, int],
    relations: Sequence[Relation],
    threshold: int,
    *,
    external: Collection[Hashable] = (),
    fixed: Mapping[Hashable, str] | None = None,
    floors: Mapping[Hashable, int] | None = None,
) -> Protection:
    """Primary and secondary suppression of `values` (every cell, totals included) under the
    relations the user can see. Cells in `external` (totals shown elsewhere) are hidden only when
    no cell of the table itself will do; cells in `fixed` keep the status given; `floors` says
    what a user knows a cell is at least (a row that appears only when its count is 1 or more).
    Deterministic: ties go to the earlier cell."""
    fixed, floors = dict(fixed or {}), {k: v for k, v in (floors or {}).items() if k in values}
    _check(values, relations, threshold, fixed, floors)
    used = [r for r in relations if r.parts]
    job = _Suppression(dict(values), used, threshold, set(external), fixed, floors)
    job.withheld = False
    while True:
        if (key := job.pair_up()) is not None:  # one hidden among figures shown elsewhere
            job.give_away(key)
            continue
        key = job.exposed(job.stuck)
        if key is None:
            return Protection(job.status, withheld=job.withheld)
        extra = job.nearest_shown(key)
        if extra is None:
            job.withhold(key)
        else:
            job.status[extra] = HIDDEN
