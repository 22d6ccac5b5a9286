"""Run `flightdeck synth` again with a marker's settings: what proves files synthetic at ingest.

The generator is deterministic (same settings, same bytes), so a file is its output exactly when
it matches, byte for byte, the file of the same name written again in a temporary folder.
Settings it would not take, or an extract too big to write again in reasonable time, prove
nothing (`None`): the files then count as real data.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from dashboard.synth import generator

# Written again in about 25 s at a million crimes (230 MB in a temporary folder); a marker
# naming more proves nothing, whatever the files.
MAX_CRIMES = 1_000_000
MAX_YEARS = 50
MAX_SEED = 2**63


def regenerate(marker: Mapping) -> dict[str, str] | None:
    """The SHA-256 of each file (by name) that `flightdeck synth` writes with the marker's
    settings; None when the marker is not the generator's or names settings it would not take."""
    settings = marker_settings(marker)
    if settings is None:
        return None
    with tempfile.TemporaryDirectory(prefix="flightdeck-proof-") as folder:
        return generator.generate(Path(folder), **settings)["files"]


def marker_settings(marker: Mapping) -> dict | None:
    """The generator's arguments a marker names (crimes, seed, as_at, years), or None."""
    if marker.get("generator") != generator.GENERATOR:
        return None
    crimes, seed = marker.get("crimes"), marker.get("seed")
    years = marker.get("years", generator.YEARS)
    if not all(type(v) is int for v in (crimes, seed, years)):  # not bool, float or text
        return None
    if not (0 <= crimes <= MAX_CRIMES and 0 <= seed < MAX_SEED and 1 <= years <= MAX_YEARS):
        return None
    try:
        as_at = date.fromisoformat(marker.get("as_at"))
    except (TypeError, ValueError):
        return None
    return {"crimes": crimes, "seed": seed, "as_at": as_at, "years": years}
