"""Synthetic crimes, outcomes and suspects as numpy arrays, drawn from one seeded generator.

Dates are int64 days since 1970-01-01 and `NA` marks a blank; formatting happens in `synth.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NA = -10_000_000  # far below any real day, so np.minimum keeps a blank blank
Cols = dict[str, np.ndarray]

# Final outcome code -> (weight for rape, weight for other sexual offences, median days to it).
OUTCOME_MODEL: dict[str, tuple[float, float, int]] = {
    "1": (2.6, 5.5, 380),
    "1A": (0.3, 0.6, 400),
    "15": (30.0, 23.5, 330),
    "16": (28.0, 24.0, 200),
    "14": (11.0, 12.0, 100),
    "18": (6.0, 8.0, 70),
    "21": (10.0, 9.5, 260),
    "10": (4.7, 4.0, 210),
    "9": (2.0, 1.5, 350),
    "20": (2.0, 2.0, 60),
    "2": (0.3, 1.2, 230),
    "3": (0.4, 1.5, 230),
    "8": (0.4, 2.5, 120),
    "22": (0.6, 2.0, 180),
    "17": (0.4, 0.4, 400),
    "11": (0.5, 1.0, 150),
    "13": (0.5, 0.3, 280),
    "5": (0.3, 0.5, 300),
}
NO_SUSPECT_CODES = ("14", "18", "20")
CHARGE_CODES = ("1", "1A")
SEXES = {"F": 0.875, "M": 0.11, "X": 0.003, "U": 0.012}
AGE_BANDS = ((0, 12), (13, 15), (16, 24), (25, 39), (40, 59), (60, 89))
AGE_P_RECENT = (0.06, 0.12, 0.31, 0.30, 0.17, 0.04)
AGE_P_NON_RECENT = (0.22, 0.20, 0.22, 0.17, 0.14, 0.05)
OTHER_CODES = {
    "SA": 0.45,  # sexual assault: 17A/17B/20A/20B by the victim's sex and age
    "21": 0.05,
    "22A": 0.05,
    "22B": 0.08,
    "23": 0.02,
    "70": 0.01,
    "71": 0.03,
    "73": 0.02,
    "88A": 0.04,
    "88C": 0.06,
    "88D": 0.01,
    "88E": 0.18,
}
CHILD_CODE_AGES = {"21": (4, 12), "22B": (13, 15), "88A": (11, 15), "71": (12, 17)}
REL_SUSPECT = {
    "partner": 0.27,
    "family": 0.18,
    "acquaintance": 0.38,
    "stranger": 0.04,
    "position_of_trust": 0.04,
    "other": 0.05,
    "unknown": 0.02,
    "": 0.02,
}
REL_NO_SUSPECT = {"stranger": 0.45, "unknown": 0.33, "acquaintance": 0.15, "other": 0.05, "": 0.02}
DA_BY_REL = {"partner": 0.95, "family": 0.5}


@dataclass(frozen=True)
class World:
    """The random source and the date range (inclusive days) every table is drawn in."""

    rng: np.random.Generator
    start: int
    end: int


def choose(rng: np.random.Generator, weights: dict, n: int) -> np.ndarray:
    """n keys of `weights` drawn with probability proportional to the values."""
    keys = np.array(list(weights))
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


def geo(rng: np.random.Generator, n: int, mean: float) -> np.ndarray:
    """Geometric whole-day lags starting at 0 with the given mean."""
    return rng.geometric(1.0 / (mean + 1.0), n).astype(np.int64) - 1


def lognormal_days(rng: np.random.Generator, medians: np.ndarray, sigma: float) -> np.ndarray:
    """Lognormal durations (at least one day) around per-row medians."""
    draw = rng.lognormal(np.log(medians), sigma)
    return np.maximum(1, np.rint(draw)).astype(np.int64)


def between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A uniform whole day in [lo, hi] for each row (hi >= lo)."""
    return lo + np.floor(rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)


def zfill(text: np.ndarray, width: int) -> np.ndarray:
    """np.strings.zfill, also for an empty array (which numpy refuses)."""
    return np.strings.zfill(text, width) if len(text) else text.astype(f"U{width}")


def year_of(days: np.ndarray) -> np.ndarray:
    """Calendar year of each day."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _reported(w: World, n: int) -> np.ndarray:
    """Sorted report days: a gentle upward trend with a summer peak."""
    days = np.arange(w.start, w.end + 1, dtype=np.int64)
    t = (days - w.start) / max(1, len(days) - 1)
    month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    weight = (0.92 + 0.16 * t) * (1.0 + 0.1 * np.cos(2 * np.pi * (month - 6) / 12))
    return np.sort(w.rng.choice(days, size=n, p=weight / weight.sum()))


def _refs(w: World, reported: np.ndarray) -> np.ndarray:
    """RMS-style references GW/YYYY/NNNNNN, serials rising through each calendar year."""
    year = year_of(reported)
    busiest = int(np.unique(year, return_counts=True)[1].max(initial=1))
    gap = w.rng.integers(1, max(1, min(60, 1_700_000 // busiest - 1)) + 1, len(year))
    total = np.cumsum(gap)
    first = np.searchsorted(year, year)
    serial = total - total[first] + gap[first]
    text = np.strings.add("GW/", year.astype(str))
    return np.strings.add(np.strings.add(text, "/"), zfill(serial.astype(str), 6))


def _outcomes(w: World, c: Cols) -> None:
    """Final outcome code, date (NA while open) and suspect flag of every crime record."""
    rng, n = w.rng, len(c["reported"])
    codes = list(OUTCOME_MODEL)
    p_rape = np.array([v[0] for v in OUTCOME_MODEL.values()])
    p_other = np.array([v[1] for v in OUTCOME_MODEL.values()])
    pick_rape = rng.choice(len(codes), n, p=p_rape / p_rape.sum())
    pick_other = rng.choice(len(codes), n, p=p_other / p_other.sum())
    pick = np.where(c["rape"], pick_rape, pick_other)
    medians = np.array([v[2] for v in OUTCOME_MODEL.values()], dtype=float)[pick]
    when = c["recorded"] + lognormal_days(rng, medians, 0.75)
    is_crime = c["record_type"] == "crime"
    closed = is_crime & (when <= w.end)
    c["final_code"] = np.where(is_crime, np.array(codes)[pick], "")
    c["outcome_date"] = np.where(closed, when, NA)
    c["closed"] = closed
    c["has_suspect"] = is_crime & ~np.isin(c["final_code"], NO_SUSPECT_CODES)
    c["charged"] = closed & np.isin(c["final_code"], CHARGE_CODES)


def _victims(w: World, c: Cols) -> None:
    """Victim id, sex, age, relationship and domestic-abuse flag."""
    rng, n = w.rng, len(c["reported"])
    vid = np.arange(n, dtype=np.int64)
    again = rng.random(n) < 0.04
    vid[again] = np.floor(rng.random(int(again.sum())) * np.flatnonzero(again)).astype(np.int64)
    c["victim"] = np.where(rng.random(n) < 0.01, -1, vid)
    c["sex"] = choose(rng, SEXES, n)
    bands = len(AGE_BANDS)
    old, new = rng.choice(bands, n, p=AGE_P_NON_RECENT), rng.choice(bands, n, p=AGE_P_RECENT)
    band = np.where(c["non_recent"], old, new)
    lo = np.array([b[0] for b in AGE_BANDS])[band]
    hi = np.array([b[1] for b in AGE_BANDS])[band]
    c["age"] = np.where(rng.random(n) < 0.04, -1, between(rng, lo, hi))
    rel = np.where(
        c["has_suspect"] | (c["record_type"] != "crime"),
        choose(rng, REL_SUSPECT, n),
        choose(rng, REL_NO_SUSPECT, n),
    )
    rel = np.where((c["age"] >= 0) & (c["age"] < 13) & (rel == "partner"), "family", rel)
    c["relationship"] = rel
    p_da = np.select([rel == k for k in DA_BY_REL], list(DA_BY_REL.values()), 0.02)
    da = (rng.random(n) < p_da).astype(np.int8)
    c["domestic_abuse"] = np.where(rng.random(n) < 0.03, -1, da)


def _offence_codes(w: World, c: Cols) -> None:
    """Home Office code fitting the victim's sex and age (ages fitted to child-only codes)."""
    rng, n = w.rng, len(c["reported"])
    age, male = c["age"], c["sex"] == "M"
    band = np.select([(age >= 0) & (age < 13), (age >= 13) & (age < 16)], [2, 1], 0)
    rape = np.where(
        male, np.array(["19F", "19G", "19H"])[band], np.array(["19C", "19D", "19E"])[band]
    )
    other = choose(rng, OTHER_CODES, n)
    for code, (lo, hi) in CHILD_CODE_AGES.items():
        fit = (other == code) & ~c["rape"] & (age >= 0)
        age[fit] = between(rng, np.full(int(fit.sum()), lo), np.full(int(fit.sum()), hi))
    child = (age >= 0) & (age < 13)
    assault = np.where(male, np.where(child, "17B", "17A"), np.where(child, "20B", "20A"))
    other = np.where(other == "SA", assault, other)
    c["offence_code"] = np.where(c["rape"], rape, other)


def _dates(w: World, c: Cols) -> None:
    """Offence, ISVA referral and victim withdrawal dates."""
    rng, rep, n = w.rng, c["reported"], len(c["reported"])
    recent = np.where(rng.random(n) < 0.1, rng.integers(1, 300, n), geo(rng, n, 2.0))
    old = 366 + np.minimum(rng.exponential(7 * 365.25, n), 45 * 365).astype(np.int64)
    offence = rep - np.where(c["non_recent"], old, recent)
    c["offence"] = np.where(rng.random(n) < 0.05, NA, offence)
    isva = rep + np.where(rng.random(n) < 0.4, 0, geo(rng, n, 8.0))
    c["isva"] = np.where((rng.random(n) < 0.6) & (isva <= w.end), isva, NA)
    stop = np.where(c["closed"], c["outcome_date"], w.end)
    withdrew = np.isin(c["final_code"], ("14", "16")) & c["closed"] & (rng.random(n) < 0.8)
    withdrew |= (c["record_type"] == "crime") & ~c["closed"] & (rng.random(n) < 0.05)
    c["withdrawal"] = np.where(withdrew, between(rng, rep, stop), NA)


def crimes(w: World, n: int) -> Cols:
    """All crime-level facts: record type, dates, victim, offence code and current outcome."""
    rng = w.rng
    c: Cols = {"reported": _reported(w, n)}
    c["ref"] = _refs(w, c["reported"])
    c["rape"] = rng.random(n) < 0.34
    u = rng.random(n)
    kind = np.where(u > 0.985, "cancelled", "crime")
    c["record_type"] = np.where(c["rape"] & (u < 0.04), "n100", kind)
    c["non_recent"] = rng.random(n) < 0.2
    lag = np.where(rng.random(n) < 0.03, rng.integers(5, 61, n), geo(rng, n, 0.7))
    c["recorded"] = np.minimum(c["reported"] + lag, w.end)
    _outcomes(w, c)
    _victims(w, c)
    _offence_codes(w, c)
    _dates(w, c)
    c["recorded"] = np.where(c["record_type"] == "n100", NA, c["recorded"])
    return c


def _people(rng: np.random.Generator, links: int) -> np.ndarray:
    """Person numbers for suspect links: about 3% of people are linked to two or more crimes."""
    pool = links // 33
    extra = rng.geometric(0.7, pool)
    while extra.sum() > links // 2:
        extra = np.minimum(extra, extra.max() - 1)
    distinct = links - int(extra.sum())
    ids = np.concatenate([np.repeat(np.arange(pool), 1 + extra), np.arange(pool, distinct)])
    return rng.permutation(ids)


def suspects(w: World, c: Cols) -> Cols:
    """Suspect links (crime index, person number) with identification, arrest, interview dates."""
    rng = w.rng
    one = np.flatnonzero(c["has_suspect"])
    crime = np.sort(np.concatenate([one, one[rng.random(len(one)) < 0.04]]))
    person = _people(rng, len(crime))
    _, keep = np.unique(crime * (1 << 25) + person, return_index=True)
    crime, person = crime[np.sort(keep)], person[np.sort(keep)]
    n, closed = len(crime), c["closed"][crime]
    cap = np.where(closed, c["outcome_date"][crime], w.end)
    rep = c["reported"][crime]
    ident = np.minimum(rep + np.where(rng.random(n) < 0.65, 0, geo(rng, n, 12.0)), cap)
    arrest = ident + geo(rng, n, 4.0)
    wanted = rng.random(n) < np.where(c["charged"][crime], 0.9, 0.55)
    arrest = np.where(wanted & (closed | (arrest <= w.end)), np.minimum(arrest, cap), NA)
    vol = ident + geo(rng, n, 20.0)
    wanted = (arrest == NA) & (rng.random(n) < 0.45)
    vol = np.where(wanted & (closed | (vol <= w.end)), np.minimum(vol, cap), NA)
    after = np.minimum(arrest + (rng.random(n) < 0.2), cap)
    interview = np.where(arrest != NA, np.where(rng.random(n) < 0.05, NA, after), vol)
    p_bio = np.where(arrest != NA, 0.93, np.where(vol != NA, 0.3, 0.02))
    bio = np.where(rng.random(n) < 0.03, -1, (rng.random(n) < p_bio).astype(np.int8))
    return {
        "crime": crime,
        "person": person,
        "identified": ident,
        "arrest": arrest,
        "voluntary": vol,
        "interview": interview,
        "biometrics": bio,
    }
