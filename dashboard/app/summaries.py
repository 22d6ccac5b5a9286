"""One-sentence text summaries of what a chart or tile shows, for everyone (and screen readers)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboard import formatting
from dashboard.app.markdown_text import literal
from dashboard.disclosure.rules import zero_text
from dashboard.figures import spc
from dashboard.i18n import t, tn

BETTER = ("up", "down", "none")


def direction(
    current: float | None, previous: float | None, better: str = "none", unit: str | None = None
) -> tuple[str | None, str]:
    """('up'|'down'|'same'|None, 'good'|'bad'|'neutral'); with `unit`, compared as displayed."""
    if better not in BETTER:
        raise ValueError(f"better must be one of {', '.join(BETTER)}, not {better!r}")
    if formatting.is_missing(current) or formatting.is_missing(previous):
        return None, "neutral"
    if unit is not None:  # 2.74% and 2.71% both show as 2.7%: no arrow for a hidden change
        current, previous = (formatting.display_value(v, unit) for v in (current, previous))
    if current == previous:
        return "same", "neutral"
    way = "up" if current > previous else "down"
    if better == "none":
        return way, "neutral"
    return way, "good" if way == better else "bad"


def _when(v: object) -> tuple[str, str]:
    """('April 2024', 'in April 2024') for a month start, ('3 April 2024', 'on 3 April 2024')."""
    if isinstance(v, datetime | pd.Timestamp):
        v = v.date()
    if not isinstance(v, date):
        return str(v), t("summaries.when.other", value=v)
    if v.day == 1:
        return formatting.month_year(v), t("summaries.when.month", value=formatting.month_year(v))
    return formatting.date_long(v), t("summaries.when.day", value=formatting.date_long(v))


def _ends(first: object, last: object) -> dict[str, str]:
    """The first and last dates, bare and as a phrase, so a translation can choose its grammar."""
    (first_label, first_when), (last_label, last_when) = _when(first), _when(last)
    return {
        "first_label": first_label,
        "first_when": first_when,
        "last_label": last_label,
        "last_when": last_when,
    }


def hidden_count(column: pd.Series) -> int:
    """How many of a column's figures this user may not see: texts such as "fewer than 10"
    (a column with one holds its figures as digits too; the "–" of a zero by definition hides
    nothing)."""
    zero = zero_text()
    texts = column.map(lambda v: isinstance(v, str) and v != zero)
    numbers = pd.to_numeric(column.where(texts), errors="coerce")
    return int((texts & numbers.isna()).sum())


def _numbers(column: pd.Series) -> pd.Series:
    """The figures as numbers: a zero by definition is 0, a hidden figure a gap."""
    zero = zero_text()
    return pd.to_numeric(column.map(lambda v: 0 if v == zero else v), errors="coerce")


def _with_hidden(sentence: str, hidden: int) -> str:
    return f"{sentence} {tn('summaries.some_hidden', hidden, n=hidden)}" if hidden else sentence


def trend_summary(
    df: pd.DataFrame, *, y: str, label: str, unit: str, x: str = "month_start"
) -> str:
    """'Charge rate rose from 3.1% in April 2024 to 4.0% in September 2024.' (or fell, stayed);
    for a user who may not see some months, said of the months shown, with how many are not."""
    hidden = hidden_count(df[y])
    df = df.assign(**{y: _numbers(df[y])})
    data = df.loc[~df[y].map(formatting.is_missing), [x, y]].sort_values(x, kind="stable")
    if data.empty:
        return t("summaries.all_hidden", label=label) if hidden else t("summaries.no_data")
    return _with_hidden(_trend_sentence(data, x, y, label, unit), hidden)


def _trend_sentence(data: pd.DataFrame, x: str, y: str, label: str, unit: str) -> str:
    values = data[y].tolist()
    text = {"label": label, **_ends(data[x].iloc[0], data[x].iloc[-1])}
    first, last = (formatting.value(v, unit) for v in (values[0], values[-1]))
    if len(values) == 1:
        return t("summaries.trend.one", value=first, when=text["first_when"], **text)
    shown = [formatting.display_value(v, unit) for v in values]
    if shown[-1] != shown[0]:
        key = "summaries.trend.rose" if shown[-1] > shown[0] else "summaries.trend.fell"
        return t(key, first=first, last=last, **text)
    if len(set(shown)) == 1:
        return t("summaries.trend.stayed", value=first, **text)
    low, high = (formatting.value(v, unit) for v in (min(values), max(values)))
    return t("summaries.trend.returned", value=first, low=low, high=high, **text)


def multi_trend_summary(
    df: pd.DataFrame, *, ys: list[str], names: dict[str, str], unit: str, x: str = "month_start"
) -> str:
    """One trend sentence per series, joined; a single 'No data' when every series is empty."""
    sentences = [trend_summary(df, y=y, label=names.get(y, y), unit=unit, x=x) for y in ys]
    if all(s == t("summaries.no_data") for s in sentences):
        return t("summaries.no_data")
    return " ".join(s for s in sentences if s != t("summaries.no_data"))


def breakdown_summary(
    df: pd.DataFrame, *, category: str, value: str, unit: str = "count", label: str | None = None
) -> str:
    """'The largest group was X: 663 of 1,767 (37.5%).' for counts; 'The highest was X: …' else;
    for a user who may not see some figures, the highest of those shown, with how many are not.
    X comes from the data (a team's name as typed in the records system) and the sentence is
    shown as Markdown, so X is made plain text."""
    if df.attrs.get("withheld") and df.empty:  # the whole table withheld for this role
        return t("summaries.all_hidden_table")
    hidden = hidden_count(df[value])
    df = df.assign(**{value: _numbers(df[value])})
    data = df.loc[~df[value].map(formatting.is_missing), [category, value]]
    # With a figure hidden, no total or share is stated: it would rest on the visible cells.
    total = data[value].sum() if unit in ("count", "counts") and not hidden else None
    if data.empty or total == 0 or (hidden and not data[value].max()):
        return t("summaries.all_hidden_table") if hidden else t("summaries.no_data")
    if hidden:
        top = data.loc[data[value].idxmax()]
        text = {"category": literal(top[category]), "value": formatting.value(top[value], unit)}
        return _with_hidden(t("summaries.breakdown.highest_shown", **text), hidden)
    top = data.loc[data[value].idxmax()]  # the first of equal largest, in the caller's order
    text = {"category": literal(top[category]), "value": formatting.value(top[value], unit)}
    suffix = "" if label is None else "_of"
    if total is None:
        return t(f"summaries.breakdown.highest{suffix}", label=label, **text)
    share = formatting.rate(top[value] / total)
    key = f"summaries.breakdown.largest{suffix}"
    return t(key, label=label, total=formatting.count(total), share=share, **text)


def _comparison(key: str, value: float, other: float, unit: str, better: str) -> str:
    way, judgement = direction(value, other, better, unit)
    clause = t(f"summaries.kpi.{key}.{way}", value=formatting.value(other, unit))
    return clause if judgement == "neutral" else t(f"summaries.kpi.{judgement}", change=clause)


def kpi_summary(
    label: str,
    value: float | None,
    unit: str,
    previous: float | None = None,
    year_earlier: float | None = None,
    *,
    better: str = "none",
) -> str:
    """A tile in words: 'Charge rate was 4.6%, up from 3.9% in the previous period and …'."""
    if formatting.is_missing(value):
        return t("summaries.kpi.missing", label=label)
    others = {"previous": previous, "year_earlier": year_earlier}
    clauses = [
        _comparison(key, value, other, unit, better)
        for key, other in others.items()
        if not formatting.is_missing(other)
    ]
    shown = formatting.value(value, unit)
    if not clauses:
        return t("summaries.kpi.value", label=label, value=shown)
    if len(clauses) == 1:
        return t("summaries.kpi.one", label=label, value=shown, first=clauses[0])
    return t("summaries.kpi.two", label=label, value=shown, first=clauses[0], second=clauses[1])


def spc_summary(df: pd.DataFrame, made, *, label: str, window, hidden: int = 0) -> str:
    """The XmR chart in words: the verdict on the latest month, then that month against the
    mean and the process limits; a run chart says why it has no limits; months hidden from
    this user are counted."""
    span = {
        "label": label,
        "start": formatting.month_year(window.start),
        "end": formatting.month_year(window.end),
    }
    if df.empty:
        return t("summaries.all_hidden", label=label) if hidden else t("summaries.no_data")
    last = df.iloc[-1]
    unit = made.unit
    if formatting.is_missing(last["upper"]):
        sentence = t(
            "spc.summary.run_chart", count=len(df), needed=made.chart.settings.min_points, **span
        )
        return _with_hidden(sentence, hidden)
    verdict = spc.variation(made.chart, made.better)
    sentence = t(
        "spc.summary",
        verdict=t(f"spc.variation.{verdict}"),
        month=formatting.month_year(last["month_start"]),
        value=formatting.value(last["value"], unit),
        mean=formatting.value(last["mean"], unit),
        lower=formatting.value(last["lower"], unit),
        upper=formatting.value(last["upper"], unit),
        **span,
    )
    return _with_hidden(sentence, hidden)
