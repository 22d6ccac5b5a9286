"""`flightdeck national load | metrics`: the Home Office open data, loaded and compared."""

from __future__ import annotations

import argparse
import json
import sys

from dashboard import formatting
from dashboard.access.audit import AuditError
from dashboard.cli import CommandError
from dashboard.cli.ingest import audit_failed, command_line_user
from dashboard.i18n import t
from dashboard.national import audited, figures, loader
from dashboard.national import choices as choose
from dashboard.national.engine import current_engine
from dashboard.national.figures import FIGURES, RATES
from dashboard.store.versions import Store, StoreError

PROBLEMS_SHOWN = 20


def load(args: argparse.Namespace) -> int:
    store = Store(args.store)
    log, identity, session = command_line_user(store, None)
    try:
        result = audited.load(args.store, args.paths, log, identity, session)
    except AuditError as exc:
        raise audit_failed(store, exc) from None
    except loader.LoadRefused as exc:
        problems = exc.report.sorted()
        for problem in problems[:PROBLEMS_SHOWN]:
            print(problem.as_text(), file=sys.stderr)
        if exc.report.error_count > PROBLEMS_SHOWN:
            more = exc.report.error_count - PROBLEMS_SHOWN
            print(t("national.cli.more_problems", count=more), file=sys.stderr)
        raise CommandError(str(exc), 1) from None
    except StoreError as exc:
        raise CommandError(str(exc), 1) from None
    years = ", ".join(result.years)
    if result.noop:
        print(t("national.cli.noop", years=years, version=result.version))
        return 0
    held = ", ".join(result.held)
    print(t("national.cli.loaded", version=result.version, years=years, held=held))
    if result.replaced:
        print(t("national.cli.replaced", years=", ".join(result.replaced)))
    for f in result.files:
        per_year = ", ".join(f"{y}: {n:,}" for y, n in f["years"].items())
        print(
            t(
                "national.cli.file",
                name=f["name"],
                rows=f"{f['rows']:,}",
                years=per_year,
                sha256=f["sha256"],
            )
        )
    return 0


def metrics_document(args: argparse.Namespace) -> dict:
    """The `national metrics` document for the arguments; CommandError when it cannot be made."""

    try:
        engine = current_engine(args.store)
    except StoreError as exc:
        raise CommandError(str(exc), 1) from None
    if engine is None:
        raise CommandError(t("national.cli.no_data"), 1)
    try:
        return figures.figures_document(
            engine, args.year, args.force, args.subgroup, args.comparators
        )
    except choose.UnknownChoice as exc:
        kind = t(f"national.kind.{exc.kind}")
        valid = "; ".join(map(str, exc.valid))
        raise CommandError(
            t("national.cli.unknown", kind=kind, value=exc.value, valid=valid), 2
        ) from None


def metrics(args: argparse.Namespace) -> int:
    document = metrics_document(args)
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    print(
        t(
            "national.cli.header",
            force=args.force.strip(),
            year=document["year"],
            subgroup=t(f"national.subgroup.{document['subgroup'] or 'all'}"),
            comparators=", ".join(document["comparator_group"]["forces"]),
        )
    )
    label, *headings = t("national.cli.columns").split("|")
    print(f"  {label:<52}" + "".join(f"{h:>20}" for h in headings))
    for name in FIGURES:
        values = [
            document[area][name] for area in ("force", "england_and_wales", "comparator_group")
        ]
        rank = document["rank"].get(name)
        cells = [_cell(value, name) for value in values] + ["" if rank is None else str(rank)]
        print(f"  {t('national.figure.' + name):<52}" + "".join(f"{c:>20}" for c in cells))
    return 0


def _cell(value: int | float | None, name: str) -> str:
    return formatting.rate(value) if name in RATES else formatting.count(value)
