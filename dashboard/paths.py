"""Where the project's own files live: queries, reference lists, bundled sample data."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
DATA = ROOT / "data"
REFERENCE = DATA / "reference"
SAMPLE = DATA / "sample"
REGISTER = DATA / "register.csv"


def default_store() -> Path:
    """`$FLIGHTDECK_STORE`, else `store/` in the current directory."""
    return Path(os.environ.get("FLIGHTDECK_STORE") or "store")
