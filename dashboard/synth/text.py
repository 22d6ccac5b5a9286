"""Synthetic tables as contract text: dates, ids and codes written in awkward-but-legal forms.

Each `*_csv` function turns model arrays (`tables`, `events`) into the columns of one
table, in contract order, as text. Which forms appear where:
crimes (DD/MM/YYYY and D/M/YYYY, Y/N, `019c`/`22A/01`, GSS/English/Welsh areas, `Female`/`F`),
outcomes (`16`/`016`/`OC16`/`Outcome 16`, code 0 without a date), suspects (DD/MM/YYYY, Yes/No),
bail (TRUE/FALSE, some lower-case), breaches (three date-time forms), training (D/M/YYYY, 1/0).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np

from dashboard import reference
from dashboard.synth import events as ev
from dashboard.synth.tables import NA, Cols, World, choose, zfill

EPOCH = date(1970, 1, 1)
LUT_FIRST, LUT_LAST = date(1900, 1, 1), date(2100, 12, 31)
LUT_BASE = (LUT_FIRST - EPOCH).days
HEX2 = np.array([f"{i:02X}" for i in range(256)])
AGE_TEXT = np.array([str(i) for i in range(121)] + [""], dtype=object)
LA_SHARES = {"W06000022": 0.30, "W06000018": 0.28, "W06000020": 0.15, "W06000021": 0.13}
LA_SHARES |= {"W06000019": 0.125, "elsewhere": 0.004, "": 0.011}
ELSEWHERE = ("Cardiff", "Out of force area", "Caerdydd")
SEX_WORDS = {"F": "Female", "M": "Male", "X": "Other", "U": "Unknown"}


def days_of(d: date) -> int:
    """Days since 1970-01-01."""
    return (d - EPOCH).days


@cache
def _date_lut(style: str) -> np.ndarray:
    """Every day 1900-2100 written in one style (`iso`, `uk`, `uk_short`); index -1 is blank."""
    first = LUT_FIRST.toordinal()
    days = [date.fromordinal(o) for o in range(first, LUT_LAST.toordinal() + 1)]
    if style == "iso":
        text = [d.isoformat() for d in days]
    elif style == "uk":
        text = [f"{d.day:02d}/{d.month:02d}/{d.year}" for d in days]
    else:
        text = [f"{d.day}/{d.month}/{d.year}" for d in days]
    return np.array(text + [""], dtype=object)


def fmt_dates(days: np.ndarray, style: str | np.ndarray) -> np.ndarray:
    """Dates as text in one style, or a style per value; NA as an empty string."""
    idx = np.where(days == NA, -1, days - LUT_BASE)
    if isinstance(style, str):
        return _date_lut(style)[idx]
    out = np.empty(len(days), dtype=object)
    for one in np.unique(style):
        mask = style == one
        out[mask] = _date_lut(str(one))[idx[mask]]
    return out


def fmt_datetimes(minutes: np.ndarray, style: np.ndarray) -> np.ndarray:
    """Date-times as `YYYY-MM-DD HH:MM`, `DD/MM/YYYY HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`."""
    clock = np.array([f"{m // 60:02d}:{m % 60:02d}" for m in range(1440)], dtype=object)
    day, hhmm = minutes // ev.MINUTES_PER_DAY, clock[minutes % ev.MINUTES_PER_DAY]
    iso, uk = fmt_dates(day, "iso"), fmt_dates(day, "uk")
    text = np.select(
        [style == "iso_space", style == "uk_secs"],
        [iso + " " + hhmm, uk + " " + hhmm + ":00"],
        iso + "T" + hhmm + ":00",
    )
    return np.where(minutes == NA, "", text)


def fmt_bool(flags: np.ndarray, yes: str, no: str) -> np.ndarray:
    """1/0/-1 flags as the given spellings, -1 as blank."""
    return np.array([no, yes, ""], dtype=object)[flags]


def relabel(values: np.ndarray, mapping: dict[str, str]) -> np.ndarray:
    """Replace each value found in `mapping`, leave the rest."""
    return np.select([values == k for k in mapping], list(mapping.values()), values)


def hex_ids(prefix: str, numbers: np.ndarray, salt: int) -> np.ndarray:
    """Pseudonymous ids like S-3F9A2C: a bijective scramble of numbers below 2**24."""
    v = ((numbers.astype(np.int64) + salt) * 0x9E3779B1) & 0xFFFFFF
    v = ((v ^ (v >> 11)) * 0x2C1B3D) & 0xFFFFFF  # odd multiplier: still one-to-one
    out = np.strings.add(prefix, HEX2[v >> 16])
    return np.strings.add(np.strings.add(out, HEX2[(v >> 8) & 255]), HEX2[v & 255])


def serial_ids(prefix: str, n: int, width: int) -> np.ndarray:
    """Sequential ids like B0000001."""
    return np.strings.add(prefix, zfill(np.arange(1, n + 1).astype(str), width))


def _spell_offence(rng: np.random.Generator, code: np.ndarray) -> np.ndarray:
    """Mostly canonical codes; a few `019c`-style and a few with a `/NN` sub-class."""
    r = rng.random(len(code))
    padded = np.strings.lower(np.strings.add("0", code))
    sub = np.strings.add(code, np.where(rng.random(len(code)) < 0.7, "/01", "/02"))
    subclassed = np.isin(code, ("22A", "88C", "88E")) & (r > 0.96)
    return np.where(r < 0.02, padded, np.where(subclassed, sub, code))


def _spell_authority(rng: np.random.Generator, n: int) -> np.ndarray:
    """Gwent authorities weighted by population, as GSS code, English or Welsh name."""
    rows = {
        r["gss_code"]: (r["gss_code"], r["name_en"], r["name_cy"])
        for r in reference.local_authorities()
    }
    rows |= {"elsewhere": ELSEWHERE, "": ("", "", "")}
    keys = list(LA_SHARES)
    table = np.array([rows[k] for k in keys], dtype=object)
    p = np.array(list(LA_SHARES.values()))
    which = rng.choice(len(keys), n, p=p / p.sum())
    return table[which, rng.choice(3, n, p=[0.25, 0.55, 0.2])]


def crimes_csv(w: World, c: Cols) -> Cols:
    """The crimes table in UK date forms (some D/M/YYYY), Y/N flags, mixed sex spellings."""
    rng, n = w.rng, len(c["ref"])
    style = choose(rng, {"uk": 0.88, "uk_short": 0.12}, n)
    kind = relabel(c["record_type"], {"n100": "N100"})
    kind = np.where((kind == "crime") & (rng.random(n) < 0.05), "", kind)
    victim = np.where(c["victim"] < 0, "", hex_ids("V-", np.maximum(c["victim"], 0), 0x5A17))
    sex = np.where(rng.random(n) < 0.3, relabel(c["sex"], SEX_WORDS), c["sex"])
    return {
        "crime_ref": c["ref"],
        "record_type": kind,
        "reported_date": fmt_dates(c["reported"], style),
        "recorded_date": fmt_dates(c["recorded"], style),
        "offence_date": fmt_dates(c["offence"], style),
        "ho_offence_code": _spell_offence(rng, c["offence_code"]),
        "local_authority": _spell_authority(rng, n),
        "victim_id": victim,
        "victim_age": AGE_TEXT[c["age"]],
        "victim_sex": sex,
        "relationship": c["relationship"],
        "domestic_abuse": fmt_bool(c["domestic_abuse"], "Y", "N"),
        "isva_referral_date": fmt_dates(c["isva"], style),
        "victim_withdrawal_date": fmt_dates(c["withdrawal"], style),
    }


def outcomes_csv(w: World, c: Cols) -> Cols:
    """Closed crimes with their code (as 16, 016, OC16 or Outcome 16), some open ones as code 0."""
    rng, closed = w.rng, c["closed"]
    zero = (c["record_type"] == "crime") & ~closed & (rng.random(len(closed)) < 0.3)
    rows = np.flatnonzero(closed | zero)
    code = np.where(closed[rows], c["final_code"][rows], "0")
    r = rng.random(len(rows))
    numeric = np.strings.isdigit(code) & (code != "0")
    spelled = np.select(
        [numeric & (r < 0.04), numeric & (r < 0.07), numeric & (r < 0.09)],
        [zfill(code, 3), np.strings.add("OC", code), np.strings.add("Outcome ", code)],
        code,
    )
    return {
        "crime_ref": c["ref"][rows],
        "outcome_code": spelled,
        "outcome_date": fmt_dates(c["outcome_date"][rows], "iso"),
    }


def suspect_ids(numbers: np.ndarray) -> np.ndarray:
    """Suspect ids from person numbers."""
    return hex_ids("S-", numbers, 0x3C0FFE)


def suspects_csv(c: Cols, s: Cols) -> Cols:
    """Suspect links in DD/MM/YYYY, biometrics as Yes/No."""
    return {
        "crime_ref": c["ref"][s["crime"]],
        "suspect_id": suspect_ids(s["person"]),
        "identified_date": fmt_dates(s["identified"], "uk"),
        "arrest_date": fmt_dates(s["arrest"], "uk"),
        "voluntary_interview_date": fmt_dates(s["voluntary"], "uk"),
        "interview_date": fmt_dates(s["interview"], "uk"),
        "biometrics_taken": fmt_bool(s["biometrics"], "Yes", "No"),
    }


def bail_csv(w: World, c: Cols, s: Cols, b: Cols) -> Cols:
    """Releases with ISO dates and TRUE/FALSE (sometimes lower-case) conditions."""
    lower = w.rng.random(len(b["link"])) < 0.15
    flags = np.where(
        lower,
        fmt_bool(b["conditions"], "true", "false"),
        fmt_bool(b["conditions"], "TRUE", "FALSE"),
    )
    return {
        "bail_id": serial_ids("B", len(b["link"]), 7),
        "crime_ref": c["ref"][s["crime"][b["link"]]],
        "suspect_id": suspect_ids(s["person"][b["link"]]),
        "release_type": b["release_type"],
        "start_date": fmt_dates(b["start"], "iso"),
        "end_date": fmt_dates(b["end"], "iso"),
        "has_conditions": flags,
        "authorised_by": b["authorised"],
    }


def orders_csv(c: Cols, o: Cols) -> Cols:
    """Orders with ISO dates; standalone orders have no crime reference."""
    return {
        "order_id": serial_ids("ORD-", len(o["type"]), 6),
        "suspect_id": suspect_ids(o["person"]),
        "crime_ref": np.where(o["crime"] < 0, "", c["ref"][np.maximum(o["crime"], 0)]),
        "order_type": o["type"],
        "applied_date": fmt_dates(o["applied"], "iso"),
        "decision": o["decision"],
        "decision_date": fmt_dates(o["decided"], "iso"),
        "expiry_date": fmt_dates(o["expiry"], "iso"),
    }


def breaches_csv(w: World, r: Cols, bail_ids: np.ndarray, order_ids: np.ndarray) -> Cols:
    """Breaches with date-times in three forms and breach crimes outside the RASSO set."""
    n = len(r["at"])
    style = choose(w.rng, {"iso_space": 0.5, "uk_secs": 0.3, "iso_t": 0.2}, n)
    is_bail = r["of"] == "bail"
    ref = np.empty(n, dtype=object)
    ref[is_bail], ref[~is_bail] = bail_ids[r["row"][is_bail]], order_ids[r["row"][~is_bail]]
    crime = np.strings.add(np.strings.add("GW/", r["crime_year"].astype(str)), "/")
    crime = np.strings.add(crime, r["crime_serial"].astype(str))
    return {
        "breach_id": serial_ids("BR-", n, 6),
        "breach_of": r["of"],
        "ref_id": ref,
        "breach_at": fmt_datetimes(r["at"], style),
        "reported_at": fmt_datetimes(r["reported"], style),
        "action": r["action"],
        "action_at": fmt_datetimes(r["action_at"], style),
        "breach_crime_ref": np.where(r["crime_year"] < 0, "", crime),
    }


def biometrics_csv(c: Cols, s: Cols, g: Cols) -> Cols:
    """s63G rows with ISO dates."""
    return {
        "suspect_id": suspect_ids(s["person"][g["link"]]),
        "crime_ref": c["ref"][s["crime"][g["link"]]],
        "nfa_date": fmt_dates(g["nfa"], "iso"),
        "application_date": fmt_dates(g["applied"], "iso"),
        "decision": g["decision"],
        "decision_date": fmt_dates(g["decided"], "iso"),
    }


def training_csv(t: Cols) -> Cols:
    """Training rows with 1/0 in-scope flags and D/M/YYYY completion dates."""
    return {
        "staff_id": hex_ids("P-", t["staff"], 0x7EA),
        "team": t["team"],
        "in_scope": fmt_bool(t["in_scope"].astype(np.int8), "1", "0"),
        "course": t["course"],
        "completed_date": fmt_dates(t["completed"], "uk_short"),
    }
