"""`flightdeck synth`: write a seeded synthetic extract (all eight tables and its signature)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.i18n import t
from dashboard.synth import generator


def run(args: argparse.Namespace) -> int:
    marker = generator.generate(
        Path(args.outdir), crimes=args.crimes, seed=args.seed, as_at=args.as_at
    )
    print(t("cli.synth.done", outdir=args.outdir, files=len(marker["files"])))
    return 0
