"""`flightdeck metrics`: the metrics.md §5 document for a period and filters, from the store."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

import pandas as pd

from dashboard import formatting, periods
from dashboard.cli import CommandError
from dashboard.figures import catalogue, queries
from dashboard.figures import request as figures
from dashboard.figures.disruption import RepeatRule
from dashboard.figures.request import Request
from dashboard.filters import Filters, filter_text
from dashboard.formatting import is_missing
from dashboard.i18n import t
from dashboard.store.versions import Store, UnreadableVersion


def period_from_args(
    args: argparse.Namespace,
    as_at: date,
    default: Callable[[date], periods.Period] = periods.last_complete_financial_year,
) -> periods.Period:
    """The period asked for (`--from`, `--to`); `default(as_at)` when neither is given (the last
    complete financial year at the data's as-at)."""
    start, end = args.period_from, args.period_to
    if start is None and end is None:
        return default(as_at)
    if start is None or end is None:
        raise CommandError(t("cli.metrics.half_period"), 2)
    if start > end:
        raise CommandError(t("cli.metrics.from_after_to", start=start, end=end), 2)
    return periods.Period(start, end)


def filters_from_args(args: argparse.Namespace) -> Filters:
    try:
        return Filters.from_user(
            args.local_authority, args.subgroup, args.age_band, args.domestic_abuse
        )
    except ValueError as exc:
        raise CommandError(str(exc), 2) from None


def rule_from_args(args: argparse.Namespace) -> RepeatRule:
    """The repeat-suspect rule asked for (the default rule for what is not given)."""
    rule = RepeatRule()
    flags = (("min_crimes", "--min-crimes"), ("lookback_months", "--lookback-months"))
    for name, flag in flags:
        value = getattr(args, name, None)
        if value is None:
            continue
        try:
            rule = replace(rule, **{name: value})
        except ValueError as exc:
            raise CommandError(t("disruption.cli.bad_rule", flag=flag, reason=exc), 2) from None
    return rule


def current_version(store: Store) -> tuple[str, dict]:
    """The store's current version and its manifest; CommandError (exit 1, one sentence) when
    there is none or it cannot be read."""
    try:
        current = store.current()
    except UnreadableVersion as exc:
        raise CommandError(exc.sentence(), 1) from None
    if current is None:
        raise CommandError(t("cli.metrics.no_data"), 1)
    return current


def metrics_document(store: Store, args: argparse.Namespace) -> dict:
    """{"as_at", "version", "period", "filters", "repeat_suspect_rule", "coverage", "metrics"}:
    metrics.md §5's document, with the repeat-suspect rule the §3 figures used and how far the
    period lies within the data (`coverage`); metrics holds every §2 key, then every §3 key and
    rui_share."""
    filters = filters_from_args(args)
    rule = rule_from_args(args)
    version, manifest = current_version(store)
    as_at = date.fromisoformat(manifest["as_at"])
    period = period_from_args(args, as_at)
    request = Request(str(store.root), version, period, filters, rule)
    return {
        "as_at": manifest["as_at"],
        "version": version,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "filters": filters.as_params(),
        "repeat_suspect_rule": {**rule.as_params(), "text": rule.describe(period.end)},
        "coverage": coverage(period, first_crime_date(request), as_at),
        "metrics": figures.kpis(request).values(),
    }


def first_crime_date(request: Request) -> date | None:
    """The earliest recorded date of a crime in the request's version (None when it has none),
    from `queries/breakdown/data_coverage.sql`."""
    value = figures.breakdown(request, "data_coverage")["first_recorded_date"].iloc[0]
    return None if is_missing(value) else pd.Timestamp(value).date()


def coverage(period: periods.Period, data_from: date | None, data_to: date) -> dict:
    """{"data_from", "data_to", "status", "text"}: whether the period lies within the data (from
    its first recorded crime to its as-at date): status "full", "partial" or "none"."""
    if data_from is None:
        status, text = "none", t("cli.metrics.coverage.no_crimes", data_to=data_to.isoformat())
    else:
        if period.start >= data_from and period.end <= data_to:
            status = "full"
        elif period.end < data_from or period.start > data_to:
            status = "none"
        else:
            status = "partial"
        text = t(
            f"cli.metrics.coverage.{status}",
            data_from=data_from.isoformat(),
            data_to=data_to.isoformat(),
        )
    return {
        "data_from": None if data_from is None else data_from.isoformat(),
        "data_to": data_to.isoformat(),
        "status": status,
        "text": text,
    }


label = catalogue.label  # a metric's label: the catalogue's, else its kpi file's header


def _metric_text(value: object, unit: str) -> str:
    """A metric's value formatted for its unit, as the dashboard shows it."""
    if unit == "counts" and isinstance(value, Mapping) and not value:
        return t("cli.metrics.no_outcomes")
    return formatting.value(value, unit)


def text_lines(document: dict) -> list[str]:
    """The document as a plain-text table: a header (version, as-at, period, filters), the
    coverage sentence when the period is not wholly within the data, one line per metric (its
    label and its formatted value), then the repeat-suspect rule."""
    lines = [
        t(
            "cli.metrics.header",
            version=document["version"],
            as_at=document["as_at"],
            start=document["period"]["from"],
            end=document["period"]["to"],
        ),
        filter_text(Filters(**document["filters"])),
    ]
    if document["coverage"]["status"] != "full":
        lines.append(document["coverage"]["text"])
    labels = {key: label(key) for key in document["metrics"]}
    width = max(len(label) for label in labels.values())
    lines.append("")
    for key, value in document["metrics"].items():
        unit = queries.get_query("kpi", key).unit
        if unit == "counts" and isinstance(value, Mapping) and value:
            # a count per group (outcomes by group): one indented line per group, largest first
            lines.append(f"  {labels[key]}")
            counts = {name: formatting.count(n) for name, n in value.items()}
            size = max(len(c) for c in counts.values())
            lines += [f"    {c:>{size}}  {name}" for name, c in counts.items()]
        else:
            lines.append(f"  {labels[key]:<{width}}  {_metric_text(value, unit)}")
    lines.append("")
    lines.append(document["repeat_suspect_rule"]["text"])
    return lines


def run(args: argparse.Namespace) -> int:
    document = metrics_document(Store(args.store), args)
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False, default=str))
        return 0
    print("\n".join(text_lines(document)))
    return 0
