"""`flightdeck`: the parser of every command, and the dispatch to the module that runs it.

An error is one clear line on standard error with an exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from importlib import import_module
from pathlib import Path

from dashboard import settings
from dashboard.cli import CommandError, language
from dashboard.i18n import t
from dashboard.ingest.guards import SHRINK_LIMIT_PERCENT
from dashboard.national import choices

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit status 2)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, t("cli.usage_error", prog=self.prog, message=message) + "\n")


def iso_date(text: str) -> date:
    """An ISO date for argparse, with a plain message when it is not a real date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=text)) from None


def crime_count(text: str) -> int:
    """A number of crimes for argparse: a whole number, 0 or more."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(t("cli.bad_crimes", value=text))
    return number


def port_number(text: str) -> int:
    """A TCP port for argparse: a whole number from 1 to 65535."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(t("cli.bad_port", value=text))
    return number


def _mv(kind: str) -> str:
    """The name argparse prints for an option's value, in the current language: DATE, DYDDIAD."""
    return t(f"cli.metavar.{kind}")


def runs(module: str, function: str = "run") -> Command:
    """The command `dashboard.cli.<module>.<function>`, imported when it runs."""

    def run(args: argparse.Namespace) -> int:
        return getattr(import_module(f"dashboard.cli.{module}"), function)(args)

    return run


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store", type=Path, default=None, metavar=_mv("folder"), help=t("cli.help.store")
    )


def _period_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from", dest="period_from", type=iso_date, metavar=_mv("date"), help=t("cli.help.from")
    )
    p.add_argument(
        "--to", dest="period_to", type=iso_date, metavar=_mv("date"), help=t("cli.help.to")
    )


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--local-authority",
        default=None,
        metavar=_mv("name"),
        help=t("cli.help.local_authority"),
    )
    p.add_argument(
        "--subgroup", choices=("rape", "other"), default=None, help=t("cli.help.subgroup")
    )
    ages = ("under16", "16plus", "unknown")
    p.add_argument("--age-band", choices=ages, default=None, help=t("cli.help.age_band"))
    p.add_argument(
        "--domestic-abuse", choices=("yes", "no"), default=None, help=t("cli.help.domestic_abuse")
    )


def _store_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help=t("cli.help.ingest"))
    p.add_argument("paths", nargs="+", type=Path, metavar=_mv("path"), help=t("cli.help.paths"))
    _store_arg(p)
    p.add_argument(
        "--as-at", type=iso_date, default=None, metavar=_mv("date"), help=t("cli.help.as_at")
    )
    p.add_argument(
        "--mode", choices=("replace", "upsert"), default="replace", help=t("cli.help.mode")
    )
    p.add_argument("--accept-invalid-rows", action="store_true", help=t("cli.help.accept"))
    shrink = t("cli.help.allow_shrink", keep=100 - SHRINK_LIMIT_PERCENT)
    p.add_argument("--allow-shrink", action="store_true", help=shrink.replace("%", "%%"))
    p.add_argument("--uploader", default=None, metavar=_mv("name"), help=t("cli.help.uploader"))
    p.set_defaults(func=runs("ingest"))

    p = sub.add_parser("versions", help=t("cli.help.versions"))
    _store_arg(p)
    p.add_argument("--json", action="store_true", help=t("cli.help.json"))
    p.set_defaults(func=runs("versions", "list_versions"))

    p = sub.add_parser("rollback", help=t("cli.help.rollback"))
    p.add_argument("version", metavar=_mv("version"), help=t("cli.help.version"))
    p.add_argument("--reason", metavar=_mv("text"), help=t("cli.help.rollback_reason"))
    _store_arg(p)
    p.set_defaults(func=runs("versions", "rollback"))


def _repeat_rule_args(p: argparse.ArgumentParser) -> None:
    """The repeat-suspect rule's two settings (`metrics`, `report`)."""
    p.add_argument(
        "--lookback-months", type=int, metavar=_mv("number"), help=t("cli.help.lookback_months")
    )
    p.add_argument("--min-crimes", type=int, metavar=_mv("number"), help=t("cli.help.min_crimes"))


def _figure_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("metrics", help=t("cli.help.metrics"))
    _period_args(p)
    _store_arg(p)
    _filter_args(p)
    _repeat_rule_args(p)
    p.add_argument("--json", action="store_true", help=t("cli.help.json"))
    p.set_defaults(func=runs("metrics"))

    p = sub.add_parser("report", help=t("cli.help.report"))
    _period_args(p)
    _store_arg(p)
    _filter_args(p)
    _repeat_rule_args(p)
    p.add_argument(
        "--role", choices=("leader", "scrutiny"), default="scrutiny", help=t("cli.help.report_role")
    )
    p.add_argument(
        "-o", "--output", required=True, metavar=_mv("path"), help=t("cli.help.report_output")
    )
    p.set_defaults(func=runs("report"))

    p = sub.add_parser("spc", help=t("cli.help.spc"))
    p.add_argument("metric", nargs="?", metavar=_mv("metric"), help=t("cli.help.spc_metric"))
    p.add_argument("--list", action="store_true", help=t("cli.help.spc_list"))
    _period_args(p)
    _store_arg(p)
    _filter_args(p)
    p.add_argument("--json", action="store_true", help=t("cli.help.json"))
    p.set_defaults(func=runs("spc"))

    national = sub.add_parser("national", help=t("national.cli.help"))
    actions = national.add_subparsers(dest="national_command", required=True)
    p = actions.add_parser("load", help=t("national.cli.help.load"))
    p.add_argument(
        "paths", nargs="+", type=Path, metavar=_mv("path"), help=t("cli.help.national_paths")
    )
    _store_arg(p)
    p.set_defaults(func=runs("national", "load"))

    p = actions.add_parser("metrics", help=t("national.cli.help.metrics"))
    p.add_argument("--year", required=True, help=t("national.cli.help.year"))
    p.add_argument("--force", default=choices.DEFAULT_FORCE, help=t("national.cli.help.force"))
    p.add_argument(
        "--subgroup",
        choices=choices.SUBGROUPS,
        default=None,
        help=t("national.cli.help.subgroup"),
    )
    p.add_argument("--comparators", default=None, help=t("national.cli.help.comparators"))
    _store_arg(p)
    p.add_argument("--json", action="store_true", help=t("cli.help.json"))
    p.set_defaults(func=runs("national", "metrics"))


def _app_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help=t("cli.help.serve"))
    _store_arg(p)
    p.add_argument(
        "--port", type=port_number, default=8501, metavar=_mv("number"), help=t("cli.help.port")
    )
    p.add_argument("--address", default=None, metavar=_mv("address"), help=t("cli.help.address"))
    p.add_argument("--allow-no-sign-in", action="store_true", help=t("cli.help.allow_no_sign_in"))
    p.add_argument("--demo-role", default=None, help=t("cli.help.demo_role"))
    p.add_argument("--trusted-user-headers", default=None, help=t("cli.help.trusted_user_headers"))
    p.add_argument(
        "--trusted-proxy",
        action="append",
        metavar=_mv("address"),
        help=t("cli.help.trusted_proxy"),
    )
    p.set_defaults(func=runs("serve"))

    p = sub.add_parser("synth", help=t("cli.help.synth"))
    p.add_argument("outdir", type=Path, metavar=_mv("folder"), help=t("cli.help.outdir"))
    p.add_argument("--crimes", type=crime_count, metavar=_mv("number"), help=t("cli.help.crimes"))
    p.add_argument("--seed", type=int, default=1, metavar=_mv("number"), help=t("cli.help.seed"))
    as_at = t("cli.help.synth_as_at")
    p.add_argument(
        "--as-at", type=iso_date, default=date(2025, 3, 31), metavar=_mv("date"), help=as_at
    )
    p.add_argument("--force", action="store_true", help=t("cli.help.synth_force"))
    p.set_defaults(func=runs("synth"))


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    root = _Parser(prog="flightdeck", description=t("cli.description"))
    language.add_option(root)
    sub = root.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _store_commands(sub)
    _figure_commands(sub)
    _app_commands(sub)
    return root


def store_problem(store: object) -> str | None:
    """Why `store` cannot be a store folder (it, or a folder above it, is a file), or None."""
    if not isinstance(store, Path):
        return None
    for path in (store, *store.parents):
        try:
            if not path.exists():
                continue
            if path.is_dir():
                return None
        except OSError:  # not ours to judge here (no permission to look): the command will say
            return None
        if path == store:
            return t("cli.store_is_file", store=store)
        return t("cli.store_under_file", store=store, blocker=path)
    return None


def os_error(exc: OSError) -> str:
    """An error of the operating system (no permission, no space, no such folder) in one line,
    naming the path when it has one."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return t("cli.os_error", reason=reason)
    return t("cli.os_error_path", path=exc.filename, reason=reason)


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    try:
        argv = language.choose(sys.argv[1:] if argv is None else list(argv))
    except language.LanguageError as exc:
        print(f"flightdeck: {exc}", file=sys.stderr)
        return 2
    args = parser().parse_args(argv)
    if getattr(args, "store", "-") is None:
        args.store = settings.default_store()
    if problem := store_problem(getattr(args, "store", None)):
        print(f"flightdeck: {problem}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"flightdeck: {exc}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"flightdeck: {t('cli.interrupted')}", file=sys.stderr)
        return 130
    except OSError as exc:  # a folder or file the system refused: name it and why, in one line
        print(f"flightdeck: {os_error(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 (the promise: one clear line, never a traceback)
        print(
            f"flightdeck: {t('cli.unexpected', kind=type(exc).__name__, detail=exc)}",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
