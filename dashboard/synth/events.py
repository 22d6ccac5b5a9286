"""Synthetic bail, orders, breaches, s63G biometrics and training, drawn from the suspect links.

Dates are int64 days since 1970-01-01, date-times int64 minutes since then; `NA` marks a blank.
"""

from __future__ import annotations

import numpy as np

from dashboard import reference
from dashboard.synth.tables import NA, Cols, World, between, choose, geo, lognormal_days, year_of

BAIL_LEVELS = np.array(["custody_officer", "inspector", "superintendent", "court"])
# Order type -> (weight when linked to a crime, weight when standalone, median days to apply).
ORDER_MODEL: dict[str, tuple[float, float, int]] = {
    "SHPO": (0.30, 0.0, 240),
    "ISHPO": (0.04, 0.0, 200),
    "SRO": (0.04, 0.25, 60),
    "ISRO": (0.01, 0.05, 45),
    "SPO": (0.05, 0.15, 40),
    "ISPO": (0.02, 0.05, 30),
    "DVPN": (0.16, 0.20, 1),
    "DVPO": (0.12, 0.10, 3),
    "NMO": (0.10, 0.20, 25),
    "RO": (0.16, 0.0, 300),
}
AFTER_CHARGE = ("SHPO", "ISHPO", "RO")
# Order type -> (share with no fixed end, shortest and longest days to expiry once granted).
EXPIRY: dict[str, tuple[float, int, int]] = {
    "SHPO": (0.35, 1826, 3652),
    "ISHPO": (0.0, 28, 180),
    "SRO": (0.0, 730, 1826),
    "ISRO": (0.0, 28, 180),
    "SPO": (0.4, 730, 730),
    "ISPO": (0.0, 28, 120),
    "DVPN": (0.0, 2, 2),
    "DVPO": (0.0, 14, 28),
    "NMO": (0.3, 182, 365),
    "RO": (0.4, 365, 1826),
}
BREACH_ACTIONS = {
    "arrest": 0.50,
    "warning": 0.14,
    "charge": 0.08,
    "summons": 0.03,
    "no_further_action": 0.07,
    "other": 0.04,
    "none": 0.05,
    "": 0.09,
}
NFA_CODES = ("9", "10", "11", "13", "15", "16", "17", "21")
COURSES = {"word_on_word": 0.95, "ssaidp": 0.5, "orders": 0.35, "other": 0.25}
TEAMS = {  # team -> (staff, share in scope)
    "Gwent RIT North": (24, 1.0),
    "Gwent RIT South": (24, 1.0),
    "Gwent RIT East": (18, 1.0),
    "Public Protection Unit": (16, 0.9),
    "CID Newport": (12, 0.75),
    "CID Caerphilly": (10, 0.7),
    "Tîm Cymorth Dioddefwyr": (8, 0.5),
    "Force Control Room": (6, 0.0),
    "": (2, 1.0),
}
MINUTES_PER_DAY = 1440


def _pre_charge_bail(w: World, start: np.ndarray, out: np.ndarray) -> tuple[np.ndarray, ...]:
    """End date and authorising level: 3-month periods, extended up to a court's."""
    rng, n = w.rng, len(start)
    periods = rng.choice(4, n, p=[0.35, 0.35, 0.2, 0.1]) + 1
    limit = start + np.where(periods < 4, 91 * periods, 273 + rng.integers(91, 183, n))
    closed = out != NA
    end = np.where(closed, np.minimum(out, limit), limit)
    end = np.where(closed | (limit <= w.end) | (rng.random(n) < 0.6), end, NA)
    reach = np.where(closed | (limit <= w.end), end, w.end)
    used = np.clip(np.ceil((reach - start) / 91).astype(np.int64), 1, periods)
    return end, BAIL_LEVELS[used - 1]


def bail(w: World, c: Cols, s: Cols) -> Cols:
    """Pre-charge bail or RUI from each arrest; post-charge bail or remand at charge."""
    rng = w.rng
    pre = np.flatnonzero(s["arrest"] != NA)
    kind = choose(rng, {"pre_charge_bail": 0.45, "rui": 0.45, "": 0.10}, len(pre))
    pcb, rui = pre[kind == "pre_charge_bail"], pre[kind == "rui"]
    start_p, out_p = s["arrest"][pcb], c["outcome_date"][s["crime"][pcb]]
    end_p, level_p = _pre_charge_bail(w, start_p, out_p)
    charged = pre[c["charged"][s["crime"][pre]]]
    post_kind = choose(rng, {"post_charge_bail": 0.65, "remand": 0.3, "": 0.05}, len(charged))
    post, post_kind = charged[post_kind != ""], post_kind[post_kind != ""]
    start_c = c["outcome_date"][s["crime"][post]]
    end_c = start_c + lognormal_days(rng, np.full(len(post), 240.0), 0.6)
    cond_c = np.where(post_kind == "remand", -1, (rng.random(len(post)) < 0.85).astype(np.int8))
    link = np.concatenate([pcb, rui, post])
    start = np.concatenate([start_p, s["arrest"][rui], start_c])
    order = np.lexsort((link, start))
    cols = {
        "link": link,
        "release_type": np.concatenate(
            [np.full(len(pcb), "pre_charge_bail"), kind[kind == "rui"], post_kind]
        ),
        "start": start,
        "end": np.concatenate(
            [end_p, c["outcome_date"][s["crime"][rui]], np.where(end_c <= w.end, end_c, NA)]
        ),
        "conditions": np.concatenate(
            [(rng.random(len(pcb)) < 0.92).astype(np.int8), np.zeros(len(rui), np.int8), cond_c]
        ),
        "authorised": np.concatenate([level_p, np.full(len(rui), ""), np.full(len(post), "court")]),
    }
    return {k: v[order] for k, v in cols.items()}


def orders(w: World, c: Cols, s: Cols) -> Cols:
    """Protective orders, most linked to a crime's suspect, with decisions and expiry dates."""
    rng = w.rng
    n = round(0.085 * int((c["record_type"] == "crime").sum())) if len(s["crime"]) else 0
    if n == 0:
        empty = np.zeros(0, np.int64)
        fields = ("crime", "person", "applied", "decided", "expiry")
        return {k: empty for k in fields} | {
            "type": empty.astype(str),
            "decision": empty.astype(str),
        }
    linked = rng.random(n) < 0.75
    kinds = np.where(linked, _order_types(rng, 0, n), _order_types(rng, 1, n))
    after = np.isin(kinds, AFTER_CHARGE) & linked
    charged_links = np.flatnonzero(c["charged"][s["crime"]])
    pool = charged_links if len(charged_links) else np.arange(len(s["crime"]))
    link = np.where(after, pool[rng.integers(0, len(pool), n)], rng.integers(0, len(s["crime"]), n))
    crime = np.where(linked, s["crime"][link], -1)
    base = np.where(after, c["outcome_date"][s["crime"][link]], s["identified"][link])
    base = np.where(linked, base, between(rng, np.full(n, w.start), np.full(n, w.end)))
    medians = np.array([ORDER_MODEL[k][2] for k in kinds], dtype=float)
    applied = base + np.where(medians < 5, geo(rng, n, 1.0), lognormal_days(rng, medians, 0.6))
    standalone = np.where(
        rng.random(n) < 0.5, s["person"][link], s["person"].max() + 1 + np.arange(n)
    )
    person = np.where(linked, s["person"][link], standalone)
    keep = applied <= w.end
    cols = {"crime": crime, "person": person, "type": kinds, "applied": applied}
    cols = {k: v[keep] for k, v in cols.items()}
    _decide(w, cols)
    order = np.lexsort((cols["crime"], cols["applied"]))
    return {k: v[order] for k, v in cols.items()}


def _order_types(rng: np.random.Generator, which: int, n: int) -> np.ndarray:
    """Order types for linked (0) or standalone (1) orders."""
    return choose(rng, {k: v[which] for k, v in ORDER_MODEL.items() if v[which] > 0}, n)


def _decide(w: World, o: Cols) -> None:
    """Decision, decision date (none while pending) and expiry of each order."""
    rng, kinds, n = w.rng, o["type"], len(o["type"])
    quick = np.isin(kinds, ("DVPN", "DVPO"))
    lag = np.where(
        kinds == "DVPN", 0, np.where(quick, 1 + geo(rng, n, 0.5), rng.integers(1, 91, n))
    )
    decided = o["applied"] + lag
    outcome = np.where(
        kinds == "DVPN",
        choose(rng, {"granted": 0.97, "withdrawn": 0.03}, n),
        choose(rng, {"granted": 0.8, "refused": 0.1, "withdrawn": 0.1}, n),
    )
    pending = decided > w.end
    o["decision"] = np.where(pending, "pending", outcome)
    o["decided"] = np.where(pending, NA, decided)
    spec = np.array([EXPIRY[k] for k in kinds], dtype=float).reshape(n, 3)
    span = between(rng, spec[:, 1].astype(np.int64), spec[:, 2].astype(np.int64))
    fixed = rng.random(n) >= spec[:, 0]
    o["expiry"] = np.where((o["decision"] == "granted") & fixed, decided + span, NA)


def _breach_minutes(w: World, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A breach moment between two days, more often in the evening."""
    rng = w.rng
    weight = np.array([2] * 7 + [3] * 9 + [6] * 8, dtype=float)
    hour = rng.choice(24, len(lo), p=weight / weight.sum())
    minute = hour * 60 + rng.integers(0, 60, len(lo))
    return between(rng, lo, hi) * MINUTES_PER_DAY + minute


def breaches(w: World, b: Cols, o: Cols) -> Cols:
    """Breaches of bail conditions and of granted orders, with reporting and action times."""
    rng = w.rng
    pick_b = np.flatnonzero(b["conditions"] == 1)
    pick_b = pick_b[rng.random(len(pick_b)) < 0.10]
    pick_b = np.concatenate([pick_b, pick_b[rng.random(len(pick_b)) < 0.2]])
    pick_o = np.flatnonzero(o["decision"] == "granted")
    pick_o = pick_o[rng.random(len(pick_o)) < 0.14]
    stop_b = np.where(b["end"] == NA, w.end, np.minimum(b["end"], w.end))
    stop_o = np.where(o["expiry"] == NA, w.end, np.minimum(o["expiry"], w.end))
    at = np.concatenate(
        [
            _breach_minutes(w, b["start"][pick_b], stop_b[pick_b]),
            _breach_minutes(w, o["decided"][pick_o], np.maximum(o["decided"], stop_o)[pick_o]),
        ]
    )
    offence = {
        r["code"] for r in reference._rows("order_types.csv") if r["breach_is_offence"] == "yes"
    }
    cols = {
        "of": np.concatenate([np.full(len(pick_b), "bail"), np.full(len(pick_o), "order")]),
        "row": np.concatenate([pick_b, pick_o]),
        "at": at,
        "offence": np.concatenate(
            [np.zeros(len(pick_b), bool), np.isin(o["type"][pick_o], list(offence))]
        ),
    }
    order = np.lexsort((cols["row"], cols["of"], cols["at"]))
    cols = {k: v[order] for k, v in cols.items()}
    _respond(w, cols)
    return cols


def _respond(w: World, r: Cols) -> None:
    """When police learned of each breach, what they did and when, and any breach crime."""
    rng, at, n = w.rng, r["at"], len(r["at"])
    last = (w.end + 1) * MINUTES_PER_DAY - 1
    delay = np.select(
        [rng.random(n) < 0.5, rng.random(n) < 0.8],
        [rng.integers(0, 121, n), rng.integers(120, 1441, n)],
        rng.integers(1440, 7 * 1440, n),
    )
    reported = np.minimum(at + delay, last)
    r["reported"] = np.where(rng.random(n) < 0.3, NA, reported)
    base = np.where(r["reported"] == NA, at, reported)
    fast = np.minimum(lognormal_days(rng, np.full(n, 180.0), 1.0), 1440)
    act_at = base + np.where(rng.random(n) < 0.78, fast, rng.integers(1441, 20 * 1440, n))
    action = choose(rng, BREACH_ACTIONS, n)
    done = (action != "") & (act_at <= last)
    r["action"] = np.where(done, action, "")
    r["action_at"] = np.where(done, act_at, NA)
    crime = r["offence"] & np.isin(r["action"], ("arrest", "charge", "summons"))
    r["crime_year"] = np.where(crime & (rng.random(n) < 0.7), year_of(at // MINUTES_PER_DAY), -1)
    r["crime_serial"] = rng.integers(900_000, 1_000_000, n)


def biometrics(w: World, c: Cols, s: Cols) -> Cols:
    """s63G cases: NFA'd suspects whose biometrics were taken; applications rising over time."""
    rng = w.rng
    crime = s["crime"]
    pick = np.flatnonzero(
        (s["biometrics"] == 1) & c["closed"][crime] & np.isin(c["final_code"][crime], NFA_CODES)
    )
    nfa = c["outcome_date"][crime[pick]]
    n = len(pick)
    share = 0.15 + 0.25 * (nfa - w.start) / max(1, w.end - w.start)
    applied = nfa + rng.integers(3, 61, n)
    applied = np.where((rng.random(n) < share) & (applied <= w.end), applied, NA)
    decided = applied + rng.integers(20, 151, n)
    result = choose(rng, {"granted": 0.7, "refused": 0.22, "withdrawn": 0.08}, n)
    made = applied != NA
    open_ = made & (decided > w.end)
    decision = np.where(made, np.where(open_, "pending", result), "")
    decided = np.where(made & ~open_, decided, NA)
    return {"link": pick, "nfa": nfa, "applied": applied, "decision": decision, "decided": decided}


def training(w: World) -> Cols:
    """About 120 staff; completions rise towards the 31 January 2025 deadline."""
    rng = w.rng
    team = np.repeat(np.array(list(TEAMS)), [v[0] for v in TEAMS.values()])
    n = len(team)
    in_scope = rng.random(n) < np.repeat(
        [v[1] for v in TEAMS.values()], [v[0] for v in TEAMS.values()]
    )
    courses = np.array(list(COURSES))
    takes = rng.random((n, len(courses))) < np.array(list(COURSES.values()))
    takes[:, 0] |= in_scope
    staff, course = np.nonzero(takes)
    rows = len(staff)
    peak = min(w.end, int(np.datetime64("2025-01-31", "D").astype(np.int64)))
    days = np.arange(w.end - 640, w.end + 1)
    weight = np.where(days <= peak, np.exp((days - peak) / 150.0), 0.15)
    done = rng.choice(days, rows, p=weight / weight.sum())
    completed = rng.random(rows) < np.where(course == 0, 0.88, 0.7)
    scope = in_scope[staff].copy()
    mixed = np.flatnonzero(in_scope[staff] & (course > 0))[:1]  # one staff member, two answers
    scope[mixed] = False
    return {
        "staff": staff,
        "team": team[staff],
        "in_scope": scope,
        "course": courses[course],
        "completed": np.where(completed, done, NA),
    }
