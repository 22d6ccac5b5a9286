"""`flightdeck spc`: a metric's monthly values as an XmR chart, its signals and its verdict.

    flightdeck spc METRIC [--from DATE --to DATE] [filters] [--json]
    flightdeck spc --list

The numbers are the ones the dashboard's trend charts show (`figures.spc_metrics`), from the
current data version; the rules and their settings are `figures.spc`'s (NHS England's SPC SQL
v2.6 defaults). `--json` prints {"metric", "as_at", "version", "period", "filters", "unit",
"better", "settings", "points": [{"month", "value", "mean", "lower", "upper", "lower_2s",
"upper_2s", "target", "signals"}], "recalculated", "process_changes": [{"from", "note"}],
"target", "variation", "assurance"}. Targets and process changes are the data version's
(`targets.csv`, `process_changes.csv`): a target in the metric's stored unit (a rate as a
fraction), the one in effect in each month; the limits are worked out again from each process
change's month ("recalculated"); "assurance" is null without a target.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from dashboard import formatting
from dashboard.cli import CommandError
from dashboard.cli.metrics import current_version, filters_from_args, label, period_from_args
from dashboard.figures import spc, spc_metrics
from dashboard.figures.disruption import RepeatRule
from dashboard.figures.request import Request
from dashboard.i18n import t
from dashboard.periods import Period
from dashboard.store.versions import Store


def document(store: Store, args: argparse.Namespace) -> dict:
    """The chart of `args.metric` as the `--json` document."""
    if args.metric not in spc_metrics.charted():
        raise CommandError(t("cli.spc.unknown", metric=args.metric), 2)
    filters = filters_from_args(args)
    version, manifest = current_version(store)
    as_at = date.fromisoformat(manifest["as_at"])
    asked = period_from_args(args, as_at, spc_metrics.default_window)
    window = Period(asked.start.replace(day=1), asked.end)  # whole months from the first
    request = Request(str(store.root), version, window, filters, RepeatRule())
    made = spc_metrics.chart_for(request, args.metric)
    chart = made.chart
    return {
        "metric": args.metric,
        "as_at": manifest["as_at"],
        "version": version,
        "period": {"from": window.start.isoformat(), "to": window.end.isoformat()},
        "filters": filters.as_params(),
        "unit": made.unit,
        "better": made.better,
        "settings": chart.settings.as_dict(),
        "points": [
            {
                "month": p.month.strftime("%Y-%m"),
                "value": p.value,
                "mean": p.mean,
                "lower": p.lower,
                "upper": p.upper,
                "lower_2s": p.lower_2s,
                "upper_2s": p.upper_2s,
                "target": target,
                "signals": p.rules,
            }
            for p, target in zip(chart.points, made.targets, strict=True)
        ],
        "recalculated": [d.isoformat() for d in chart.recalculated],
        "process_changes": [{"from": m.isoformat(), "note": note} for m, note in made.changes],
        "target": made.target,
        "variation": spc.variation(chart, made.better),
        "assurance": made.assurance,
    }


def text_lines(doc: dict) -> list[str]:
    """The chart as plain text: a header, one line a month, then the verdict in words."""
    unit = doc["unit"]
    lines = [
        t(
            "cli.spc.header",
            label=label(doc["metric"]),
            start=doc["period"]["from"],
            end=doc["period"]["to"],
            version=doc["version"],
            as_at=doc["as_at"],
        ),
    ]
    with_targets = any(p["target"] is not None for p in doc["points"])
    columns = ("value", "mean", "lower", "upper", *(("target",) if with_targets else ()))
    lines.append(t("cli.spc.columns_target" if with_targets else "cli.spc.columns"))
    for p in doc["points"]:
        shown = [formatting.value(p[k], unit) if p[k] is not None else "–" for k in columns]
        rules = ", ".join(t(f"spc.rule.{r}") for r in p["signals"])
        lines.append(" | ".join([p["month"], *shown, rules]).rstrip(" |"))
    for change in doc["process_changes"]:
        lines.append(t("cli.spc.process_change", start=change["from"], note=change["note"]))
    if doc["points"] and doc["points"][-1]["upper"] is None:
        lines.append(t("cli.spc.run_chart", points=doc["settings"]["min_points"]))
    elif doc["variation"]:
        lines.append(t(f"spc.variation.{doc['variation']}"))
    lines.append(_target_words(doc))
    return lines


def _target_words(doc: dict) -> str:
    """The latest month's target and the assurance verdict, in words."""
    if doc["target"] is None:
        return t("cli.spc.no_target")
    target = t("cli.spc.target", target=formatting.value(doc["target"], doc["unit"]))
    verdict = doc["assurance"] or "none"
    return f"{target} {t(f'cli.spc.assurance.{verdict}')}"


def run(args: argparse.Namespace) -> int:
    if args.list:
        print(t("cli.spc.list_header"))
        for key in spc_metrics.charted():
            print(f"  {key}  {label(key)}")
        return 0
    if args.metric is None:
        raise CommandError(t("cli.spc.needs_metric"), 2)
    doc = document(Store(args.store), args)
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    print("\n".join(text_lines(doc)))
    return 0
