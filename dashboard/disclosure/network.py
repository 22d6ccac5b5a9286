"""The relations of a table as a network: each cell an arc between the (at most two) relations
it is in, so that the audit of `suppression` can search for cycles instead of solving."""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

GROUND = -1  # the node at the far end of a cell that is in fewer than two relations


@dataclass(frozen=True)
class Relation:
    """What the user can see: `total` + every cell of `more_totals` = sum of `parts`."""

    total: Hashable
    parts: tuple[Hashable, ...]
    more_totals: tuple[Hashable, ...] = ()

    @property
    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.more_totals, *self.parts)

    def signed(self) -> list[tuple[Hashable, int]]:
        totals = [(k, -1) for k in (self.total, *self.more_totals)]
        return totals + [(k, 1) for k in self.parts]

    def holds(self, values: Mapping[Hashable, int]) -> bool:
        return values[self.total] + sum(values[k] for k in self.more_totals) == sum(
            values[k] for k in self.parts
        )


def orientation(
    keys: Collection[Hashable], relations: Sequence[Relation]
) -> dict[Hashable, tuple[int, int]]:
    """Each cell as an arc (tail node, head node) between its relations; ValueError if the
    relations do not form a network (a cell in three relations, or rows that cannot be told
    from columns)."""
    incidences: dict[Hashable, list[tuple[int, int]]] = {k: [] for k in keys}
    for i, rel in enumerate(relations):
        for key, sign in rel.signed():
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
        tail = head = GROUND
        for i, sign in inc:
            if side[i] * sign > 0:
                head = i
            else:
                tail = i
        arcs[key] = (tail, head)
    return arcs


def reaches(residual, source: int, target: int, skip: Hashable) -> bool:
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
