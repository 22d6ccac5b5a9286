"""`flightdeck metrics`: the metrics.md §5 document for a period and filters, from the store."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import date

from dashboard import periods
from dashboard.cli import CommandError
from dashboard.figures import request as figures
from dashboard.figures.disruption import RepeatRule
from dashboard.figures.request import Request
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.store.versions import Store


def period_from_args(args: argparse.Namespace, as_at: date) -> periods.Period:
    """The period asked for; the last complete financial year at the data's as-at by default."""
    start, end = args.period_from, args.period_to
    if start is None and end is None:
        return periods.last_complete_financial_year(as_at)
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


def metrics_document(store: Store, args: argparse.Namespace) -> dict:
    """{"as_at", "version", "period", "filters", "repeat_suspect_rule", "metrics"}: metrics.md
    §5's document, with the repeat-suspect rule the §3 figures used; metrics holds every §2 key,
    then every §3 key and rui_share."""
    filters = filters_from_args(args)
    rule = rule_from_args(args)
    version = store.current_id()
    if version is None:
        raise CommandError(t("cli.metrics.no_data"), 1)
    manifest = store.manifest(version)
    as_at = date.fromisoformat(manifest["as_at"])
    period = period_from_args(args, as_at)
    request = Request(str(store.root), version, period, filters, rule)
    return {
        "as_at": manifest["as_at"],
        "version": version,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "filters": filters.as_params(),
        "repeat_suspect_rule": {**rule.as_params(), "text": rule.describe(period.end)},
        "metrics": figures.kpis(request).values(),
    }


def run(args: argparse.Namespace) -> int:
    document = metrics_document(Store(args.store), args)
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False, default=str))
        return 0
    print(
        t(
            "cli.metrics.header",
            version=document["version"],
            as_at=document["as_at"],
            start=document["period"]["from"],
            end=document["period"]["to"],
        )
    )
    for key, value in document["metrics"].items():
        print(f"  {key:<34} {value}")
    return 0
