"""The extract contract, version 1: every table, column, type, enumeration and key, declared once.

Parsing (`parsing.py`), validation (`validation.py`), the synthetic generator and the analysts'
documentation (`docs/extract-contract.md`, rendered by `contract_doc.py`) all read this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dashboard import reference
from dashboard.ingest import charted

CONTRACT_VERSION = 1

# Column types. `code_*` types normalise a code before checking it against a reference list.
TEXT = "text"
DATE = "date"
DATETIME = "datetime"
BOOLEAN = "boolean"
INTEGER = "integer"
NUMBER = "number"  # a decimal number: `.` as the point, an optional sign, no thousands separators
ENUM = "enum"
OFFENCE_CODE = "offence_code"
OUTCOME_CODE = "outcome_code"
LOCAL_AUTHORITY = "local_authority"
METRIC = "metric"  # the name of a metric with a monthly series (an enumeration of its own)

# No records system holds a date before this one: an earlier date (or date-time) is an error.
# Dates after the extract's as-at date are errors too, except planned ones (`Column.planned`).
DATE_FLOOR = date(1900, 1, 1)

# Direct identifiers: a column with one of these names is refused (contract §1, "personal data").
PERSONAL_IDENTIFIER_COLUMNS = (
    "name",
    "forename",
    "surname",
    "first_name",
    "last_name",
    "dob",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "pnc_id",
)
# A header is refused when one of these is inside one of its words, or inside two adjacent words run
# together (`Post Code`, `E-mail`): every listed identifier holds one; no contract column does.
PERSONAL_IDENTIFIER_FRAGMENTS = (
    "name",
    "dob",
    "birth",
    "address",
    "postcode",
    "phone",
    "email",
    "pnc",
)
_WORD_BREAKS = re.compile(r"[^a-z0-9]+")


def looks_personal(header: str) -> bool:
    """Whether a header names a direct identifier (`victim_postcode`, `e_mail`, `Home Address`)."""
    words = [w for w in _WORD_BREAKS.split(header.lower()) if w]
    pieces = words + [a + b for a, b in zip(words, words[1:], strict=False)]
    return any(f in piece for piece in pieces for f in PERSONAL_IDENTIFIER_FRAGMENTS)


BOOLEAN_SPELLINGS = {
    "y": True,
    "yes": True,
    "true": True,
    "1": True,
    "n": False,
    "no": False,
    "false": False,
    "0": False,
}


@dataclass(frozen=True)
class Column:
    """One column of a table: its canonical name, type and rules."""

    name: str
    type: str
    required: bool = False
    meaning: str = ""
    # Canonical values of an enumeration, with extra accepted spellings (alias -> canonical).
    values: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    # Required only when another column has one of these values (e.g. recorded_date for crimes).
    required_when: tuple[str, tuple[str, ...]] | None = None
    # Required unless another column has one of these values (e.g. outcome_date unless code 0).
    required_unless: tuple[str, tuple[str, ...]] | None = None
    default: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    # A date planned ahead (a bail end, an order expiry): it may lie after the as-at date.
    planned: bool = False

    def accepted_spellings(self) -> dict[str, str]:
        """Lower-cased spelling -> canonical value, for enumerations (and metric names)."""
        spellings = {v.lower(): v for v in self.values}
        spellings.update({k.lower(): v for k, v in self.aliases.items()})
        return spellings


@dataclass(frozen=True)
class ForeignKey:
    """A referential rule: values of `column` must exist as `target_column` of `target`."""

    column: str
    target: str
    target_column: str
    # For breaches: the rule applies only to rows whose `when_column` equals `when_value`.
    when_column: str | None = None
    when_value: str | None = None


@dataclass(frozen=True)
class Table:
    """One table of the extract: its key, columns and referential rules."""

    name: str
    meaning: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    # Records exported from the records system (cases, people, staff); False for an analyst's
    # own inputs to the charts (targets, process changes), which hold no records of anyone.
    records: bool = True

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


RELEASE_TYPES = ("pre_charge_bail", "rui", "post_charge_bail", "remand")
DECISIONS = ("pending", "granted", "refused", "withdrawn")
BREACH_ACTIONS = ("arrest", "charge", "summons", "warning", "no_further_action", "other", "none")


def _enum(name: str, values: tuple[str, ...], **kw) -> Column:
    return Column(name, ENUM, values=values, **kw)


CRIMES = Table(
    "crimes",
    "one row per RASSO record",
    ("crime_ref",),
    (
        Column("crime_ref", TEXT, True, "RMS crime or occurrence reference"),
        _enum(
            "record_type",
            ("crime", "n100", "cancelled"),
            default="crime",
            meaning="`crime` (default); `n100`: a reported rape not (yet) recorded as a crime; "
            "`cancelled`: a crime record later cancelled under the counting rules",
        ),
        Column("reported_date", DATE, True, "first reported to police"),
        Column(
            "recorded_date",
            DATE,
            meaning="recorded as a crime; required for `crime` records; "
            "earlier than `reported_date` is a warning",
            required_when=("record_type", ("crime",)),
        ),
        Column(
            "offence_date",
            DATE,
            meaning="earliest date the offence was committed; non-recent = reported more than "
            "365 days after this",
        ),
        Column(
            "ho_offence_code",
            OFFENCE_CODE,
            True,
            "Home Office offence code, upper-cased, leading zeros removed (`019c` = `19C`); an "
            "optional `/NN` suffix is kept as `ho_subclass`; must be a sexual offence code",
        ),
        Column(
            "local_authority",
            LOCAL_AUTHORITY,
            meaning="Gwent unitary authority as GSS code, English or Welsh name; stored as the GSS "
            "code; anything else is stored as `unknown` with a warning",
        ),
        Column("victim_id", TEXT, meaning="pseudonymised person identifier of the victim"),
        Column(
            "victim_age",
            INTEGER,
            meaning="age at the offence, 0 to 120",
            minimum=0,
            maximum=120,
        ),
        _enum(
            "victim_sex",
            ("F", "M", "X", "U"),
            aliases={"female": "F", "male": "M", "other": "X", "unknown": "U"},
            meaning="`F`, `M`, `X` (other), `U` (unknown); `Female`/`Male`/`Other`/`Unknown` "
            "accepted",
        ),
        _enum(
            "relationship",
            (
                "partner",
                "family",
                "acquaintance",
                "stranger",
                "position_of_trust",
                "other",
                "unknown",
            ),
            meaning="suspect's relationship to the victim as recorded (`partner` = current or "
            "former)",
        ),
        Column("domestic_abuse", BOOLEAN, meaning="domestic-abuse flag"),
        Column(
            "isva_referral_date",
            DATE,
            meaning="referral to an Independent Sexual Violence Adviser",
        ),
        Column(
            "victim_withdrawal_date",
            DATE,
            meaning="date the victim withdrew support for the investigation",
        ),
    ),
)

OUTCOMES = Table(
    "outcomes",
    "the current outcome of each crime",
    ("crime_ref",),
    (
        Column("crime_ref", TEXT, True, "must exist in `crimes`"),
        Column(
            "outcome_code",
            OUTCOME_CODE,
            True,
            "Home Office outcome type; `16`, `016`, `OC16`, `Outcome 16` all mean `16`; "
            "`1A`, `2A`, `3A` kept as given",
        ),
        Column(
            "outcome_date",
            DATE,
            meaning="date the outcome was assigned; required unless the code is `0`",
            required_unless=("outcome_code", ("0",)),
        ),
    ),
    (ForeignKey("crime_ref", "crimes", "crime_ref"),),
)

SUSPECTS = Table(
    "suspects",
    "suspects linked to crimes",
    ("crime_ref", "suspect_id"),
    (
        Column("crime_ref", TEXT, True, "must exist in `crimes`"),
        Column(
            "suspect_id",
            TEXT,
            True,
            "pseudonymised person identifier, stable across crimes and extracts",
        ),
        Column("identified_date", DATE, meaning="suspect identified"),
        Column("arrest_date", DATE, meaning="first arrest for this crime"),
        Column("voluntary_interview_date", DATE, meaning="interviewed as a voluntary attender"),
        Column("interview_date", DATE, meaning="first interview under caution"),
        Column("biometrics_taken", BOOLEAN, meaning="DNA and fingerprints taken for this crime"),
    ),
    (ForeignKey("crime_ref", "crimes", "crime_ref"),),
)

BAIL = Table(
    "bail",
    "releases pending investigation or trial",
    ("bail_id",),
    (
        Column("bail_id", TEXT, True),
        Column("crime_ref", TEXT, True, "must exist in `crimes`"),
        Column("suspect_id", TEXT, True),
        _enum(
            "release_type",
            RELEASE_TYPES,
            required=True,
            meaning="`rui` = released under investigation",
        ),
        Column("start_date", DATE, True),
        Column(
            "end_date",
            DATE,
            meaning="empty = still in force at the extract date; may lie after the as-at date",
            planned=True,
        ),
        Column("has_conditions", BOOLEAN),
        _enum(
            "authorised_by",
            ("custody_officer", "inspector", "superintendent", "court"),
            meaning="level that authorised the current period",
        ),
    ),
    (ForeignKey("crime_ref", "crimes", "crime_ref"),),
)

ORDERS = Table(
    "orders",
    "civil and criminal protective orders",
    ("order_id",),
    (
        Column("order_id", TEXT, True),
        Column("suspect_id", TEXT, True, "subject of the order"),
        Column(
            "crime_ref", TEXT, meaning="linked crime, if any; must exist in `crimes` when given"
        ),
        _enum("order_type", reference.order_type_codes(), required=True),
        Column("applied_date", DATE, True, "application (or notice) date"),
        _enum("decision", DECISIONS, required=True),
        Column(
            "decision_date",
            DATE,
            meaning="required unless the decision is `pending`",
            required_unless=("decision", ("pending",)),
        ),
        Column(
            "expiry_date",
            DATE,
            meaning="empty = no fixed end; may lie after the as-at date",
            planned=True,
        ),
    ),
    (ForeignKey("crime_ref", "crimes", "crime_ref"),),
)

BREACHES = Table(
    "breaches",
    "breaches of bail conditions or orders",
    ("breach_id",),
    (
        Column("breach_id", TEXT, True),
        _enum("breach_of", ("bail", "order"), required=True),
        Column("ref_id", TEXT, True, "the `bail_id` or `order_id` breached; must exist"),
        Column("breach_at", DATETIME, True, "when the breach happened (a bare date = 00:00)"),
        Column("reported_at", DATETIME, meaning="when police learned of it; default `breach_at`"),
        _enum("action", BREACH_ACTIONS, meaning="empty = not yet actioned"),
        Column("action_at", DATETIME, meaning="when that action happened"),
        Column(
            "breach_crime_ref",
            TEXT,
            meaning="crime reference of a breach offence, if one was recorded",
        ),
    ),
    (
        ForeignKey("ref_id", "bail", "bail_id", "breach_of", "bail"),
        ForeignKey("ref_id", "orders", "order_id", "breach_of", "order"),
    ),
)

BIOMETRICS = Table(
    "biometrics",
    "s63G PACE retention applications",
    ("suspect_id", "crime_ref"),
    (
        Column("suspect_id", TEXT, True),
        Column("crime_ref", TEXT, True, "must exist in `crimes`"),
        Column(
            "nfa_date",
            DATE,
            True,
            "date of the no-further-action decision that makes the material deletable",
        ),
        Column(
            "application_date",
            DATE,
            meaning="s63G application to the Biometrics Commissioner; empty = none made",
        ),
        _enum("decision", DECISIONS),
        Column("decision_date", DATE),
    ),
    (ForeignKey("crime_ref", "crimes", "crime_ref"),),
)

TRAINING = Table(
    "training",
    "RASSO workforce training",
    ("staff_id", "course"),
    (
        Column("staff_id", TEXT, True, "pseudonymised staff identifier"),
        Column("team", TEXT, meaning="e.g. rape investigation team name"),
        Column("in_scope", BOOLEAN, True, "works on RASSO investigations"),
        _enum("course", ("word_on_word", "ssaidp", "orders", "other"), required=True),
        Column("completed_date", DATE, meaning="empty = not completed"),
    ),
)

# An analyst's own tables, uploaded and versioned like the extract: the charts' targets and the
# dates a process changed (an SPC chart's limits are worked out again from each).
ALL_METRICS = "all"

TARGETS = Table(
    "targets",
    "targets for metrics with a monthly series, each from a date",
    ("metric", "from"),
    (
        Column(
            "metric",
            METRIC,
            True,
            "a metric with a monthly series (`flightdeck spc --list` names them), any case",
            values=charted.names(),
        ),
        Column(
            "target",
            NUMBER,
            True,
            "in the metric's unit as people read it: a rate as a percentage (`8.5` = 8.5%), "
            "days in days, hours in hours, counts as counts; not negative, a rate not above 100",
            minimum=0,
        ),
        Column(
            "from",
            DATE,
            True,
            "the first day the target applies (normally the first of a month); it applies from "
            "that day's month until the month of the metric's next `from`; may lie after the "
            "as-at date",
            planned=True,
        ),
        Column("note", TEXT, meaning='e.g. where the target comes from: "PCC plan 2025-26"'),
    ),
    records=False,
)

PROCESS_CHANGES = Table(
    "process_changes",
    "dates a process changed: a chart's mean and limits are worked out again from each",
    ("metric", "from"),
    (
        Column(
            "metric",
            METRIC,
            meaning="a metric with a monthly series, or `all` (default): every metric",
            values=(*charted.names(), ALL_METRICS),
            default=ALL_METRICS,
        ),
        Column(
            "from",
            DATE,
            True,
            "the first day of the new process; the limits are worked out again from the month "
            "that holds it",
        ),
        Column("note", TEXT, True, 'what changed, e.g. "new RASSO unit"; shown on the charts'),
    ),
    records=False,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        CRIMES,
        OUTCOMES,
        SUSPECTS,
        BAIL,
        ORDERS,
        BREACHES,
        BIOMETRICS,
        TRAINING,
        TARGETS,
        PROCESS_CHANGES,
    )
}
# The tables of records (the extract proper): what data quality measures and shrinks guard.
RECORD_TABLES: tuple[str, ...] = tuple(name for name, t in TABLES.items() if t.records)

# Extra columns the parser derives and stores beside the contract's own.
DERIVED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "crimes": (("ho_subclass", TEXT),),
}


def planned_dates() -> list[str]:
    """`table column` of every planned date (allowed after the as-at date)."""
    return [f"{t.name} {col.name}" for t in TABLES.values() for col in t.columns if col.planned]


def stored_columns(table: str) -> tuple[tuple[str, str], ...]:
    """(name, type) of every column stored for a table, in order: contract columns then derived."""
    spec = TABLES[table]
    return tuple((c.name, c.type) for c in spec.columns) + DERIVED_COLUMNS.get(table, ())
