"""An independent check of disclosure control: what can a scrutiny user work out?

Knowledge is a range per figure (a shown figure is its value; "fewer than N" is 0 to N-1; "not
shown" is N or more, or anything when the table was withheld; "–" is 0) and the relations
"total = sum of parts" the user knows. A brute-force solver (interval propagation, then
splitting the narrowest range in two until every range is a point) says whether whole-number
completions exist; a hidden figure is safe when some completion gives it another value than the
true one. It shares no code with `dashboard.disclosure.suppression` (which searches cycles of a
network instead).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from dashboard.disclosure import HIDDEN, SHOWN, SMALL, WITHHELD, ZERO

Relations = list[tuple[Hashable, list[Hashable]]]


def _propagate(domains: dict, relations: Relations) -> dict | None:
    """Interval bounds for `total = sum(parts)` until nothing changes; None when infeasible."""
    d = dict(domains)
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            lo_sum = sum(d[p][0] for p in parts)
            hi_sum = sum(d[p][1] for p in parts)
            tlo, thi = max(d[total][0], lo_sum), min(d[total][1], hi_sum)
            if tlo > thi:
                return None
            if (tlo, thi) != d[total]:
                d[total], changed = (tlo, thi), True
            for p in parts:
                plo, phi = d[p]
                new = (max(plo, tlo - (hi_sum - phi)), min(phi, thi - (lo_sum - plo)))
                if new[0] > new[1]:
                    return None
                if new != (plo, phi):
                    lo_sum, hi_sum = lo_sum + new[0] - plo, hi_sum + new[1] - phi
                    d[p], changed = new, True
    return d


def feasible(domains: dict, relations: Relations) -> bool:
    """Whether some whole-number completion within the domains satisfies every relation
    (complete search: propagate, then split the narrowest open domain in two)."""
    stack = [domains]
    while stack:
        d = _propagate(stack.pop(), relations)
        if d is None:
            continue
        open_cells = [k for k, (lo, hi) in d.items() if lo < hi]
        if not open_cells:
            return True
        k = min(open_cells, key=lambda k: d[k][1] - d[k][0])
        lo, hi = d[k]
        mid = (lo + hi) // 2
        stack += [{**d, k: (mid + 1, hi)}, {**d, k: (lo, mid)}]
    return False


def knowledge(
    original: Mapping[Hashable, int],
    status: Mapping[Hashable, str],
    threshold: int,
    floors: Mapping[Hashable, int] | None = None,
) -> dict:
    """What a user knows of each figure from what is shown in its place; asserts that what is
    shown is true (a shown figure is exact and not small, a text fits the figure)."""
    floors = floors or {}
    cap = sum(original.values()) + 2 * threshold + 2
    know = {}
    for key, value in original.items():
        state, floor = status[key], floors.get(key, 0)
        if state == SHOWN:
            assert value >= threshold, (key, value)
            know[key] = (value, value)
        elif state == SMALL:
            assert value < threshold, (key, value)
            know[key] = (floor, threshold - 1)
        elif state == HIDDEN:
            assert value >= threshold, (key, value)
            know[key] = (max(floor, threshold), cap)
        elif state == WITHHELD:
            know[key] = (floor, cap)
        else:
            assert state == ZERO and value == 0, (key, state, value)
            know[key] = (0, 0)
    return know


def components(keys, relations: Relations) -> list[tuple[set, Relations]]:
    """The figures split into groups no relation joins, each with its own relations: the
    completions of independent groups are independent, so each group is solved on its own (the
    same answers as one search over everything, in a fraction of the time)."""
    parent = {key: key for key in keys}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for total, parts in relations:
        for part in parts:
            parent[root(part)] = root(total)
    groups: dict = {}
    for key in keys:
        groups.setdefault(root(key), (set(), []))[0].add(key)
    for total, parts in relations:
        groups[root(total)][1].append((total, parts))
    return list(groups.values())


def assert_unrecoverable(
    original: Mapping[Hashable, int], know: dict, relations: Relations
) -> None:
    """No hidden figure has a single possible value given everything the user knows."""
    for keys, group_relations in components(know, relations):
        group = {key: know[key] for key in keys}
        assert feasible(group, group_relations)  # the truth is one completion
        for key in keys:
            lo, hi = group[key]
            if lo == hi:
                continue
            value = original[key]
            others = [(lo, value - 1), (value + 1, hi)]
            assert any(
                a <= b and feasible({**group, key: (a, b)}, group_relations) for a, b in others
            ), f"{key} = {value} can be worked out from {group}"
