"""Which cells of a table to hide from a scrutiny user: primary and secondary suppression, audited.

A table is a set of cells (counts: whole numbers, zero or more) and of relations the user can see,
each "total = sum of parts", where a total is itself a cell (in the table, or shown elsewhere such
as on a tile). Each cell ends up SHOWN, SMALL (below the threshold: shown as "fewer than N") or
HIDDEN (hidden to protect a small cell: "not shown"; never below the threshold, and a reader who
knows the rule knows that).

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

from collections import deque
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"
_GROUND = -1  # the node at the far end of a cell that is in fewer than two relations
_NO_LIMIT = float("inf")


@dataclass(frozen=True)
class Relation:
    """What the user can see: `total` = sum of `parts` (all cell keys)."""

    total: Hashable
    parts: tuple[Hashable, ...]


@dataclass(frozen=True)
class Protection:
    """Each cell's status; `withheld` when no set of hidden cells could protect the table, so
    every cell is HIDDEN and a hidden cell says nothing about its size."""

    status: dict[Hashable, str]
    withheld: bool = False


def _orientation(
    keys: Collection[Hashable], relations: Sequence[Relation]
) -> dict[Hashable, tuple[int, int]]:
    """Each cell as an arc (tail node, head node) between its relations; ValueError if the
    relations do not form a network (a cell in three relations, or rows that cannot be told
    from columns)."""
    incidences: dict[Hashable, list[tuple[int, int]]] = {k: [] for k in keys}
    for i, rel in enumerate(relations):
        for key, sign in [(rel.total, -1), *((p, 1) for p in rel.parts)]:
            if key not in incidences:
                raise ValueError(f"relation {i} names an unknown cell {key!r}")
            if any(j == i for j, _ in incidences[key]):
                raise ValueError(f"cell {key!r} appears twice in relation {i}")
            incidences[key].append((i, sign))
    links: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(relations))}
    for key, inc in incidences.items():
        if len(inc) > 2:
            raise ValueError(f"cell {key!r} is in {len(inc)} relations: at most two are supported")
        if len(inc) == 2:
            (i, si), (j, sj) = inc
            links[i].append((j, -si * sj))
            links[j].append((i, -si * sj))
    side: dict[int, int] = {}
    for start in links:
        if start in side:
            continue
        side[start] = 1
        queue = deque([start])
        while queue:
            i = queue.popleft()
            for j, factor in links[i]:
                if j not in side:
                    side[j] = factor * side[i]
                    queue.append(j)
                elif side[j] != factor * side[i]:
                    raise ValueError("these relations do not form a table of rows and columns")
    arcs = {}
    for key, inc in incidences.items():
        tail = head = _GROUND
        for i, sign in inc:
            if side[i] * sign > 0:
                head = i
            else:
                tail = i
        arcs[key] = (tail, head)
    return arcs


class _Suppression:
    def __init__(self, values, relations, threshold, external):
        self.values = values
        self.threshold = threshold
        self.external = external
        self.order = {k: n for n, k in enumerate(values)}
        self.arcs = _orientation(values, relations)
        self.members = [(rel.total, *rel.parts) for rel in relations]
        self.relations_of: dict[Hashable, list[int]] = {k: [] for k in values}
        for i, members in enumerate(self.members):
            for key in members:
                self.relations_of[key].append(i)
        self.status = {k: SMALL if v < threshold else SHOWN for k, v in values.items()}

    def bounds(self, key: Hashable) -> tuple[float, float]:
        """What the user knows of a hidden cell from its text alone."""
        if self.status[key] == SMALL:
            return 0, self.threshold - 1
        return self.threshold, _NO_LIMIT

    def pick(self, keys) -> Hashable | None:
        """The cell to hide next: in the table before a total shown elsewhere, then smallest."""
        shown = [k for k in keys if self.status[k] == SHOWN]
        return min(
            shown, key=lambda k: (k in self.external, self.values[k], self.order[k]), default=None
        )

    def pair_up(self) -> None:
        """Hide cells until no relation has exactly one hidden cell."""
        changed = True
        while changed:
            changed = False
            for members in self.members:
                if sum(self.status[k] != SHOWN for k in members) == 1:
                    key = self.pick(members)
                    if key is not None:
                        self.status[key] = HIDDEN
                        changed = True

    def exposed(self) -> Hashable | None:
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
            if value < hi and _reaches(residual, head, tail, key):
                continue
            if value > lo and _reaches(residual, tail, head, key):
                continue
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


def _reaches(residual, source: int, target: int, skip: Hashable) -> bool:
    """Whether the residual graph has a path from source to target avoiding the cell `skip`."""
    if source == target:
        return True
    seen, queue = {source}, deque([source])
    while queue:
        node = queue.popleft()
        for nxt, key in residual.get(node, ()):
            if key == skip or nxt in seen:
                continue
            if nxt == target:
                return True
            seen.add(nxt)
            queue.append(nxt)
    return False


def protect(
    values: Mapping[Hashable, int],
    relations: Sequence[Relation],
    threshold: int,
    *,
    external: Collection[Hashable] = (),
) -> Protection:
    """Primary and secondary suppression of `values` (every cell, totals included) under the
    relations the user can see. Cells in `external` (totals shown elsewhere) are hidden only when
    no cell of the table itself will do. Deterministic: ties go to the earlier cell."""
    if threshold < 1:
        raise ValueError(f"the threshold must be 1 or more, not {threshold}")
    for key, value in values.items():
        if value < 0:
            raise ValueError(f"cell {key!r} is negative ({value}): counts cannot be")
    for rel in relations:
        if values[rel.total] != sum(values[p] for p in rel.parts):
            raise ValueError(f"total {rel.total!r} is not the sum of its parts")
    job = _Suppression(dict(values), [r for r in relations if r.parts], threshold, set(external))
    while True:
        job.pair_up()
        key = job.exposed()
        if key is None:
            return Protection(job.status)
        extra = job.nearest_shown(key)
        if extra is None:
            return Protection({k: HIDDEN for k in values}, withheld=True)
        job.status[extra] = HIDDEN
