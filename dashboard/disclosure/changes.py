"""A tile's change between two periods as a scrutiny user sees it: what is true of every pair of
exact figures the two rounded figures could stand for, never more.

Why. A change worked out from the two rounded counts exaggerates (84 against 85, shown 80 and
85, reads -5 (-5.9%) where the exact change is -1); a change worked out from the exact counts
gives them away beside the rounded ones (90 and 80 shown, an exact change of +2: the counts 86
and 84 are the only pair that fits), and so would a percentage of them rounded to a whole
number (+2%: only 86 of 84 again), which would let the differencing that rounding prevents
back in. So the change is worked out from the rounded figures alone: a shown count r stands
for any count from r-4 to r+4 (base 5), never below the threshold, and the change shown is the
range of changes those counts allow, its percentage rounded outwards to whole numbers
("-13 to +3 (-15% to +4%)"). Whatever the exact counts, the exact change lies in it (it never
exaggerates); it is one value when every pair gives one (exact figures, or rounding switched
off); and since it is a function of the rounded figures alone, it tells nobody anything they
could not work out from the figures on the page (it leaks nothing). Its direction is said only
when the whole range lies on one side of zero. A rate's change is the range of the rates its
rounded numerator and denominator allow, in percentage points; medians are shown exact, so
their change is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard import formatting
from dashboard.disclosure.rates import _formula, _number
from dashboard.disclosure.rounding import Rounding
from dashboard.disclosure.rules import checked_threshold
from dashboard.disclosure.tiles import TileState
from dashboard.figures.metrics import KpiResults
from dashboard.i18n import t


@dataclass(frozen=True)
class Change:
    """The change from one period to another: the lowest and highest it can be (counts, or a
    rate's fraction), and for counts the lowest and highest percentage (fractions)."""

    unit: str
    low: float
    high: float
    low_share: float | None = None
    high_share: float | None = None

    @property
    def direction(self) -> str | None:
        """'up', 'down' or 'same' when every possible change agrees; None when it may be
        either (too small to tell from the rounded figures)."""
        if self.low > 0:
            return "up"
        if self.high < 0:
            return "down"
        return "same" if self.low == self.high == 0 else None


def possible(shown: int, base: int, threshold: int) -> tuple[int, int]:
    """The lowest and highest count a shown count can stand for (a shown count is never below
    the threshold; rounded at random, it is at most base - 1 from the count)."""
    return max(shown - (base - 1), threshold), shown + (base - 1)


def count_change(now: int, before: int, base: int, threshold: int | None = None) -> Change:
    """The change between two shown (rounded) counts: its range, and its percentage's range."""
    lowest = checked_threshold(threshold)
    a_low, a_high = possible(int(now), base, lowest) if base > 1 else (int(now), int(now))
    b_low, b_high = possible(int(before), base, lowest) if base > 1 else (int(before),) * 2
    low, high = a_low - b_high, a_high - b_low
    if b_low <= 0:
        return Change("count", low, high)
    return Change("count", low, high, a_low / b_high - 1, a_high / b_low - 1)


def rate_change(now: tuple, before: tuple, formula, base: int, threshold: int) -> Change:
    """The change between two rates, each from its shown (rounded) numerator and denominator
    by `formula` (a / b, or a / (a + b)): the lowest and highest difference they allow."""

    def extremes(counts: tuple) -> tuple[float, float]:
        ranges = [possible(int(c), base, threshold) if base > 1 else (int(c),) * 2 for c in counts]
        values = [formula(a, b) for a in ranges[0] for b in ranges[1]]
        return min(values), max(values)  # each formula is monotone in each count

    n_low, n_high = extremes(now)
    b_low, b_high = extremes(before)
    return Change("rate", n_low - b_high, n_high - b_low)


def tile_changes(
    now: TileState,
    before: TileState,
    now_results: KpiResults,
    before_results: KpiResults,
    rounding: Rounding,
) -> dict[str, Change]:
    """Each count and rate tile visible in both periods: its change, from the figures as
    `rounding` shows them (and nothing else: the exact figures are read only to be rounded)."""
    threshold = checked_threshold(None)
    found = {}
    for key, unit in now.units.items():
        if key not in before.units or not (now.visible(key) and before.visible(key)):
            continue
        if unit == "count":
            a, b = rounding.count(now.shown[key]), rounding.count(before.shown[key])
            found[key] = count_change(a, b, rounding.base, threshold)
        elif unit == "rate":
            pairs = [_shown_counts(r.frames[key], rounding) for r in (now_results, before_results)]
            if None in pairs:
                continue
            formula = _rate_formula(now_results.frames[key], key)
            if formula is not None:
                found[key] = rate_change(*pairs, formula, rounding.base, threshold)
    return found


def _shown_counts(frame, rounding: Rounding) -> tuple[int, int] | None:
    if not {"numerator", "denominator"} <= set(frame.columns) or frame.empty:
        return None
    row = frame.iloc[0]
    return rounding.count(int(row["numerator"])), rounding.count(int(row["denominator"]))


def _rate_formula(frame, key: str):
    """The rate's formula as the figures follow it (`rates._formula`)."""
    row = frame.iloc[0]
    rate = _number(row[key]) if key in frame.columns else None
    if rate is None:
        return None
    return _formula(rate, float(row["numerator"]), float(row["denominator"]))


def words(change: Change) -> str:
    """The change as the tile says it: '-1 (-1.2%)' when it is one value; otherwise its range,
    '-13 to +3 (-15% to +4%)', '-3.1 to +2.4 percentage points' (each end
    rounded outwards, so the exact change is always inside)."""
    if change.unit == "rate":
        low, high = math.floor(change.low * 1000) / 1000, math.ceil(change.high * 1000) / 1000
        if change.low == change.high:
            return formatting.delta(change.low, 0.0, "rate")
        return t("change.points_range", low=_points(low), high=_points(high))
    if change.low == change.high:
        return _count_words(int(change.low), change.low_share)
    text = t("change.range", low=_signed(change.low), high=_signed(change.high))
    if change.low_share is None:
        return text
    low, high = change.low_share * 100, change.high_share * 100
    if round(low) == round(high):  # every pair gives the same whole percentage
        return t("fmt.delta.with_share", change=text, share=_percent(round(low)))
    share = t("change.range", low=_percent(math.floor(low)), high=_percent(math.ceil(high)))
    return t("fmt.delta.with_share", change=text, share=share)


def _count_words(change: int, share: float | None) -> str:
    if change == 0:
        return t("fmt.delta.none")
    if share is None:
        return _signed(change)
    return t("fmt.delta.with_share", change=_signed(change), share=_percent(round(share * 100)))


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + formatting.count(value)


def _points(fraction: float) -> str:
    """A rate's change in percentage points, one decimal place, signed: 0.024 -> '+2.4'."""
    points = float(formatting.display_value(fraction, "rate"))
    return ("+" if points > 0 else "−" if points < 0 else "") + f"{abs(points):.1f}"


def _percent(value: int) -> str:
    return ("+" if value > 0 else "") + formatting.rate(value / 100, places=0)
