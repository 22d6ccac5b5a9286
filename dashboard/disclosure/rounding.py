"""Every count a scrutiny user sees, rounded to a multiple of 5 up or down at random, the draw
keyed by a secret of the store.

Why round. Suppression protects each table or chart on its own, but a user can ask for many
views: the year and each of its months, the force and each area. Subtracting the months a year
shows from the year's total, or four areas from the force, would give a hidden small count back
exactly, whatever each view hides; a rounded figure leaves each such sum uncertain.

Why at random, and why keyed. Rounded to the *nearest* 5, a shown 20 says 18 to 22, and the
attack test found counts pinned at the edge of such an interval: open cases with no area, rape
9 and other 9 (each "fewer than 10"), all 18 shown as 20, so both must be 9. Rounded at random
(unbiased: a count 5q + m shows as 5q + 5 with probability m/5, else as 5q), a shown 20 may be
any count from 16 to 24, and 18 shows as 15 or 20. The draw is HMAC-SHA256 of the number under
the store's key (`dashboard.store.secret`): it depends on the number alone, so the same number
shows the same way wherever, whenever and however often it is asked for (a fresh draw each time
would give the count back to anyone who asked often enough and averaged), and without the key
nobody can tell which way a number went. Statistics New Zealand and the ABS publish counts
rounded at random in the same spirit.

$FLIGHTDECK_ROUNDING_BASE sets the base (1 turns rounding off). Rates and shares are worked out
from the rounded counts (`rates`), medians from the exact records; rounded parts need not add up
to their rounded total, and the page says so. Only what reaches a page is rounded: the
protection itself works on the exact figures.
"""

from __future__ import annotations

import hashlib
import hmac
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import formatting, settings
from dashboard.store import secret

_DRAW_BITS = 64


def configured_base() -> int:
    """The base of this process: `$FLIGHTDECK_ROUNDING_BASE` (see settings; 1: no rounding)."""
    return settings.current().rounding_base


@dataclass(frozen=True)
class Rounding:
    """How the counts of one store are shown: the base (1: as they are) and the store's key."""

    base: int
    key: bytes | None = field(default=None, repr=False)  # None only when base is 1

    def count(self, value: object) -> object:
        return round_count(value, self.base, self.key)

    def frame(self, frame: pd.DataFrame, counts: tuple[str, ...] | list[str]) -> pd.DataFrame:
        """`frame` with its count columns rounded (other columns, and its attrs, kept)."""
        present = [c for c in counts if c in frame.columns]
        if not present or self.base == 1:
            return frame
        out = frame.copy()
        for column in present:
            out[column] = out[column].map(self.count)
        out.attrs = dict(frame.attrs)
        return out

    def metrics(self, figures: Mapping[str, object], units: Mapping[str, str]) -> dict:
        """The tiles' figures with every count rounded (and each group of a "counts" tile)."""
        out = dict(figures)
        for name, value in figures.items():
            if units.get(name) == "count":
                out[name] = self.count(value)
            elif units.get(name) == "counts" and isinstance(value, Mapping):
                out[name] = {k: self.count(v) for k, v in value.items()}
        return out


def rounding_for(store_root: str | Path) -> Rounding:
    """The rounding of the figures of this store: the configured base, and
    `$FLIGHTDECK_ROUNDING_KEY` or else the store's own key (made if it has none yet).
    `secret.RoundingKeyError` when there is no key and none can be made: nothing is shown."""
    current = settings.current()
    return _rounding(str(store_root), current.rounding_base, current.rounding_key)


@lru_cache(maxsize=64)
def _rounding(root: str, base: int, key: bytes | None) -> Rounding:
    if base == 1:
        return Rounding(1)
    return Rounding(base, key or secret.ensure(Path(root)))


@lru_cache(maxsize=65536)
def _rounds_up(key: bytes, base: int, count: int) -> bool:
    """Whether `count` (not a multiple of `base`) is rounded up: with probability remainder/base,
    drawn from the key and the number alone."""
    digest = hmac.new(key, f"{base}:{count}".encode("ascii"), hashlib.sha256).digest()
    draw = int.from_bytes(digest[: _DRAW_BITS // 8], "big")
    return draw * base < (count % base) << _DRAW_BITS


def round_count(value: object, base: int, key: bytes | None) -> object:
    """A shown count to a multiple of `base`, up or down as the keyed draw says (12 -> 10 or
    15; a multiple of the base as it is); a text ("fewer than 10", "–"), a missing value or a
    non-number as it is. Digits held as text (a column with a hidden figure holds text
    throughout) are rounded and stay text."""
    if base == 1 or isinstance(value, bool) or formatting.is_missing(value):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            return value
        return str(round_count(int(text), base, key))
    if not isinstance(value, numbers.Real):  # numpy's integers too
        return value
    count = int(value)
    down = count - count % base
    if down == count:
        return count
    if key is None:
        raise ValueError("counts are rounded with the store's key: none was given")
    return down + base if _rounds_up(key, base, count) else down
