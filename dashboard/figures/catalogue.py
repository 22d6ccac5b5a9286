"""The metric catalogue, read from the headers of `queries/kpi/*.sql` (the single source): each
metric's place in metrics.md, its flight deck tile, its monthly series, and the tiles disclosure
control protects it with. Adding a metric is one SQL file (and its test); nothing here changes.

Header keys of a kpi file, beside the common ones (`figures.queries`):

- `catalogue: 2.7`: section 2 (flight deck) or 3 (suspects and disruption) of metrics.md, and
  the metric's place in it: the order of `flightdeck metrics`.
- `tile: outcomes 2`: a flight deck tile, in a group of `TILE_GROUPS`, at that place.
- `trend: crimes_recorded`: the monthly series is this column of another trend file (`none`: no
  monthly series); by default the trend file of the same name, if there is one.
- `sum_of: rape_recorded, other_sexual_recorded`: a count that is the sum of other count tiles
  shown beside it (protected together for the scrutiny role).
- `hide_with: charged, outcomes_assigned`: a rate hidden whenever one of these count tiles is
  (a rate beside its denominator gives its numerator back).
- `national: yes`: England and Wales publish the same figure (the flight deck shows it beside).
"""

from __future__ import annotations

from functools import cache

from dashboard.figures import queries
from dashboard.i18n import t_or

# In the order the flight deck shows them: outcomes and their timeliness first (what a leader
# asks first), then volumes, victims, suspects, disruption.
TILE_GROUPS = ("outcomes", "timeliness", "volume", "victims", "suspects", "disruption")


class CatalogueError(ValueError):
    """A kpi header whose catalogue keys do not follow the rule."""


def _list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _place(query: queries.Query, key: str, value: str) -> tuple[str, int]:
    """('2', 7) from '2.7', ('outcomes', 2) from 'outcomes 2'."""
    head, sep, tail = value.replace(".", " ").rpartition(" ")
    if not sep or not tail.isdigit():
        raise CatalogueError(f"kpi/{query.name}: {key} {value!r} is not '<where> <place>'")
    return head.strip(), int(tail)


@cache
def _kpis() -> tuple[queries.Query, ...]:
    return queries.queries_of_kind("kpi")


def section(number: int) -> tuple[str, ...]:
    """The keys of a section of metrics.md (2 or 3), in the catalogue's order."""
    placed = []
    for query in _kpis():
        where, place = _place(query, "catalogue", query.header["catalogue"])
        if where == str(number):
            placed.append((place, query.name))
    return tuple(name for _, name in sorted(placed))


def tile_groups() -> dict[str, tuple[str, ...]]:
    """The flight deck's tiles: group -> keys, in order."""
    groups: dict[str, list[tuple[int, str]]] = {g: [] for g in TILE_GROUPS}
    for query in _kpis():
        if "tile" in query.header:
            group, place = _place(query, "tile", query.header["tile"])
            if group not in groups:
                raise CatalogueError(f"kpi/{query.name}: tile group {group!r} is not one of ours")
            groups[group].append((place, query.name))
    return {g: tuple(name for _, name in sorted(keys)) for g, keys in groups.items()}


def label(key: str) -> str:
    """A metric's label in the current language: the catalogue's, else its kpi file's header."""
    return t_or(f"metric.{key}.label", queries.get_query("kpi", key).label)


def trend_of(key: str) -> str | None:
    """The trend file whose column `key` is the metric's monthly series; None when it has none."""
    named = queries.get_query("kpi", key).header.get("trend")
    if named == "none":
        return None
    if named:
        return named
    trends = {q.name for q in queries.queries_of_kind("trend")}
    return key if key in trends else None


def families() -> dict[str, tuple[str, ...]]:
    """Count tiles that are the sum of other count tiles: total -> parts."""
    return {q.name: _list(q.header["sum_of"]) for q in _kpis() if "sum_of" in q.header}


def hidden_with() -> dict[str, tuple[str, ...]]:
    """Rate tiles hidden whenever one of these count tiles is hidden: rate -> counts."""
    return {q.name: _list(q.header["hide_with"]) for q in _kpis() if "hide_with" in q.header}


def national() -> tuple[str, ...]:
    """The metrics England and Wales publish the same way (shown beside the tile)."""
    return tuple(q.name for q in _kpis() if q.header.get("national") == "yes")


def problems() -> list[str]:
    """Everything wrong with the catalogue as a whole (for the test suite)."""
    found = []
    keys = {q.name for q in _kpis()}
    try:
        placed = [*section(2), *section(3)]
        tile_groups()
    except CatalogueError as exc:
        return [str(exc)]
    if sorted(placed) != sorted(keys):
        found.append("every kpi file needs `catalogue: 2.n` or `catalogue: 3.n`")
    if len(placed) != len(set(placed)):
        found.append("a metric is placed twice in the catalogue")
    trends = {q.name for q in queries.queries_of_kind("trend")}
    for name in sorted(keys):
        series = trend_of(name)
        if series is not None and series not in trends:
            found.append(f"kpi/{name}: its trend file {series}.sql does not exist")
    for owner, named in {**families(), **hidden_with()}.items():
        found += [f"kpi/{owner}: {n} is not a kpi file" for n in named if n not in keys]
    return found
