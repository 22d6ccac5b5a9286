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
LINES_NAMED = 5  # a group of problems names its first lines, then "…"


def plural(key: str, n: int, **values: object) -> str:
    """The plural form of `key` for `n`, with `n` as `{n}` (thousands separated)."""
    return tn(key, n, n=count_text(n), **values)


def lines_named(lines: list[int], named: int = LINES_NAMED, more: bool = False) -> str:
    """A group's lines, the first few then "…" (when there are more, or `more`):
    '4, 9, 17, …' (thousands separated)."""
    text = ", ".join(count_text(n) for n in lines[:named])
    return text + (", …" if more or len(lines) > named else "")


@dataclass(frozen=True)
class Group:
    """Problems of one kind, file and rule (300 rows with an unknown local authority): said in
    one line with their number and first lines; the full list stays in the report."""

    severity: str
    file: str
    rule: str
    problems: int  # listed
    lines: tuple[int, ...]  # the distinct lines listed, in order (none for a file's problems)
    total: int | None = None  # found, listed or not (when the report counted them)

    def as_text(self) -> str:
        """'warning: crimes.csv: Not one of …: 300 rows (lines 4, 9, 17, 20, 31, …)'."""
        text = f"{self.severity}: {self.file}: {self.rule}"
        if self.lines:
            return f"{text}: {group_rows(self.lines, self.total)}"
        found = max(self.total or 0, self.problems)
        return text + (f" ({count_text(found)})" if found > 1 else "")


def group_rows(lines: list[int] | tuple[int, ...], total: int | None = None) -> str:
    """'300 rows (lines 4, 9, 17, 20, 31, …)': a group's rows (its total when beyond the
    listed lines, each problem a row) and its first lines."""
    n = max(len(lines), total or 0)
    return plural("report.group_rows", n, lines=lines_named(list(lines), more=n > len(lines)))


def grouped(problems: list[Problem]) -> list[Group]:
    """The problems by kind, file and rule, in the order each group first appears."""
    found: dict[tuple[str, str, str], list[Problem]] = {}
    for p in problems:
        found.setdefault((p.severity, p.file, p.rule), []).append(p)
    return [
        Group(*key, len(ps), tuple(sorted({p.line for p in ps if p.line is not None})))
        for key, ps in found.items()
    ]


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
    # (severity, file, rule) -> problems found, listed or not: a group's exact total
    _group_totals: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def add(self, problem: Problem, count: int = 1, pinned: bool = False) -> None:
        """Record a problem; `count` > 1 records that many of the same kind (only one is listed).

        A `pinned` problem is listed even beyond the cap: a whole file refused or a summary of
        many rows, which the analyst must see however many row errors came first. Causes are
        listed against a cap of their own, so row errors never crowd them out.
        """
        if self._causing and problem.severity == ERROR:
            problem = replace(problem, cause=True)
        self.count_only(problem.severity, count, problem)
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

    def count_only(self, severity: str, n: int, like: Problem | None = None) -> None:
        """Count problems that are not listed (beyond the cap); `like`, one of them, counts
        them in its group too (its file and rule)."""
        if like is not None and n:
            key = (severity, like.file, like.rule)
            self._group_totals[key] = self._group_totals.get(key, 0) + n
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

    def grouped(self, severity: str | None = None) -> list[Group]:
        """The listed problems (of one severity) by kind, file and rule, in the report's order,
        each with its exact total (listed or not)."""
        groups = grouped([p for p in self.sorted() if severity in (None, p.severity)])
        return [replace(g, total=self.group_total(g.severity, g.file, g.rule)) for g in groups]

    def group_total(self, severity: str, file: str, rule: str) -> int | None:
        """How many problems of this kind, file and rule were found, listed or not (None when
        they were counted without a group)."""
        return self._group_totals.get((severity, file, rule))

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
