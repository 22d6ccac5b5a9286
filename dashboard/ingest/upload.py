"""An upload read and checked against the current data, not yet committed (`prepare` makes it),
and why it cannot be committed as it is: each kind of refusal below has its own words for the
analyst, on the command line and in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.i18n import t
from dashboard.ingest import parsing, plausible, reading
from dashboard.ingest.guards import Shrink
from dashboard.ingest.report import Report, plural

# Why an upload is refused, the errors that explain the others first (see `refusal_kinds`).
NO_FILES = "no_files"  # nothing to load
FILE = "file"  # a file refused as a whole: unreadable, wrong name, refused header, too large
NO_CRIMES = "no_crimes"  # no crimes table after the upload (the first upload must bring one)
EMPTY_CRIMES = "empty_crimes"  # a crimes table with no rows after the upload
NO_VALID_CRIMES = "no_valid_crimes"  # every crime invalid: setting them aside would empty it
AS_AT = "as_at"  # the as-at date given cannot be this upload's, or there is none
SHRINK = "shrink"  # a table cut by more than a fifth, not allowed by the analyst
CARRIED = "carried"  # rows carried over from the current data would refer to nothing
ROWS = "rows"  # invalid rows, which the analyst may set aside
# Causes that refuse the whole upload: the invalid rows cannot be set aside, nor previewed.
WHOLE = (NO_FILES, FILE, NO_CRIMES, EMPTY_CRIMES, NO_VALID_CRIMES, AS_AT)


class UploadRefused(Exception):
    """The upload has errors and was not accepted; nothing changed."""

    def __init__(self, upload: Upload):
        key = "ingest.refused_carried" if upload.carried_errors else "ingest.refused"
        super().__init__(plural(key, upload.report.error_count))
        self.upload = upload
        self.report = upload.report


@dataclass
class Upload:
    """An upload read and checked against the current data, not yet committed."""

    mode: str
    base_version: str | None
    files: list[reading.InputFile]
    report: Report
    parsed: dict[str, parsing.ParsedTable] = field(default_factory=dict)
    merged: dict[str, pa.Table] = field(default_factory=dict)
    invalid: dict[str, np.ndarray] = field(default_factory=dict)
    reasons: dict[str, np.ndarray] = field(default_factory=dict)
    file_level_errors: int = 0
    # Summaries of rows carried over from the current version that would refer to nothing:
    # such rows are never set aside, so these block the upload as file-level errors do.
    carried_errors: int = 0
    noop_version: str | None = None
    # The dates the rows were checked against: the analyst's as-at date, or the upload's day.
    bounds: plausible.DateBounds = field(default_factory=plausible.bounds)
    # The kinds of the causes found (above), in the order found; and the tables cut by more
    # than a fifth (refused at commit unless the analyst allows it).
    causes: list[str] = field(default_factory=list)
    shrinks: list[Shrink] = field(default_factory=list)

    @property
    def invalid_rows(self) -> int:
        """Rows that would be set aside: invalid upload rows and upload rows that refer to them
        (rows carried over from the current version are never among them)."""
        return int(sum(mask.sum() for mask in self.invalid.values()))

    @property
    def invalid_files(self) -> list[str]:
        names = set()
        for name, mask in self.invalid.items():
            files = self.merged[name].column("_file").to_pylist()
            names |= {files[i] for i in np.flatnonzero(mask)}
        return sorted(names)

    def kept_rows(self, table: str) -> int:
        """The rows a table would have after the upload: the rows that could be set aside
        are not counted (with errors, setting them aside is the only load possible)."""
        if table not in self.merged:
            return 0
        return self.merged[table].num_rows - int(self.invalid[table].sum())

    def can_commit(self, accept_invalid: bool, allow_shrink: bool = False) -> bool:
        """Whether the upload may load: no cause refuses it whole, no carried row would refer
        to nothing, some crimes stay; a table cut by more than a fifth only if `allow_shrink`,
        and with errors only if `accept_invalid` (the invalid rows set aside)."""
        if self.file_level_errors or self.carried_errors or not self.kept_rows("crimes"):
            return False  # a version always has crimes
        if self.shrinks and not allow_shrink:
            return False
        return not self.report.has_errors or accept_invalid

    def refuse(self, kind: str, file: str, rule: str, column=None, value=None) -> None:
        """Record a cause that refuses the upload: listed first, whatever else was found."""
        self.report.error(file, None, column, value, rule, pinned=True, cause=True)
        self.causes.append(kind)
        if kind in WHOLE:
            self.file_level_errors += 1

    def refusal_kinds(self) -> list[str]:
        """Why the upload cannot be committed as it is, each kind once: the causes in the order
        found, carried rows that would refer to nothing, then invalid rows (only when setting
        them aside is possible)."""
        kinds = list(dict.fromkeys(self.causes))
        if self.carried_errors:
            kinds.append(CARRIED)
        if self.invalid_rows and not self.file_level_errors and not self.carried_errors:
            kinds.append(ROWS if self.kept_rows("crimes") else NO_VALID_CRIMES)
        return kinds

    def file_of(self, table: str) -> str:
        """The uploaded file of a table, else the table's name in the current data."""
        named = [f.name for f in self.files if f.table == table]
        return named[0] if named else t("ingest.current_table", table=table)

    def refuse_no_valid_crimes(self, accept_invalid: bool) -> None:
        """Record, once, that setting the invalid rows aside would leave no crimes."""
        if not accept_invalid or self.kept_rows("crimes") or "crimes" not in self.merged:
            return
        if not {EMPTY_CRIMES, NO_VALID_CRIMES} & set(self.causes):
            self.refuse(NO_VALID_CRIMES, self.file_of("crimes"), t("rule.crimes_no_valid_rows"))

    def refuse_shrink(self, allow_shrink: bool) -> None:
        """Record, once, each table the upload would cut by more than a fifth, unless allowed;
        only when allowing it could let the upload load (else the other causes say why not)."""
        if allow_shrink or SHRINK in self.causes or not self.can_commit(True, True):
            return
        for shrink in self.shrinks:
            self.refuse(SHRINK, self.file_of(shrink.table), shrink.rule())

    def default_as_at(self) -> date | None:
        """The latest plausible reported, recorded or outcome date in the data after the upload.

        Rows that would be set aside do not count: they are not in the data after the upload;
        nor do dates outside the bounds (rows carried over from before the bounds were checked).
        """
        floor, ceiling = self.bounds.floor, self.bounds.ceiling
        dates = []
        for table, columns in (
            ("crimes", ("reported_date", "recorded_date")),
            ("outcomes", ("outcome_date",)),
        ):
            if table in self.merged:
                kept = self.merged[table].select(list(columns))  # filter the dates only
                if self.invalid[table].any():
                    kept = kept.filter(pa.array(~self.invalid[table]))
                for col in columns:
                    values = kept.column(col)
                    plausible_ = pc.and_(
                        pc.greater_equal(values, floor), pc.less_equal(values, ceiling)
                    )
                    dates.append(pc.max(values.filter(plausible_)).as_py())
        dates = [d for d in dates if d is not None]
        return max(dates) if dates else None

    def choose_as_at(self, given: date | None = None) -> tuple[date | None, str]:
        """The as-at date and its rule: the one given (at commit, else at the check), or the
        latest plausible date."""
        given = given or (self.bounds.ceiling if self.bounds.given else None)
        if given is not None:
            return given, plausible.GIVEN
        return self.default_as_at(), plausible.LATEST

    def refuse_as_at(self, as_at: date | None) -> None:
        """Record why an as-at date given at commit cannot be this upload's, if it cannot."""
        chosen, rule = self.choose_as_at(as_at)
        if rule != plausible.GIVEN:
            return
        problem = self.bounds.as_at_problem(chosen, self.default_as_at())
        if problem is not None:
            self.refuse(AS_AT, "-", problem, "as_at", chosen.isoformat())

    def refuse_missing_as_at(self, as_at: date | None = None) -> bool:
        """Refuse an upload that would take no as-at date (a version always has one); True if
        it was refused."""
        if self.choose_as_at(as_at)[0] is not None:
            return False
        self.refuse(AS_AT, "-", t("rule.as_at_missing"), "as_at")
        return True
