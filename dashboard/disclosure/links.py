"""The figures a table shares with what is shown elsewhere: its totals or cells that are tiles
(their statuses kept, their values checked, their family's relation added) and its totals that
are the cells of another protected table."""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

from dashboard.disclosure.shapes import Shape
from dashboard.disclosure.suppression import SHOWN, Relation
from dashboard.disclosure.tables import ZERO, status_of
from dashboard.disclosure.tiles import FAMILIES, TileState


class Links:
    """The totals and cells of a table that are figures shown elsewhere: their statuses (kept as
    they are), their exact values (checked), and the tile relations that close them."""

    def __init__(self) -> None:
        self.fixed: dict[Hashable, str] = {}
        self.extra: dict[Hashable, int] = {}
        self.relations: list[Relation] = []

    def tile(self, key: Hashable, tile: str, state: TileState, family: bool = True) -> None:
        if not state.is_count(tile):
            if state.visible(tile):  # a rate on view times its denominator tile gives this back
                self.fixed[key] = SHOWN
            return
        status = state.status(tile)
        if status == ZERO:
            return
        self.fixed[key], self.extra[key] = status, int(state.values[tile])
        parts = [p for p in FAMILIES.get(tile, ()) if state.status(p) != ZERO]
        if family and parts:
            cells = tuple(("tile", key, p) for p in parts)
            for cell, p in zip(cells, parts, strict=True):
                self.fixed[cell], self.extra[cell] = state.status(p), int(state.values[p])
            self.relations.append(Relation(key, cells))

    def table(self, key: Hashable, shown: object, withheld: bool) -> None:
        if shown is None or (not isinstance(shown, str) and pd.isna(shown)):
            return
        status = status_of(shown, withheld=withheld)
        if status == ZERO:
            return
        self.fixed[key] = status
        if status == SHOWN:
            self.extra[key] = int(float(shown))


def family_linked(shape: Shape) -> bool:
    """Whether the table links a family's parts itself (then no tile relation is added)."""
    tiles = {*shape.tiles.values(), *shape.group_tiles.values()}
    return any(set(parts) <= tiles for parts in FAMILIES.values())
