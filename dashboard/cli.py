"""`flightdeck`: the command line. An error is one clear line on standard error, no traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from dashboard import cli_commands as cmd
from dashboard.i18n import t
from dashboard.paths import default_store


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit status 2)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def iso_date(text: str) -> date:
    """An ISO date for argparse, with a plain message when it is not a real date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=text)) from None


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", type=Path, default=None, help=t("cli.help.store"))


def parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    root = _Parser(prog="flightdeck", description=t("cli.description"))
    sub = root.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("ingest", help=t("cli.help.ingest"))
    p.add_argument("paths", nargs="+", type=Path)
    _store_arg(p)
    p.add_argument("--as-at", type=iso_date, default=None)
    p.add_argument("--mode", choices=("replace", "upsert"), default="replace")
    p.add_argument("--accept-invalid-rows", action="store_true", help=t("cli.help.accept"))
    p.add_argument("--uploader", default=None)

    p = sub.add_parser("versions", help=t("cli.help.versions"))
    _store_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("rollback", help=t("cli.help.rollback"))
    p.add_argument("version")
    _store_arg(p)

    p = sub.add_parser("metrics", help=t("cli.help.metrics"))
    p.add_argument("--from", dest="period_from", type=iso_date, default=None)
    p.add_argument("--to", dest="period_to", type=iso_date, default=None)
    _store_arg(p)
    p.add_argument("--local-authority", default=None)
    p.add_argument("--subgroup", choices=("rape", "other"), default=None)
    p.add_argument("--age-band", choices=("under16", "16plus", "unknown"), default=None)
    p.add_argument("--domestic-abuse", choices=("yes", "no"), default=None)
    p.add_argument("--lookback-months", type=int, default=None)
    p.add_argument("--min-crimes", type=int, default=None)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("serve", help=t("cli.help.serve"))
    _store_arg(p)
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default=None)
    p.add_argument("--allow-no-sign-in", action="store_true", help=t("cli.help.allow_no_sign_in"))
    p.add_argument("--demo-role", default=None, help=t("cli.help.demo_role"))
    p.add_argument("--trusted-user-headers", default=None, help=t("cli.help.trusted_user_headers"))

    p = sub.add_parser("synth", help=t("cli.help.synth"))
    p.add_argument("outdir", type=Path)
    p.add_argument("--crimes", type=int, default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-at", type=iso_date, default=date(2025, 3, 31))
    cmd.add_national_parser(sub)
    return root


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    args = parser().parse_args(argv)
    if getattr(args, "store", "-") is None:
        args.store = default_store()
    try:
        handler = getattr(cmd, f"run_{args.command}")
        return handler(args)
    except cmd.CommandError as exc:
        print(f"flightdeck: {exc}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"flightdeck: {t('cli.interrupted')}", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 (the promise: one clear line, never a traceback)
        print(
            f"flightdeck: {t('cli.unexpected', kind=type(exc).__name__, detail=exc)}",
            file=sys.stderr,
        )
        return 1


def dump(obj: object) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, default=str)


if __name__ == "__main__":
    sys.exit(main())
