"""Which dates a records system can have produced, and the as-at date a version takes.

A date (or date-time) before `contract.DATE_FLOOR`, or after the ceiling, is an error of its row
(set aside with `--accept-invalid-rows`, like any invalid row), so it can never set the as-at
date. The ceiling is the as-at date the analyst gives, or else the day of the upload (UK time);
planned dates (a bail end, an order expiry) may lie after it. The as-at date is the analyst's,
or else the latest plausible reported, recorded or outcome date kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dashboard.i18n import t
from dashboard.ingest import contract as c

UK = ZoneInfo("Europe/London")
GIVEN = "given"  # the as-at rules, as the manifest records them
LATEST = "latest_plausible_date"


def today() -> date:
    """The day of the upload, in UK time (the records system's)."""
    return datetime.now(UK).date()


@dataclass(frozen=True)
class DateBounds:
    """The plausible dates of an upload: from `floor` to `ceiling`, both included."""

    floor: date
    ceiling: date
    given: bool  # the ceiling is the analyst's as-at date (else the day of the upload)

    def params(self) -> dict[str, object]:
        return {"date_floor": self.floor, "date_ceiling": self.ceiling}

    def floor_rule(self) -> str:
        return t("rule.date_before_floor", floor=self.floor.isoformat())

    def ceiling_rule(self) -> str:
        if self.given:
            return t("rule.date_after_as_at", as_at=self.ceiling.isoformat())
        return t("rule.date_after_upload", today=self.ceiling.isoformat())

    def as_at_problem(self, as_at: date, latest: date | None) -> str | None:
        """Why an as-at date cannot be this upload's (None if it can); `latest` is the latest
        reported, recorded or outcome date kept."""
        day = as_at.isoformat()
        if as_at > self.ceiling:
            key = "rule.as_at_after_given" if self.given else "rule.as_at_after_ceiling"
            return t(key, as_at=day, ceiling=self.ceiling.isoformat())
        if as_at < self.floor:
            return t("rule.as_at_before_floor", as_at=day, floor=self.floor.isoformat())
        if latest is not None and as_at < latest:
            return t("rule.as_at_before_data", as_at=day, latest=latest.isoformat())
        return None

    def note(self, as_at: date | None, rule: str) -> str:
        """The upload report's line: the as-at date and the rule that chose it."""
        if as_at is None:
            return t("report.as_at_none")
        values = {
            "as_at": as_at.isoformat(),
            "floor": self.floor.isoformat(),
            "ceiling": self.ceiling.isoformat(),
            "planned": ", ".join(c.planned_dates()),
        }
        return t("report.as_at_given" if rule == GIVEN else "report.as_at_latest", **values)


def bounds(as_at: date | None = None) -> DateBounds:
    """The bounds of an upload checked with the analyst's as-at date, or without one."""
    if as_at is not None:
        return DateBounds(c.DATE_FLOOR, as_at, True)
    return DateBounds(c.DATE_FLOOR, today(), False)
