"""One-sentence text summaries of what a chart or tile shows, for everyone (and screen readers)."""

from __future__ import annotations

import pandas as pd

from dashboard import formatting, periods
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


def spc_summary(
    df: pd.DataFrame, made, *, label: str, window, hidden: int = 0, judged: bool = True
) -> str:
    """The XmR chart in words, of the whole series: the verdict on the latest month, that month
    against the mean and the process limits, then the months of every signal in the window (or
    that none is one); a run chart says why it has no limits, then the range of its months with
    the months of the lowest and highest named (several when tied); months hidden from this user
    are counted. `judged` False: the latest month has not matured, and no verdict is given."""
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
        return _with_hidden(f"{sentence} {_range_sentence(df, unit)}", hidden)
    verdict = spc.variation(made.chart, made.better) if judged else "not_mature"
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
    return _with_hidden(f"{sentence} {_signals_sentence(df)}", hidden)


def _months(months: list) -> str:
    """'March 2025', 'March 2025 and June 2025', 'March, June and July 2025' as the language
    joins a list."""
    return formatting.join_words([formatting.month_year(m) for m in months])


def _range_sentence(df: pd.DataFrame, unit: str) -> str:
    """The lowest and highest month of a series, each with every month that had it (as shown:
    2.71% and 2.74% are both 2.7%, a tie), or that every month was the same."""
    shown = [formatting.display_value(v, unit) for v in df["value"]]
    months = df["month_start"].tolist()
    low, high = min(shown), max(shown)
    values = dict(zip(shown, df["value"], strict=True))
    if low == high:
        return t("spc.summary.all_same", value=formatting.value(values[low], unit))
    return t(
        "spc.summary.range",
        low=formatting.value(values[low], unit),
        low_months=_months([m for m, v in zip(months, shown, strict=True) if v == low]),
        high=formatting.value(values[high], unit),
        high_months=_months([m for m, v in zip(months, shown, strict=True) if v == high]),
    )


def _runs(df: pd.DataFrame) -> list[tuple[object, object, list[str]]]:
    """Consecutive months of signals as (first month, last month, every rule of the run in
    `spc.RULES` order): one stretch of months said once, whichever rules each month broke."""
    runs: list[tuple[object, object, set[str]]] = []
    for month, rules in zip(df["month_start"], df["rule_keys"], strict=True):
        if not rules:
            continue
        if runs and _next_month(runs[-1][1]) == month:
            runs[-1] = (runs[-1][0], month, runs[-1][2] | set(rules))
        else:
            runs.append((month, month, set(rules)))
    return [(first, last, [r for r in spc.RULES if r in rules]) for first, last, rules in runs]


def _next_month(d) -> object:
    return periods.add_months(d, 1)


def _signals_sentence(df: pd.DataFrame) -> str:
    """Where the signals of the window are ('April to September 2025: a run on one side of the
    mean; ...'), or that no month is part of one."""
    runs = _runs(df)
    if not runs:
        return t("spc.summary.no_signals", count=len(df))
    parts = [
        t(
            "spc.summary.signal_run" if first != last else "spc.summary.signal_month",
            first=formatting.month_year(first),
            last=formatting.month_year(last),
            rules=formatting.join_words([t(f"spc.rule.{r}") for r in rules]),
        )
        for first, last, rules in runs
    ]
    return t("spc.summary.signals", runs="; ".join(parts))
