"""Rates and shares as a scrutiny user sees them: worked out from their counts as shown (rounded
to the nearest 5), never from the exact counts.

Why. A rate worked out from exact counts, shown beside those counts rounded, gives the exact
counts back: 101/121 = 0.8347107438016529, and of the 25 pairs of counts that round to 100 and
120 only 101 and 121 give that rate. Exact counts of overlapping views can then be subtracted,
which is what rounding is there to prevent. A rate of the rounded counts says nothing the
rounded counts do not. The cost is precision: 12 of 13 (92%) reads as 10 of 15 (67%), which is
also what the counts on the same page say. Medians rest on counts but are not ratios of them;
they are shown as they are (hidden on small counts).

A rate's formula is read from the figures, not assumed: "a / b" (a charge rate) or "a / (a + b)"
(a share of two counts, `rui_share`). A rate whose exact value fits neither is not shown.
"""

from __future__ import annotations

import math
import numbers
import re

import pandas as pd

from dashboard.disclosure.rounding import Rounding
from dashboard.disclosure.rules import not_shown, zero_text


def _number(value: object) -> float | None:
    """A figure as shown: a number, or a number held as text (a column with a hidden figure
    holds text throughout), 0 for "–"; None for any other text, or missing."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text == zero_text():
            return 0.0
        if not text.isascii() or not re.fullmatch(r"[0-9.eE+-]+", text):
            return None
        try:
            return float(text)
        except ValueError:
            return None
    if isinstance(value, numbers.Real) and not math.isnan(value):
        return float(value)
    return None


def _formula(rate: float, a: float, b: float):
    """The formula the exact figures follow: a / b, or a / (a + b); None when neither."""
    if b and math.isclose(rate, a / b, rel_tol=1e-9, abs_tol=1e-12):
        return lambda x, y: x / y if y else None
    if a + b and math.isclose(rate, a / (a + b), rel_tol=1e-9, abs_tol=1e-12):
        return lambda x, y: x / (x + y) if x + y else None
    return None


def shown_rate(rate: object, numerator: object, denominator: object, rounding: Rounding) -> object:
    """A rate (a number) as shown: from its counts as `rounding` shows them; "not shown" when its
    counts are not both figures or its formula is not one of the two. A text or a missing rate
    is returned as it is."""
    exact = _number(rate)
    if exact is None or rate == zero_text():
        return rate
    a, b = _number(numerator), _number(denominator)
    if a is None or b is None:
        return not_shown()
    formula = _formula(exact, a, b)
    if formula is None:
        return not_shown()
    if rounding.base == 1:
        return rate
    value = formula(float(rounding.count(int(a))), float(rounding.count(int(b))))
    if value is None:
        return not_shown()
    return str(value) if isinstance(rate, str) else value


def frame_rates(
    frame: pd.DataFrame,
    rates: dict[str, tuple[str, ...]],
    shares: dict[str, str],
    rounding: Rounding,
) -> pd.DataFrame:
    """A protected table's rates (two counts each) and shares (of a count column's total)
    worked out again from the counts as shown. `frame` holds the protected counts before
    rounding (a hidden count as its text)."""
    out = frame.copy()
    for rate, counts in rates.items():
        if len(counts) != 2 or rate not in out.columns:
            continue  # a median (one count) is not a ratio of counts
        a, b = counts
        triples = zip(frame[rate], frame[a], frame[b], strict=True)
        out[rate] = [shown_rate(r, x, y, rounding) for r, x, y in triples]
    for share, count in shares.items():
        if share in out.columns:
            out[share] = _shares(frame[share], frame[count], rounding)
    out.attrs = dict(frame.attrs)
    return out


def _shares(shares: pd.Series, counts: pd.Series, rounding: Rounding) -> list:
    """Each row's share of the column's total, from the rounded count and the rounded total
    (the exact total is read back from any row whose count and share are figures)."""
    total = None
    for share, count in zip(shares, counts, strict=True):
        s, c = _number(share), _number(count)
        if s and c:
            total = round(c / s)
            break
    out = []
    for share, count in zip(shares, counts, strict=True):
        if _number(share) is None:
            out.append(share)
        elif _number(count) is None or total is None:
            out.append(not_shown() if _number(share) else share)
        else:
            out.append(shown_rate(share, count, total, rounding))
    return out
