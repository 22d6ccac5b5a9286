"""Rounding of every count a scrutiny user sees (after suppression), so that figures from
different views cannot be subtracted to give a hidden one back exactly.

Suppression protects each table or chart on its own. But a user can ask for many views: the
year and each of its months, a filter and the whole force. Subtracting the months a year shows
from the year's total, or four areas from the force, would give a hidden small count back
exactly, whatever each view hides. Rounding every count shown to the nearest 5 (ONS practice for
small-number outputs; $FLIGHTDECK_ROUNDING_BASE, 1 turns it off) leaves each such sum uncertain
by several units for every figure in it, so no hidden count can be worked out. Rates and medians
are computed from the exact counts and shown as they are; rounded parts need not add up to their
rounded total, and the page says so.

Only what reaches a page is rounded: the protection itself works on the exact figures.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import pandas as pd

from dashboard import formatting, settings


def configured_base() -> int:
    """The base of this process: `$FLIGHTDECK_ROUNDING_BASE` (see settings; 1: no rounding)."""
    return settings.current().rounding_base


def round_count(value: object, base: int | None = None) -> object:
    """A shown count to the nearest multiple of `base` (halves up: 12 -> 10, 13 -> 15); a text
    ("fewer than 10", "–"), a missing value or a non-number as it is. Digits held as text (a
    column with a hidden figure holds text throughout) are rounded and stay text."""
    base = configured_base() if base is None else base
    if base == 1 or isinstance(value, bool) or formatting.is_missing(value):
        return value
    if isinstance(value, str):
        text = value.strip()
        return str(round_count(int(text), base)) if text.isdigit() else value
    if not isinstance(value, numbers.Real):  # numpy's integers too
        return value
    return int((int(value) + base // 2) // base * base)


def round_frame(frame: pd.DataFrame, counts: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """`frame` with its count columns rounded (other columns, and the frame's attrs, kept)."""
    present = [c for c in counts if c in frame.columns]
    if not present or configured_base() == 1:
        return frame
    out = frame.copy()
    for column in present:
        out[column] = out[column].map(round_count)
    out.attrs = dict(frame.attrs)
    return out


def round_metrics(figures: Mapping[str, object], units: Mapping[str, str]) -> dict:
    """The tiles' figures with every count rounded (and each group of `outcomes_by_group`)."""
    out = dict(figures)
    for key, value in figures.items():
        if units.get(key) == "count":
            out[key] = round_count(value)
        elif units.get(key) == "counts" and isinstance(value, Mapping):
            out[key] = {k: round_count(v) for k, v in value.items()}
    return out
