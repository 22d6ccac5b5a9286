"""A table's cells as people read them: shares and rates as percentages, hidden figures' digits
grouped, whatever type a column has come to hold (disclosure control turns a column with one
hidden figure into text throughout)."""

from __future__ import annotations

import pandas as pd

from dashboard import formatting

RATE_SUFFIXES = ("share", "rate")  # queries name their fractions so: closed_share, arrest_rate


def for_people(df: pd.DataFrame) -> pd.DataFrame:
    """`df` (with the queries' own column names) with every share or rate column as
    percentages ("28.5%") and, in a column of text, every figure's digits grouped ("4,168");
    texts such as "fewer than 10" stay as they are."""
    out = df.copy()
    for column in out.columns:
        if str(column).endswith(RATE_SUFFIXES):
            out[column] = out[column].map(_percent)
        elif not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(_grouped)
    return out


def as_figures(values: pd.Series) -> pd.Series:
    """A column as a chart draws it: figures held as text ("0.8347107438016529", "4168": a
    column with a hidden figure holds text throughout) as numbers, so that the chart formats
    them; words ("not shown") as they are."""
    return values.map(lambda v: v if (n := _number(v)) is None else n)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or formatting.is_missing(value):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _percent(value: object) -> object:
    number = _number(value)
    if number is None:
        return value if isinstance(value, str) else formatting.rate(None)
    return formatting.rate(number)


def _grouped(value: object) -> object:
    """Digits held as text ("4168") as a count ("4,168"); anything else as it is."""
    if not isinstance(value, str) or not value.strip().lstrip("-").isdigit():
        return value
    return formatting.count(int(value))
