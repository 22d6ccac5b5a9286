"""Whether each uploaded file is synthetic, proven by its bytes, never by a marker alone.

A file is synthetic when its SHA-256 is one the register (`data/register.csv`, committed with
the code, kept honest by a test) lists for a bundled sample file of the same table, or when it is
byte for byte what `flightdeck synth` writes with the settings of a marker found beside it: the
caller's `regenerate` (the synth layer's `proof.regenerate`) runs the generator again. Files
with a marker that proves nothing count as real data, and the report says so (a warning: real
data is never refused for it). Without `regenerate`, only the bundled sample can be proven.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from dashboard import settings
from dashboard.i18n import t
from dashboard.ingest.reading import InputFile, table_for
from dashboard.ingest.report import Report

# The marker's settings -> the SHA-256 of each file the generator writes with them (by file
# name, `crimes.csv`), or None when it would not run with those settings.
Regenerate = Callable[[Mapping], Mapping[str, str] | None]
SAMPLE_PREFIX = "data/sample/"


def registered_sample(register: Path | None = None) -> dict[str, str]:
    """SHA-256 -> table of every bundled sample table file, as the committed register lists it."""
    path = register or settings.REGISTER
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        row["sha256"]: table
        for row in rows
        if row.get("status") == "synthetic"
        and row.get("path", "").startswith(SAMPLE_PREFIX)
        and (table := table_for(PurePosixPath(row["path"]).name))
    }


def prove(files: list[InputFile], report: Report, regenerate: Regenerate | None = None) -> None:
    """Set each file's `synthetic` from its bytes; warn for each file whose marker failed."""
    sample = registered_sample()
    runs: dict[str, Mapping[str, str] | None] = {}  # one run of the generator per settings
    for f in files:
        f.synthetic = sample.get(f.sha256) == f.table or any(
            _reproduced(f, marker, regenerate, runs) for marker in f.markers
        )
        if f.markers and not f.synthetic:
            report.warning(f.name, None, None, None, t("rule.synth_marker_unproven"))


def _reproduced(
    f: InputFile,
    marker: Mapping,
    regenerate: Regenerate | None,
    runs: dict[str, Mapping[str, str] | None],
) -> bool:
    """Whether the generator, run with the marker's settings, writes exactly this file.

    The marker's own list of hashes only spares the run when it cannot match: a file that
    differs from what the marker lists differs from what a genuine marker's run writes.
    """
    name = f"{f.table}.csv"
    listed = marker.get("files")
    if regenerate is None or not isinstance(listed, Mapping) or listed.get(name) != f.sha256:
        return False
    key = json.dumps({k: v for k, v in marker.items() if k != "files"}, sort_keys=True, default=str)
    if key not in runs:
        runs[key] = regenerate(marker)
    made = runs[key]
    return made is not None and made.get(name) == f.sha256
