"""SQL for the contract's cell and row rules, assembled from the contract's names only.

Every value list is a bound parameter (`$true_spellings`, `$enum_keys_<column>`, ...); the only
text put into the SQL is column names taken from `contract.py`, never from a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.i18n import t
from dashboard.ingest import charted
from dashboard.ingest import contract as c
from dashboard.ingest.plausible import DateBounds
from dashboard.ingest.report import ERROR, WARNING, Problem

ISO_DATE = r"\d{4}-\d{1,2}-\d{1,2}"
UK_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
DATE_PATTERN = rf"({ISO_DATE}|{UK_DATE})"
DATETIME_PATTERN = DATE_PATTERN + r"( \d{1,2}:\d{2}(:\d{2})?)?"
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_FORMATS = [f"{d}{tm}" for d in DATE_FORMATS for tm in ("", " %H:%M", " %H:%M:%S")]
RATE_TARGET_MAX = 100  # a rate's target is a percentage


@dataclass(frozen=True)
class Check:
    """A boolean column `flag` in the parsed result: true where the row breaks `rule`."""

    flag: str
    severity: str
    column: str | None
    rule: str

    def problem(self, file: str, line: int, value: str | None) -> Problem:
        return Problem(self.severity, file, line, self.column, value, self.rule)


def q(name: str) -> str:
    """A quoted identifier; names come from the contract, which allows only [a-z_]."""
    assert name.replace("_", "").isalnum(), name
    return f'"{name}"'


def _parse_expr(col: c.Column, v: str) -> str:
    """SQL turning the trimmed text `v` into the stored value (NULL when it cannot)."""
    n = col.name
    if col.type == c.DATE:
        # A cheap shape test picks the one format to try: ISO by DuckDB's own cast (strict once
        # the shape is right), UK day-first by strptime. Never month-first.
        return (
            f"case when regexp_full_match({v}, $iso_date) then try_cast({v} as date) "
            f"when regexp_full_match({v}, $uk_date) then try_strptime({v}, '%d/%m/%Y')::date end"
        )
    if col.type == c.DATETIME:
        w = f"replace({v}, 'T', ' ')"
        parsed = f"try_strptime({w}, {c_list(DATETIME_FORMATS)})"
        return f"case when regexp_full_match({w}, $datetime_pattern) then {parsed} end"
    if col.type == c.BOOLEAN:
        return (
            f"case when list_contains($true_spellings, lower({v})) then true "
            f"when list_contains($false_spellings, lower({v})) then false end"
        )
    if col.type == c.INTEGER:
        return f"case when regexp_full_match({v}, '[+-]?[0-9]+') then try_cast({v} as integer) end"
    if col.type == c.NUMBER:
        shape = r"'[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)'"
        return f"case when regexp_full_match({v}, {shape}) then try_cast({v} as double) end"
    if col.type in (c.ENUM, c.METRIC):
        found = f"$enum_vals_{n}[list_position($enum_keys_{n}, lower({v}))]"
        # The default stands for an empty cell only: a value not in the list is an error.
        return f"case when {v} is null then $default_{n} else {found} end" if col.default else found
    if col.type in (c.OFFENCE_CODE, c.OUTCOME_CODE):
        code = f"cleaned.{q(n + '__code')}"  # see _helpers
        codes = "$offence_codes" if col.type == c.OFFENCE_CODE else "$outcome_codes"
        return f"case when list_contains({codes}, {code}) then {code} end"
    if col.type == c.LOCAL_AUTHORITY:
        found = f"$la_vals[list_position($la_keys, lower({v}))]"
        return f"coalesce({found}, case when {v} is not null then 'unknown' end)"
    return v


def _helpers(col: c.Column) -> list[tuple[str, str]]:
    """Intermediate values of a column's parse, each `(name, SQL)` over the trimmed cell and
    the helpers before it, each computed once in a layer of its own (written inline, nested
    expressions are evaluated once per use: several times for one cell)."""
    v = q(col.name)
    if col.type == c.OFFENCE_CODE:  # "19C/1" -> "19C"; "019c" -> "19C"
        return [
            (col.name + "__code", f"ltrim(upper(replace(split_part({v}, '/', 1), ' ', '')), '0')")
        ]
    if col.type != c.OUTCOME_CODE:
        return []
    # "Outcome 16", "OC16", "016" -> "16"; all zeros -> "0". Prefix tests, not regexes.
    upper, bare, digits = (q(col.name + s) for s in ("__upper", "__bare", "__digits"))
    return [
        (col.name + "__upper", f"upper(replace({v}, ' ', ''))"),
        (
            col.name + "__bare",
            f"case when starts_with({upper}, 'OUTCOME') then substr({upper}, 8) "
            f"when starts_with({upper}, 'OC') then substr({upper}, 3) else {upper} end",
        ),
        (col.name + "__digits", f"ltrim({bare}, '0')"),
        (
            col.name + "__code",
            f"case when {bare} <> '' and {digits} = '' then '0' else {digits} end",
        ),
    ]


def _cleaned(v: str) -> str:
    """The cell without surrounding spaces, NULL when empty. `trim` (spaces only) runs only on
    the few cells that start or end with one: most cells need no copy."""
    spaced = f"starts_with({v}, ' ') or ends_with({v}, ' ')"
    return f"case when {spaced} then nullif(trim({v}), '') else nullif({v}, '') end"


def c_list(items: list[str]) -> str:
    """A constant SQL list of format strings (fixed in code, not data)."""
    return "[" + ", ".join(f"'{i}'" for i in items) + "]"


def _type_rule(col: c.Column) -> str:
    if col.type in (c.ENUM,):
        return t("rule.bad_enum", values=", ".join(col.values))
    return t(f"rule.bad_{col.type}")


def _flag(flags: list, cond: str, flag: str, severity: str, column: str, rule: str) -> None:
    flags.append((cond, Check(flag, severity, column, rule)))


def _date_flags(col: c.Column, flags: list, bounds: DateBounds) -> None:
    """A date no records system can have produced: before the floor, or (unless planned) after
    the ceiling (the analyst's as-at date, or the day of the upload)."""
    n = q(col.name)
    day = f"cast({n} as date)" if col.type == c.DATETIME else n
    rule = bounds.floor_rule()
    _flag(flags, f"{day} < $date_floor", f"chk_floor_{col.name}", ERROR, col.name, rule)
    if not col.planned:
        rule = bounds.ceiling_rule()
        _flag(flags, f"{day} > $date_ceiling", f"chk_ceiling_{col.name}", ERROR, col.name, rule)


def _cell_flags(col: c.Column, flags: list, params: dict[str, object], bounds: DateBounds) -> None:
    """The checks of one column, written over its parsed value and its trimmed input `__in`."""
    n, raw = q(col.name), q(col.name + "__in")
    if col.required:
        _flag(flags, f"{raw} is null", f"chk_req_{col.name}", ERROR, col.name, t("rule.required"))
    if col.type == c.LOCAL_AUTHORITY:
        cond = f"{raw} is not null and list_position($la_keys, lower({raw})) is null"
        rule = t("rule.unknown_local_authority")
        _flag(flags, cond, f"chk_la_{col.name}", WARNING, col.name, rule)
    elif col.type != c.TEXT:
        cond = f"{raw} is not null and {n} is null"
        _flag(flags, cond, f"chk_type_{col.name}", ERROR, col.name, _type_rule(col))
    if col.type in (c.DATE, c.DATETIME):
        _date_flags(col, flags, bounds)
        params.update(bounds.params())
    if col.minimum is not None and col.maximum is None:
        cond = f"{n} < $min_{col.name}"
        params[f"min_{col.name}"] = col.minimum
        rule = t("rule.below_minimum", minimum=col.minimum)
        _flag(flags, cond, f"chk_range_{col.name}", ERROR, col.name, rule)
    elif col.minimum is not None:
        rule = t("rule.out_of_range", minimum=col.minimum, maximum=col.maximum)
        cond = f"{n} not between $min_{col.name} and $max_{col.name}"
        params[f"min_{col.name}"], params[f"max_{col.name}"] = col.minimum, col.maximum
        _flag(flags, cond, f"chk_range_{col.name}", ERROR, col.name, rule)
    for kind, condition in (("when", col.required_when), ("unless", col.required_unless)):
        if condition is None:
            continue
        other, values = condition
        params[f"cond_{col.name}"] = list(values)
        test = f"list_contains($cond_{col.name}, {q(other)})"
        test = test if kind == "when" else f"not coalesce({test}, false)"
        rule = t(f"rule.required_{kind}", column=other, values=", ".join(values))
        _flag(flags, f"{test} and {raw} is null", f"chk_cond_{col.name}", ERROR, col.name, rule)


def table_sql(spec: c.Table, bounds: DateBounds) -> tuple[str, list[Check], dict[str, object]]:
    """One statement parsing a table of strings (`raw_strings`) and flagging every cell rule,
    dates outside `bounds` among them.

    Rows keep their input order (a projection only), so no sort of a large file is needed.
    """
    cleaned = ", ".join(f"{_cleaned(q(col.name))} as {q(col.name)}" for col in spec.columns)
    parsed: list[str] = []
    flags: list[tuple[str, Check]] = []
    params: dict[str, object] = {}
    for col in spec.columns:
        v = f"cleaned.{q(col.name)}"
        parsed.append(f"{_parse_expr(col, v)} as {q(col.name)}")
        parsed.append(f"{v} as {q(col.name + '__in')}")
        if col.type in (c.ENUM, c.METRIC):
            spellings = col.accepted_spellings()
            params[f"enum_keys_{col.name}"] = list(spellings)
            params[f"enum_vals_{col.name}"] = list(spellings.values())
            if col.default:
                params[f"default_{col.name}"] = col.default
        if col.type == c.OFFENCE_CODE:
            parsed.append(f"nullif(trim(split_part({v}, '/', 2)), '') as \"ho_subclass\"")
        _cell_flags(col, flags, params, bounds)
    if spec.name == "crimes":
        rule = t("rule.recorded_before_reported")
        cond = '"recorded_date" < "reported_date"'
        _flag(flags, cond, "chk_recorded_before_reported", WARNING, "recorded_date", rule)
    if spec.name == "targets":  # a rate's target is a percentage: 0 to 100
        params["rate_metrics"] = list(charted.rates())
        cond = f'list_contains($rate_metrics, "metric") and "target" > {RATE_TARGET_MAX}'
        rule = t("rule.rate_target_above_100")
        _flag(flags, cond, "chk_rate_target", ERROR, "target", rule)
    checks = ", ".join(f"coalesce({cond}, false) as {q(chk.flag)}" for cond, chk in flags)
    # The trimmed inputs serve the checks only; values for the report come from the file's text.
    inputs = ", ".join(q(col.name + "__in") for col in spec.columns)
    # Names from the contract only; every value is bound.
    layers = [f"trimmed as (select _row, {cleaned} from raw_strings)"]  # noqa: S608
    helpers = [h for col in spec.columns for h in _helpers(col)]
    for i, (name, expr) in enumerate(helpers):
        before = "trimmed" if i == 0 else f"helper_{i - 1}"
        layers.append(f"helper_{i} as (select *, {expr} as {q(name)} from {before})")  # noqa: S608
    last = f"helper_{len(helpers) - 1}" if helpers else "trimmed"
    layers.append(f"cleaned as (select * from {last})")  # noqa: S608
    sql = (
        f"with {', '.join(layers)}, "  # noqa: S608
        f"parsed as (select _row, {', '.join(parsed)} from cleaned) "
        f"select * exclude ({inputs}), {checks} from parsed"
    )
    return sql, [chk for _, chk in flags], params


def duplicate_sql(spec: c.Table) -> tuple[str, Check]:
    """The `_row` of every row repeating an earlier row's key in the same file."""
    keys = ", ".join(q(k) for k in spec.key)
    not_null = " and ".join(f"{q(k)} is not null" for k in spec.key)
    numbered = f"select _row, row_number() over (partition by {keys} order by _row) as n"
    sql = f"select _row from ({numbered} from typed_rows where {not_null}) where n > 1"  # noqa: S608
    rule = t("rule.duplicate_key", key=" + ".join(spec.key))
    return sql, Check("chk_duplicate_key", ERROR, spec.key[-1], rule)
