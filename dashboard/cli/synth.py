"""`flightdeck synth`: write a seeded synthetic extract (the eight tables of records, illustrative
targets, and its signature)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.cli import CommandError
from dashboard.i18n import t
from dashboard.synth import generator


def check_outdir(outdir: Path, force: bool = False) -> None:
    """CommandError (exit status 1) when `outdir` is a file, or a folder that is not empty and
    `force` was not given: an extract is never written over other files unasked."""
    for path in (outdir, *outdir.parents):  # the folder, or the first folder above it that exists
        if path.exists():
            if not path.is_dir():
                raise CommandError(t("cli.synth.is_file", outdir=path), 1)
            break
    if not force and outdir.is_dir() and any(outdir.iterdir()):
        raise CommandError(t("cli.synth.not_empty", outdir=outdir), 1)


def run(args: argparse.Namespace) -> int:
    outdir = Path(args.outdir)
    check_outdir(outdir, force=args.force)
    marker = generator.generate(outdir, crimes=args.crimes, seed=args.seed, as_at=args.as_at)
    print(t("cli.synth.done", outdir=args.outdir, files=len(marker["files"])))
    return 0
