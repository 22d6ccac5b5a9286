"""The rules for a single figure a scrutiny user sees: the threshold and the words for hidden
figures, a count or a rate on its own (tiles), and the rounding of every count shown.

The rounding of every count shown, after suppression, is `rounding` (re-exported here).
"""

from __future__ import annotations

from dashboard import formatting, settings
from dashboard.disclosure.rounding import configured_base
from dashboard.i18n import t


def configured_threshold() -> int:
    """The threshold of this process: `$FLIGHTDECK_SUPPRESSION_THRESHOLD` (see settings)."""
    return settings.current().suppression_threshold


def checked_threshold(threshold: int | None) -> int:
    """`threshold`, or the configured one when None; ValueError unless a whole number >= 1."""
    if threshold is None:
        return configured_threshold()
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"the threshold must be a whole number of 1 or more, not {threshold!r}")
    return threshold


def fewer_than(threshold: int | None = None) -> str:
    """The text shown in place of a count below the threshold: 'fewer than 10'."""
    return t("disclosure.fewer_than", threshold=formatting.count(checked_threshold(threshold)))


def not_shown() -> str:
    """The text shown in place of a figure hidden so that a small count cannot be worked out."""
    return t("disclosure.not_shown")


def withheld_text() -> str:
    """The text shown in place of a count of a table (or part of one) that could not be
    protected otherwise: hidden whatever its size, so it says nothing about it."""
    return t("disclosure.withheld_cell")


def zero_text() -> str:
    """The text shown in place of a count that is zero by definition ("–"): it hides nothing."""
    return t("disclosure.zero")


def is_small(count: object, threshold: int | None = None) -> bool:
    """Whether a count must be suppressed: below the threshold, zero included. Missing: no."""
    return not formatting.is_missing(count) and count < checked_threshold(threshold)


def suppress_value(count: int | float | None, threshold: int | None = None) -> object:
    """A count for a tile: the count itself, 'fewer than N' below the threshold, missing as is."""
    return fewer_than(threshold) if is_small(count, threshold) else count


def suppress_rate(
    numerator: int | float | None,
    denominator: int | float | None,
    threshold: int | None = None,
    *,
    rate: float | None = None,
) -> object:
    """A rate for a tile: `rate` (else numerator / denominator), or 'not shown' when the
    numerator or the denominator is below the threshold. The numerator counts too because the
    denominator is usually on view (another tile, a table): rate x denominator gives the
    numerator back. Missing when either count is missing."""
    if formatting.is_missing(numerator) or formatting.is_missing(denominator):
        return None
    if is_small(numerator, threshold) or is_small(denominator, threshold):
        return not_shown()
    return numerator / denominator if rate is None else rate


def is_hidden_text(x: object) -> bool:
    """Whether a cell holds one of the suppression texts rather than a figure."""
    return isinstance(x, str)


def as_text(x: object, unit: str) -> str:
    """A figure as `formatting.value` shows it, or a suppression text unchanged."""
    return x if is_hidden_text(x) else formatting.value(x, unit)


def explain(threshold: int | None = None) -> str:
    """The rule in a few sentences, for the top of a scrutiny page."""
    text = t("disclosure.explain", threshold=formatting.count(checked_threshold(threshold)))
    base = configured_base()
    if base == 1:
        return text
    rounding = t("disclosure.explain_rounding", base=base)
    return f"{text} {rounding}"


def summary(threshold: int | None = None) -> str:
    """The rule in one sentence, for the top of a scrutiny page (`explain` is the full text,
    one click away under "How we protect people")."""
    shown = formatting.count(checked_threshold(threshold))
    base = configured_base()
    if base == 1:
        return t("disclosure.summary", threshold=shown)
    return t("disclosure.summary_rounded", threshold=shown, base=base)


def withheld_note() -> str:
    """Beside a table that had to be hidden in full (SuppressedTable.withheld)."""
    return t("disclosure.withheld")
