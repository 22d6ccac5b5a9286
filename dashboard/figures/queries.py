"""Load `queries/**/*.sql`, parse each header, and run a query with its declared parameters.

Header rule: a file starts with a block of comment lines, one `-- key: value` per key (keys
lower case: metric, label, definition, unit, better, basis, params, source, then the keys of its
kind: a kpi file's place in the catalogue, its tile and its series, `figures.catalogue`; a trend
or breakdown's disclosure shape, `disclosure.shapes`). An `inputs` file reads an analyst's own
table (targets, process changes: `figures.spc_inputs`): not a measure, it has no unit, better
or basis. A long value goes on over continuation
lines: `--` followed by at least two spaces, then the text; continuation lines are joined to the
value with one space. The header ends at the first line that is not a comment; every header line
must be a key line or a continuation line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from dashboard.settings import QUERIES

HEADER_KEYS = ("metric", "label", "definition", "unit", "better", "basis", "params", "source")
# The keys a file of each kind may add (required ones first), read by figures.catalogue and
# disclosure.shapes.
KIND_KEYS = {
    "kpi": ("catalogue", "tile", "trend", "sum_of", "hide_with", "national"),
    "trend": ("shape",),
    "breakdown": ("shape", "access"),
    "checks": (),
    "national": (),
    "inputs": (),
}
REQUIRED_KIND_KEYS = {"kpi": ("catalogue",), "trend": ("shape",), "breakdown": ("shape",)}
# The common keys a kind's files leave out: an analyst's inputs are not measures.
NOT_MEASURE_KEYS = {"inputs": ("unit", "better", "basis")}
KINDS = ("kpi", "trend", "breakdown", "checks", "national", "inputs")
UNITS = ("count", "rate", "days", "hours", "counts")
BETTER = ("up", "down", "none")
BASES = ("closed", "recorded", "snapshot", "none")

_KEY_LINE = re.compile(r"^-- ([a-z_]+):(?: (.*))?$")
_CONTINUATION = re.compile(r"^-- {2,}(\S.*)$")
# String literals, quoted identifiers and comments are matched (and skipped) before parameters,
# so a `$name` inside any of them is not a parameter.
_TOKENS = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/|\$\$.*?\$\$|\$([A-Za-z_]\w*)",
    re.DOTALL,
)


class QueryHeaderError(ValueError):
    """A SQL file whose header does not follow the rule."""


class QueryRunner(Protocol):
    def query(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame: ...


@dataclass(frozen=True)
class Query:
    """One SQL file: where it lives, its header fields, its text and its declared parameters."""

    name: str
    kind: str
    path: Path
    header: dict[str, str] = field(compare=False)
    sql: str = field(repr=False)
    params: tuple[str, ...] = ()

    @property
    def metric(self) -> str:
        return self.header.get("metric", "")

    @property
    def label(self) -> str:
        return self.header.get("label", "")

    @property
    def definition(self) -> str:
        return self.header.get("definition", "")

    @property
    def unit(self) -> str:
        return self.header.get("unit", "")

    @property
    def better(self) -> str:
        return self.header.get("better", "")

    @property
    def basis(self) -> str:
        return self.header.get("basis", "")

    @property
    def sources(self) -> tuple[str, ...]:
        return _split_list(self.header.get("source", ""))


def _split_list(value: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    return () if items == ("none",) else items


def message_prefix(kind: str) -> str:
    """Where a query's label and definition are translated in the catalogue:
    `metric.<name>.label` for the flight deck's figures, `check.<name>.label` for the checks,
    `trend.<name>.label` and `breakdown.<name>.label` for the others (a trend often shares its
    name with a figure: `charged`)."""
    return {"kpi": "metric", "checks": "check"}.get(kind, kind)


def parse_header(sql: str, where: str = "<sql>") -> dict[str, str]:
    """The `-- key: value` lines at the top of a SQL text, continuation lines joined."""
    header: dict[str, str] = {}
    last: str | None = None
    for number, line in enumerate(sql.splitlines(), start=1):
        line = line.rstrip()
        if not line.startswith("--"):
            break
        continuation = _CONTINUATION.match(line)
        if continuation and last is not None:
            header[last] = f"{header[last]} {continuation.group(1)}".strip()
            continue
        key_line = _KEY_LINE.match(line)
        if not key_line:
            raise QueryHeaderError(f"{where}:{number}: not a `-- key: value` header line")
        key = key_line.group(1)
        if key in header:
            raise QueryHeaderError(f"{where}:{number}: header key {key!r} given twice")
        header[key] = (key_line.group(2) or "").strip()
        last = key
    return header


def used_params(sql: str) -> set[str]:
    """Names of the `$name` parameters the SQL uses, ignoring comments and string literals."""
    return {m.group(1) for m in _TOKENS.finditer(sql) if m.group(1)}


def load_query(path: Path, root: Path = QUERIES) -> Query:
    sql = path.read_text(encoding="utf-8")
    header = parse_header(sql, str(path))
    kind = path.relative_to(root).parts[0]
    return Query(
        name=path.stem,
        kind=kind,
        path=path,
        header=header,
        sql=sql,
        params=_split_list(header.get("params", "")),
    )


@cache
def _load_all(root: Path) -> tuple[Query, ...]:
    paths = sorted(p for p in root.glob("*/**/*.sql") if not p.name.startswith("_"))
    return tuple(load_query(p, root) for p in paths)


def all_queries(root: Path = QUERIES) -> tuple[Query, ...]:
    """Every query file under `root` (not `_schema.sql`), sorted by path."""
    return _load_all(Path(root))


def queries_of_kind(kind: str, root: Path = QUERIES) -> tuple[Query, ...]:
    if kind not in KINDS:
        raise ValueError(f"unknown query kind {kind!r}; expected one of {', '.join(KINDS)}")
    return tuple(q for q in all_queries(root) if q.kind == kind)


def get_query(kind: str, name: str, root: Path = QUERIES) -> Query:
    for q in queries_of_kind(kind, root):
        if q.name == name:
            return q
    raise KeyError(f"no query {kind}/{name}.sql")


def bind(query: Query, params: Mapping[str, Any]) -> dict[str, Any]:
    """The query's declared parameters taken from `params` (extra entries are left out)."""
    missing = [p for p in query.params if p not in params]
    if missing:
        raise KeyError(f"{query.kind}/{query.name}: missing parameter(s) {', '.join(missing)}")
    return {p: params[p] for p in query.params}


def run(engine: QueryRunner, query: Query, params: Mapping[str, Any]) -> pd.DataFrame:
    """Run a query with only its declared parameters, bound (never formatted into the SQL)."""
    return engine.query(query.sql, bind(query, params))


def header_problems(query: Query) -> list[str]:
    """Everything wrong with a query's header: missing keys, values outside the allowed sets,
    declared parameters that differ from those the SQL uses."""
    h, problems = query.header, []
    left_out = NOT_MEASURE_KEYS.get(query.kind, ())
    problems += [
        f"missing header key {k!r}" for k in HEADER_KEYS if not h.get(k) and k not in left_out
    ]
    problems += [f"header key {k!r} does not apply to {query.kind}" for k in left_out if k in h]
    problems += [
        f"missing header key {k!r}" for k in REQUIRED_KIND_KEYS.get(query.kind, ()) if not h.get(k)
    ]
    allowed_keys = (*HEADER_KEYS, *KIND_KEYS.get(query.kind, ()))
    problems += [f"unknown header key {k!r}" for k in h if k not in allowed_keys]
    allowed = {"unit": UNITS, "better": BETTER, "basis": BASES}
    for key, values in allowed.items():
        if h.get(key) and h[key] not in values:
            problems.append(f"{key} {h[key]!r} is not one of {', '.join(values)}")
    if query.kind not in KINDS:
        problems.append(f"folder {query.kind!r} is not one of {', '.join(KINDS)}")
    declared, used = set(query.params), used_params(query.sql)
    if declared != used:
        problems.append(
            f"declared params {sorted(declared)} differ from params used {sorted(used)}"
        )
    return problems
