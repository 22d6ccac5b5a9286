"""Reference code lists from `data/reference/`: offence codes, outcome types, orders, areas."""

from __future__ import annotations

import csv
from functools import cache

from dashboard.settings import REFERENCE


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with open(REFERENCE / name, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def offence_codes() -> dict[str, str]:
    """Home Office sexual offence code -> subgroup ("Rape" or "Other sexual offences")."""
    return {r["code"]: r["subgroup"] for r in _rows("ho_sexual_offence_codes.csv")}


def offence_descriptions() -> dict[str, str]:
    return {r["code"]: r["description"] for r in _rows("ho_sexual_offence_codes.csv")}


def outcome_types() -> dict[str, tuple[str, str]]:
    """Outcome code -> (label, group)."""
    return {r["code"]: (r["label"], r["group"]) for r in _rows("ho_outcome_types.csv")}


def order_type_codes() -> tuple[str, ...]:
    return tuple(r["code"] for r in _rows("order_types.csv"))


def order_types() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _rows("order_types.csv")}


def local_authorities() -> tuple[dict[str, str], ...]:
    """Rows of gss_code, name_en, name_cy."""
    return _rows("gwent_local_authorities.csv")


def local_authority_spellings() -> dict[str, str]:
    """Lower-cased GSS code, English or Welsh name -> GSS code."""
    out: dict[str, str] = {}
    for r in local_authorities():
        for key in ("gss_code", "name_en", "name_cy"):
            out[r[key].strip().lower()] = r["gss_code"]
    return out
