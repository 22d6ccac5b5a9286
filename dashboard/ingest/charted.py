"""The metrics an analyst may set a target for or record a process change of, and their units:
those with a monthly series, read from the headers of `queries/kpi/*.sql`.

The ingest layer sits below `dashboard.figures` and may not import it, so it reads the few
header lines it needs itself: `-- catalogue:` (the order: metrics.md §2 then §3), `-- unit:` and
`-- trend:` (`none`: no monthly series; absent: the trend file of the same name, if there is
one), the rule of `figures.catalogue.trend_of`. A test holds these names equal to
`figures.spc_metrics.charted()` and the units to the query headers' units.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from dashboard.settings import QUERIES

_KEY_LINE = re.compile(r"^-- ([a-z_]+):(?: (.*))?$")


def _header(path: Path) -> dict[str, str]:
    """The `-- key: value` lines at the top of a SQL file (continuation lines skipped)."""
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        found = _KEY_LINE.match(line.rstrip())
        if found:
            header[found.group(1)] = (found.group(2) or "").strip()
    return header


def _order(place: str) -> tuple[int, int]:
    """(2, 7) from `2.7`: metrics.md's section and the metric's place in it."""
    section, _, number = place.partition(".")
    return int(section), int(number)


@cache
def units(root: Path = QUERIES) -> dict[str, str]:
    """Every metric with a monthly series -> its unit (`rate`, `count`, `days`, ...), in the
    catalogue's order."""
    trends = {p.stem for p in (root / "trend").glob("*.sql")}
    found = []
    for path in (root / "kpi").glob("*.sql"):
        header = _header(path)
        trend = header.get("trend") or (path.stem if path.stem in trends else "none")
        if trend != "none":
            found.append((_order(header["catalogue"]), path.stem, header.get("unit", "")))
    return {name: unit for _, name, unit in sorted(found)}


def names() -> tuple[str, ...]:
    """The metrics with a monthly series, in the catalogue's order (`flightdeck spc --list`)."""
    return tuple(units())


def rates() -> tuple[str, ...]:
    """Those of them that are rates (a target for one is a percentage)."""
    return tuple(name for name, unit in units().items() if unit == "rate")
