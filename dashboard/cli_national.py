"""`flightdeck national load | metrics`: the Home Office open data, loaded and compared."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard import national_choices as choose
from dashboard.i18n import t

# The loader, DuckDB and pandas are imported inside the commands: cli_commands imports this
# module, so anything imported here slows the start of every `flightdeck` command.

PROBLEMS_SHOWN = 20


def add_national_parser(sub: argparse._SubParsersAction) -> None:
    """Register `national load FILE... [--store DIR]` and `national metrics ...`."""
    national_parser = sub.add_parser("national", help=t("national.cli.help"))
    actions = national_parser.add_subparsers(dest="national_command", required=True)

    p = actions.add_parser("load", help=t("national.cli.help.load"))
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--store", type=Path, default=None, help=t("cli.help.store"))

    p = actions.add_parser("metrics", help=t("national.cli.help.metrics"))
    p.add_argument("--year", required=True, help=t("national.cli.help.year"))
    p.add_argument("--force", default=choose.DEFAULT_FORCE, help=t("national.cli.help.force"))
    p.add_argument(
        "--subgroup", choices=choose.SUBGROUPS, default=None, help=t("national.cli.help.subgroup")
    )
    p.add_argument("--comparators", default=None, help=t("national.cli.help.comparators"))
    p.add_argument("--store", type=Path, default=None, help=t("cli.help.store"))
    p.add_argument("--json", action="store_true")


def run_national(args: argparse.Namespace) -> int:
    """Dispatch `national load` and `national metrics`."""
    if args.national_command == "load":
        return _load(args)
    return _metrics(args)


def _error(message: str, code: int) -> Exception:
    # Imported here: cli_commands imports this module to dispatch `national`.
    from dashboard.cli_commands import CommandError

    return CommandError(message, code)


def _load(args: argparse.Namespace) -> int:
    from dashboard import national
    from dashboard.store import StoreError

    try:
        result = national.load(args.store, args.paths)
    except national.LoadRefused as exc:
        problems = exc.report.sorted()
        for problem in problems[:PROBLEMS_SHOWN]:
            print(problem.as_text(), file=sys.stderr)
        if exc.report.error_count > PROBLEMS_SHOWN:
            more = exc.report.error_count - PROBLEMS_SHOWN
            print(t("national.cli.more_problems", count=more), file=sys.stderr)
        raise _error(str(exc), 1) from None
    except StoreError as exc:
        raise _error(str(exc), 1) from None
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
    from dashboard import national_figures as figures
    from dashboard.national_engine import current_engine
    from dashboard.store import StoreError

    try:
        engine = current_engine(args.store)
    except StoreError as exc:
        raise _error(str(exc), 1) from None
    if engine is None:
        raise _error(t("national.cli.no_data"), 1)
    try:
        return figures.figures_document(
            engine, args.year, args.force, args.subgroup, args.comparators
        )
    except choose.UnknownChoice as exc:
        kind = t(f"national.kind.{exc.kind}")
        valid = "; ".join(map(str, exc.valid))
        raise _error(
            t("national.cli.unknown", kind=kind, value=exc.value, valid=valid), 2
        ) from None


def _metrics(args: argparse.Namespace) -> int:
    from dashboard.national_figures import FIGURES

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
    from dashboard import formatting
    from dashboard.national_figures import RATES

    return formatting.rate(value) if name in RATES else formatting.count(value)
