"""The validation report: every problem found in an upload, with file, line, column, value, rule."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace

from dashboard.formatting import count as count_text
from dashboard.i18n import tn

ERROR = "error"
WARNING = "warning"
CAUSE = "cause"  # errors that explain the others: listed first, against a cap of their own
LISTED_CAP = 200  # problems listed per severity (and causes); the totals are always exact


def plural(key: str, n: int, **values: object) -> str:
    """The plural form of `key` for `n`, with `n` as `{n}` (thousands separated)."""
    return tn(key, n, n=count_text(n), **values)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload. `line` is as a text editor shows it (header = line 1).

    A `cause` is an error that explains others (a missing or unreadable file, a refused header,
    an empty crimes table): the report lists causes before anything else.
    """

    severity: str
    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str
    cause: bool = False

    def record(self) -> dict:
        """The problem as the report's columns (a cause is known by its place: first)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "cause"}

    def as_text(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        col = f" [{self.column}]" if self.column else ""
        val = f" {self.value!r}" if self.value is not None else ""
        return f"{self.severity}: {where}{col}{val}: {self.rule}"


@dataclass
class Report:
    """Problems collected while reading and validating; totals stay exact beyond the listed cap."""

    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    cap: int = LISTED_CAP
    _listed: dict[str, int] = field(default_factory=lambda: {ERROR: 0, WARNING: 0, CAUSE: 0})
    # The as-at date the upload takes (or would take) and the rule that chose it.
    note: str | None = None
    _causing: bool = False  # inside `causes()`: every error recorded is a cause

    def add(self, problem: Problem, count: int = 1, pinned: bool = False) -> None:
        """Record a problem; `count` > 1 records that many of the same kind (only one is listed).

        A `pinned` problem is listed even beyond the cap: a whole file refused or a summary of
        many rows, which the analyst must see however many row errors came first. Causes are
        listed against a cap of their own, so row errors never crowd them out.
        """
        if self._causing and problem.severity == ERROR:
            problem = replace(problem, cause=True)
        self.count_only(problem.severity, count)
        listed = CAUSE if problem.cause else problem.severity
        if pinned or self._listed[listed] < self.cap:
            self._listed[listed] += 1
            self.problems.append(problem)

    def error(
        self, file: str, line, column, value, rule: str, pinned: bool = False, cause: bool = False
    ) -> None:
        self.add(Problem(ERROR, file, line, column, value, rule, cause), pinned=pinned)

    @contextmanager
    def causes(self) -> Iterator[None]:
        """Record every error inside as a cause (a step whose every error refuses a file)."""
        self._causing = True
        try:
            yield
        finally:
            self._causing = False

    def mark_causes(self, since: int) -> None:
        """Make the errors listed since `since` (a length of `problems`) causes: they turned
        out to refuse a whole file."""
        for i in range(since, len(self.problems)):
            p = self.problems[i]
            if p.severity == ERROR and not p.cause:
                self.problems[i] = replace(p, cause=True)
                self._listed[ERROR] -= 1
                self._listed[CAUSE] += 1

    @property
    def causing_errors(self) -> list[Problem]:
        """The listed errors that explain the others, in the report's order."""
        return [p for p in self.sorted() if p.cause]

    def warning(self, file: str, line, column, value, rule: str) -> None:
        self.add(Problem(WARNING, file, line, column, value, rule))

    def room(self, severity: str) -> int:
        """How many more problems of this severity (not causes) would still be listed."""
        return max(0, self.cap - self._listed[severity])

    def count_only(self, severity: str, n: int) -> None:
        """Count problems that are not listed (beyond the cap)."""
        if severity == ERROR:
            self.error_count += n
        else:
            self.warning_count += n

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def sorted(self) -> list[Problem]:
        """Errors before warnings, the causes first; then by file, line and column."""
        order = {ERROR: 0, WARNING: 1}
        return sorted(
            self.problems,
            key=lambda p: (order[p.severity], not p.cause, p.file, p.line or 0, p.column or ""),
        )

    def as_text(self, severity: str | None = None) -> str:
        """The report as plain text, one problem a line, with the totals."""
        lines = [p.as_text() for p in self.sorted() if severity in (None, p.severity)]
        if severity in (None, ERROR) and self.error_count:
            shown = count_text(len(self.errors))
            lines.append(plural("report.errors_total", self.error_count, shown=shown))
        if severity in (None, WARNING) and self.warning_count:
            shown = count_text(len(self.warnings))
            lines.append(plural("report.warnings_total", self.warning_count, shown=shown))
        if severity is None and self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def records(self) -> list[dict]:
        return [p.record() for p in self.sorted()]

    def to_csv(self) -> str:
        """The listed problems as CSV text (callers escape it for spreadsheets)."""
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=["severity", "file", "line", "column", "value", "rule"]
        )
        writer.writeheader()
        writer.writerows(self.records())
        return buf.getvalue()
