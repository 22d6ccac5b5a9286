"""What a user may ask the national figures for: years, forces, comparators, subgroup, quarter.

Typed choices are matched leniently (trimmed, any case, `2017-18` for `2017/18`) against what
the loaded data holds; anything else is an UnknownChoice that lists the valid values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SUBGROUPS = ("rape", "other")
QUARTERS = (1, 2, 3, 4)
WELSH_FORCES = ("Dyfed-Powys", "Gwent", "North Wales", "South Wales")
DEFAULT_FORCE = "Gwent"
_YEAR_SEPARATOR = re.compile(r"^(\d{4})-(\d{2})$")
_LIST_SEPARATOR = re.compile(r"[,;]")


class UnknownChoice(ValueError):
    """A year, force, subgroup or quarter that the loaded data does not have."""

    def __init__(self, kind: str, value: object, valid: Sequence[object]) -> None:
        super().__init__(f"unknown {kind} {value!r}; valid: {', '.join(map(str, valid))}")
        self.kind, self.value, self.valid = kind, value, list(valid)


def year(text: str, valid: Sequence[str]) -> str:
    """A loaded financial year: `2017/18` (or `2017-18`)."""
    cleaned = _YEAR_SEPARATOR.sub(r"\1/\2", str(text).strip())
    if cleaned not in valid:
        raise UnknownChoice("year", text, valid)
    return cleaned


def subgroup(text: str | None) -> str | None:
    """'rape', 'other' (other sexual offences) or None (both)."""
    if text is None or not str(text).strip():
        return None
    cleaned = str(text).strip().lower()
    if cleaned not in SUBGROUPS:
        raise UnknownChoice("subgroup", text, SUBGROUPS)
    return cleaned


def quarter(value: int | str | None) -> int | None:
    """A financial quarter 1-4, or None for the whole year."""
    if value is None or str(value).strip() == "":
        return None
    cleaned = str(value).strip().upper().removeprefix("Q")
    if cleaned not in {str(q) for q in QUARTERS}:
        raise UnknownChoice("quarter", value, QUARTERS)
    return int(cleaned)


def force(text: str, valid: Sequence[str]) -> str:
    """A force as the data spells it, matched without regard to case or outer spaces."""
    by_key = {_key(name): name for name in valid}
    found = by_key.get(_key(text))
    if found is None:
        raise UnknownChoice("force", text, valid)
    return found


def force_list(text: str, valid: Sequence[str]) -> list[str]:
    """Forces from a comma- or semicolon-separated list. A name with a comma in it (`London, City
    of`) is recognised: pieces are joined back when together they name a force."""
    pieces = [p.strip() for p in _LIST_SEPARATOR.split(text or "")]
    names = {_key(name) for name in valid}
    chosen: list[str] = []
    i = 0
    while i < len(pieces):
        if not pieces[i]:
            i += 1
            continue
        joined = f"{pieces[i]}, {pieces[i + 1]}" if i + 1 < len(pieces) else None
        if joined is not None and _key(pieces[i]) not in names and _key(joined) in names:
            chosen.append(force(joined, valid))
            i += 2
        else:
            chosen.append(force(pieces[i], valid))
            i += 1
    return list(dict.fromkeys(chosen))


def default_comparators(chosen_force: str, valid: Sequence[str]) -> list[str]:
    """The Welsh forces other than the chosen one, as far as the data holds them."""
    return [name for name in WELSH_FORCES if name != chosen_force and name in valid]


def _key(name: str) -> str:
    return " ".join(str(name).split()).casefold()
