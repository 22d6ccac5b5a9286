"""Every flight-deck metric (metrics.md §2) on the small hand-made fixture, worked by hand.

The fixture (tests/fixtures/small) as the metrics see it, period P = 2024-04-01 to 2025-03-31.
LA: NPT Newport W06000022, CAE Caerphilly W06000018, BG Blaenau Gwent W06000019, TOR Torfaen
W06000020, MON Monmouthshire W06000021, unk = stored 'unknown' (C10, N03) or blank (C11).
DA: domestic-abuse flag (yes / no / unk). non-recent: reported_date - offence_date > 365.
Outcome days = outcome_date - recorded_date. Every record is a crime unless marked otherwise.

ref recorded    grp  LA  age DA  non-recent?   isva suspects: arrest        outcome (days)
C01 2023-05-03  rape NPT 30  yes no (12 d)     yes  S01: 2023-05-05         1 2024-06-14 (408)
C02 2023-01-12  oth  CAE 14  no  no off. date  -    S02: none               none: open
C03 2024-03-31  rape BG  15  unk no (1 d)      -    -                       0: open
C04 2023-09-04  oth  TOR 40  yes no (2 d)      -    -                       16 2024-09-20 (382)
C05 2024-04-04  rape NPT 22  yes no (2 d)      yes  S04: 04-20, S03: 04-06  1 2024-10-01 (180)
C06 2024-05-10  rape CAE 35  no  yes (846 d)   yes  S05: 06-01, S14: none   1A 2025-01-15 (250)
C07 2024-06-02  oth  MON 17  no  no (365 d)    -    -                       14 2024-08-01 (60)
C08 2024-06-16  rape TOR -   yes no off. date  -    -                       18 2024-12-16 (183)
C09 2024-07-03  oth  NPT 12  no  no (1 d)      yes  S06: none               none: open
C10 2024-08-10  rape unk 45  unk no (1 d)      -    S07: 2024-08-12         1 2025-05-10 (after P)
C11 2024-09-06  oth  unk 15  yes no (4 d)      -    S08: 2024-09-05         15 2025-02-10 (157)
C12 2024-10-02  rape BG  10  no  yes (1614 d)  yes  S09: none               16 2025-03-31 (180)
C13 2024-11-12  oth  CAE 19  no  no (1 d)      -    -                       0: open
C14 2024-12-01  rape NPT 28  yes no (1 d)      yes  S03: 2024-12-04         1 2025-03-01 (90)
C15 2025-01-21  oth  TOR 8   no  no (1 d)      -    -                       21 2025-03-15 (53)
C16 2025-03-31  rape MON 16  no  no (1 d)      -    -                       none: open
C17 2024-04-01  oth  NPT 33  yes no (98 d)     -    S10: 2024-04-02         10 2024-05-01 (30)
C18 2025-04-03  rape NPT 20  no  (after P)     -    -                       none: open
C19 2024-05-02  rape NPT 30  yes CANCELLED     -    S11: 2024-05-03         1 2024-07-01 (never)
C20 2022-06-01  oth  NPT 27  no                -    -                       18 2023-01-01
C21 2023-02-01  rape TOR 31  yes               -    S12: 2023-02-10         14 2025-06-01 (after P)
N01 N100 reported 2024-06-20, rape NPT 24 yes
N02 N100 reported 2024-02-10 (before P), rape CAE 30 no
N03 N100 reported 2024-11-05, rape unk 14 unk

Days to (earliest) arrest from reported_date: C05 3 (04-03 -> 04-06, not S04's 04-20), C06 22,
C10 2, C11 0, C14 3 (12-01 -> 12-04), C17 1.

Crimes recorded in P (13): C05 C06 C07 C08 C09 C10 C11 C12 C13 C14 C15 C16 C17 (C03 is the day
before P, C18 after it, C19 cancelled). Outcomes assigned in P (11): C01 C04 C05 C06 C07 C08 C11
C12 C14 C15 C17 (C10 and C21 after P, C19 cancelled, C03 and C13 code 0). Open at 2025-03-31 (7):
C02 C03 C09 C10 C13 C16 C21; of those recorded more than 365 days before: C02, C21 (C03: exactly
365 days).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pandas as pd
import pytest

from dashboard.figures import engine as engine_module
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import KPI_KEYS, compute_metrics, trend
from dashboard.filters import Filters
from dashboard.ingest import contract
from dashboard.periods import Period
from tests.fixture_store import load_fixture

P = Period(date(2024, 4, 1), date(2025, 3, 31))

CHARGED = "Charged/Summonsed"
VNS = "Evidential difficulties (victim does not support action)"
VICTIM_SUPPORTS = "Evidential difficulties (suspect identified; victim supports action)"
NO_SUSPECT = "Investigation complete – no suspect identified"
POLICE_DECISION = (
    "Further investigation to support formal action not in the public interest – police decision"
)
PREVENTED = "Prosecution prevented or not in the public interest"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(load_fixture(tmp_path_factory.mktemp("small")), "fixture") as e:
        yield e


NO_FILTER = {
    "crimes_recorded": 13,  # see the module docstring
    "rape_recorded": 7,  # C05 C06 C08 C10 C12 C14 C16
    "other_sexual_recorded": 6,  # 13 - 7: C07 C09 C11 C13 C15 C17
    "n100_reported": 2,  # N01, N03 (N02 reported before P)
    "non_recent_share": 2 / 12,  # C06, C12 of 12 with an offence date (not C08; C07 = 365 days)
    "outcomes_assigned": 11,
    "charged": 4,  # C01 (1), C05 (1), C06 (1A), C14 (1); C19 cancelled, C10 after P
    "charge_rate": 4 / 11,
    "charge_rate_recorded_basis": 4 / 13,  # C05, C06, C10 (charged after P), C14 of 13
    "victim_not_supporting_rate": 3 / 11,  # C04 (16), C07 (14), C12 (16)
    "no_suspect_rate": 1 / 11,  # C08 (18)
    "outcomes_by_group": {
        CHARGED: 4,  # C01 C05 C06 C14
        VNS: 3,  # C04 C07 C12
        VICTIM_SUPPORTS: 1,  # C11 (15)
        POLICE_DECISION: 1,  # C15 (21)
        NO_SUSPECT: 1,  # C08 (18)
        PREVENTED: 1,  # C17 (10)
    },
    "median_days_to_charge": 215.0,  # 90 180 250 408 -> (180 + 250) / 2
    # 30 53 60 90 157 [180] 180 183 250 382 408 -> the 6th of 11
    "median_days_to_outcome": 180.0,
    "open_at_end": 7,  # C02 C03 C09 C10 C13 C16 C21
    "open_over_365_days": 2,  # C02, C21 (C03 exactly 365)
    "isva_referral_rate": 5 / 13,  # C05 C06 C09 C12 C14
    "suspect_identified_rate": 8 / 13,  # C05 C06 C09 C10 C11 C12 C14 C17
    "arrest_rate": 6 / 8,  # all of those but C09, C12
    "median_days_to_arrest": 2.5,  # 0 1 2 3 3 22 -> (2 + 3) / 2
}

NEWPORT = {
    "crimes_recorded": 4,  # C05 C09 C14 C17
    "rape_recorded": 2,  # C05 C14
    "other_sexual_recorded": 2,  # C09 C17
    "n100_reported": 1,  # N01
    "non_recent_share": 0 / 4,  # none of C05 C09 C14 C17
    "outcomes_assigned": 4,  # C01 C05 C14 C17
    "charged": 3,  # C01 C05 C14
    "charge_rate": 3 / 4,
    "charge_rate_recorded_basis": 2 / 4,  # C05 C14
    "victim_not_supporting_rate": 0 / 4,
    "no_suspect_rate": 0 / 4,
    "outcomes_by_group": {CHARGED: 3, PREVENTED: 1},  # C17 (10)
    "median_days_to_charge": 180.0,  # 90 [180] 408
    "median_days_to_outcome": 135.0,  # 30 90 180 408 -> (90 + 180) / 2
    "open_at_end": 1,  # C09 (C18 recorded after P, C20 closed)
    "open_over_365_days": 0,
    "isva_referral_rate": 3 / 4,  # C05 C09 C14
    "suspect_identified_rate": 4 / 4,
    "arrest_rate": 3 / 4,  # C05 C14 C17, not C09
    "median_days_to_arrest": 3.0,  # 1 [3] 3
}

UNKNOWN_LA = {
    "crimes_recorded": 2,  # C10 (stored 'unknown'), C11 (blank)
    "rape_recorded": 1,  # C10
    "other_sexual_recorded": 1,  # C11
    "n100_reported": 1,  # N03
    "non_recent_share": 0 / 2,
    "outcomes_assigned": 1,  # C11 (C10's outcome is after P)
    "charged": 0,
    "charge_rate": 0 / 1,
    "charge_rate_recorded_basis": 1 / 2,  # C10 charged after P: current outcome counts
    "victim_not_supporting_rate": 0 / 1,
    "no_suspect_rate": 0 / 1,
    "outcomes_by_group": {VICTIM_SUPPORTS: 1},
    "median_days_to_charge": None,  # nothing charged
    "median_days_to_outcome": 157.0,  # C11
    "open_at_end": 1,  # C10
    "open_over_365_days": 0,
    "isva_referral_rate": 0 / 2,
    "suspect_identified_rate": 2 / 2,
    "arrest_rate": 2 / 2,
    "median_days_to_arrest": 1.0,  # 0 (C11), 2 (C10) -> 1
}

RAPE = {
    "crimes_recorded": 7,  # C05 C06 C08 C10 C12 C14 C16
    "rape_recorded": 7,
    "other_sexual_recorded": 0,
    "n100_reported": 2,  # N01 N03
    "non_recent_share": 2 / 6,  # C06 C12 of the 6 with an offence date (not C08)
    "outcomes_assigned": 6,  # C01 C05 C06 C08 C12 C14
    "charged": 4,  # C01 C05 C06 C14
    "charge_rate": 4 / 6,
    "charge_rate_recorded_basis": 4 / 7,  # C05 C06 C10 C14
    "victim_not_supporting_rate": 1 / 6,  # C12
    "no_suspect_rate": 1 / 6,  # C08
    "outcomes_by_group": {CHARGED: 4, VNS: 1, NO_SUSPECT: 1},
    "median_days_to_charge": 215.0,  # 90 180 250 408
    "median_days_to_outcome": 181.5,  # 90 180 180 183 250 408 -> (180 + 183) / 2
    "open_at_end": 4,  # C03 C10 C16 C21
    "open_over_365_days": 1,  # C21
    "isva_referral_rate": 4 / 7,  # C05 C06 C12 C14
    "suspect_identified_rate": 5 / 7,  # C05 C06 C10 C12 C14
    "arrest_rate": 4 / 5,  # not C12
    "median_days_to_arrest": 3.0,  # 2 3 3 22 -> (3 + 3) / 2
}

OTHER = {
    "crimes_recorded": 6,  # C07 C09 C11 C13 C15 C17
    "rape_recorded": 0,
    "other_sexual_recorded": 6,
    "n100_reported": 0,  # N100s are rapes
    "non_recent_share": 0 / 6,  # C07 exactly 365 days is not non-recent
    "outcomes_assigned": 5,  # C04 C07 C11 C15 C17
    "charged": 0,
    "charge_rate": 0 / 5,
    "charge_rate_recorded_basis": 0 / 6,
    "victim_not_supporting_rate": 2 / 5,  # C04 (16), C07 (14)
    "no_suspect_rate": 0 / 5,
    "outcomes_by_group": {VNS: 2, VICTIM_SUPPORTS: 1, POLICE_DECISION: 1, PREVENTED: 1},
    "median_days_to_charge": None,
    "median_days_to_outcome": 60.0,  # 30 53 [60] 157 382
    "open_at_end": 3,  # C02 C09 C13
    "open_over_365_days": 1,  # C02
    "isva_referral_rate": 1 / 6,  # C09
    "suspect_identified_rate": 3 / 6,  # C09 C11 C17
    "arrest_rate": 2 / 3,  # C11 C17
    "median_days_to_arrest": 0.5,  # 0 (C11), 1 (C17)
}

UNDER16 = {
    "crimes_recorded": 4,  # C09 (12), C11 (15), C12 (10), C15 (8)
    "rape_recorded": 1,  # C12
    "other_sexual_recorded": 3,
    "n100_reported": 1,  # N03 (14)
    "non_recent_share": 1 / 4,  # C12
    "outcomes_assigned": 3,  # C11 C12 C15
    "charged": 0,
    "charge_rate": 0 / 3,
    "charge_rate_recorded_basis": 0 / 4,
    "victim_not_supporting_rate": 1 / 3,  # C12
    "no_suspect_rate": 0 / 3,
    "outcomes_by_group": {VICTIM_SUPPORTS: 1, VNS: 1, POLICE_DECISION: 1},
    "median_days_to_charge": None,
    "median_days_to_outcome": 157.0,  # 53 [157] 180
    "open_at_end": 3,  # C02 C03 C09
    "open_over_365_days": 1,  # C02 (C03 exactly 365)
    "isva_referral_rate": 2 / 4,  # C09 C12
    "suspect_identified_rate": 3 / 4,  # C09 C11 C12
    "arrest_rate": 1 / 3,  # C11
    "median_days_to_arrest": 0.0,  # C11
}

SIXTEEN_PLUS = {
    # C05 (22) C06 (35) C07 (17) C10 (45) C13 (19) C14 (28) C16 (16: the boundary) C17 (33)
    "crimes_recorded": 8,
    "rape_recorded": 5,  # C05 C06 C10 C14 C16
    "other_sexual_recorded": 3,  # C07 C13 C17
    "n100_reported": 1,  # N01
    "non_recent_share": 1 / 8,  # C06
    "outcomes_assigned": 7,  # C01 C04 C05 C06 C07 C14 C17
    "charged": 4,  # C01 C05 C06 C14
    "charge_rate": 4 / 7,
    "charge_rate_recorded_basis": 4 / 8,  # C05 C06 C10 C14
    "victim_not_supporting_rate": 2 / 7,  # C04 C07
    "no_suspect_rate": 0 / 7,  # C08 has no age
    "outcomes_by_group": {CHARGED: 4, VNS: 2, PREVENTED: 1},
    "median_days_to_charge": 215.0,  # 90 180 250 408
    "median_days_to_outcome": 180.0,  # 30 60 90 [180] 250 382 408
    "open_at_end": 4,  # C10 C13 C16 C21
    "open_over_365_days": 1,  # C21
    "isva_referral_rate": 3 / 8,  # C05 C06 C14
    "suspect_identified_rate": 5 / 8,  # C05 C06 C10 C14 C17
    "arrest_rate": 5 / 5,
    "median_days_to_arrest": 3.0,  # 1 2 [3] 3 22
}

UNKNOWN_AGE = {
    "crimes_recorded": 1,  # C08
    "rape_recorded": 1,
    "other_sexual_recorded": 0,
    "n100_reported": 0,
    "non_recent_share": None,  # C08 has no offence date: denominator 0
    "outcomes_assigned": 1,  # C08
    "charged": 0,
    "charge_rate": 0 / 1,
    "charge_rate_recorded_basis": 0 / 1,
    "victim_not_supporting_rate": 0 / 1,
    "no_suspect_rate": 1 / 1,  # C08 (18)
    "outcomes_by_group": {NO_SUSPECT: 1},
    "median_days_to_charge": None,
    "median_days_to_outcome": 183.0,
    "open_at_end": 0,
    "open_over_365_days": 0,
    "isva_referral_rate": 0 / 1,
    "suspect_identified_rate": 0 / 1,
    "arrest_rate": None,  # no crime with a suspect: denominator 0
    "median_days_to_arrest": None,
}

DOMESTIC_ABUSE_YES = {
    "crimes_recorded": 5,  # C05 C08 C11 C14 C17 (C10 flag unknown: matches neither)
    "rape_recorded": 3,  # C05 C08 C14
    "other_sexual_recorded": 2,  # C11 C17
    "n100_reported": 1,  # N01
    "non_recent_share": 0 / 4,  # C05 C11 C14 C17 (C08 no offence date)
    "outcomes_assigned": 7,  # C01 C04 C05 C08 C11 C14 C17
    "charged": 3,  # C01 C05 C14
    "charge_rate": 3 / 7,
    "charge_rate_recorded_basis": 2 / 5,  # C05 C14
    "victim_not_supporting_rate": 1 / 7,  # C04
    "no_suspect_rate": 1 / 7,  # C08
    "outcomes_by_group": {CHARGED: 3, VNS: 1, NO_SUSPECT: 1, VICTIM_SUPPORTS: 1, PREVENTED: 1},
    "median_days_to_charge": 180.0,  # 90 [180] 408
    "median_days_to_outcome": 180.0,  # 30 90 157 [180] 183 382 408
    "open_at_end": 1,  # C21
    "open_over_365_days": 1,  # C21
    "isva_referral_rate": 2 / 5,  # C05 C14
    "suspect_identified_rate": 4 / 5,  # C05 C11 C14 C17
    "arrest_rate": 4 / 4,
    "median_days_to_arrest": 2.0,  # 0 1 3 3 -> (1 + 3) / 2
}

DOMESTIC_ABUSE_NO = {
    "crimes_recorded": 7,  # C06 C07 C09 C12 C13 C15 C16
    "rape_recorded": 3,  # C06 C12 C16
    "other_sexual_recorded": 4,  # C07 C09 C13 C15
    "n100_reported": 0,  # N02 is before P
    "non_recent_share": 2 / 7,  # C06 C12
    "outcomes_assigned": 4,  # C06 C07 C12 C15
    "charged": 1,  # C06 (1A)
    "charge_rate": 1 / 4,
    "charge_rate_recorded_basis": 1 / 7,
    "victim_not_supporting_rate": 2 / 4,  # C07 C12
    "no_suspect_rate": 0 / 4,
    "outcomes_by_group": {CHARGED: 1, VNS: 2, POLICE_DECISION: 1},
    "median_days_to_charge": 250.0,  # C06
    "median_days_to_outcome": 120.0,  # 53 60 180 250 -> (60 + 180) / 2
    "open_at_end": 4,  # C02 C09 C13 C16
    "open_over_365_days": 1,  # C02
    "isva_referral_rate": 3 / 7,  # C06 C09 C12
    "suspect_identified_rate": 3 / 7,  # C06 C09 C12
    "arrest_rate": 1 / 3,  # C06
    "median_days_to_arrest": 22.0,  # C06
}

SCENARIOS = {
    "no filter": (Filters(), NO_FILTER),
    "Newport": (Filters(local_authority="W06000022"), NEWPORT),
    "unknown local authority": (Filters(local_authority="unknown"), UNKNOWN_LA),
    "rape": (Filters(subgroup="rape"), RAPE),
    "other sexual offences": (Filters(subgroup="other"), OTHER),
    "under 16": (Filters(age_band="under16"), UNDER16),
    "16 plus": (Filters(age_band="16plus"), SIXTEEN_PLUS),
    "unknown age": (Filters(age_band="unknown"), UNKNOWN_AGE),
    "domestic abuse": (Filters(domestic_abuse="yes"), DOMESTIC_ABUSE_YES),
    "not domestic abuse": (Filters(domestic_abuse="no"), DOMESTIC_ABUSE_NO),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_metric(engine, scenario):
    filters, expected = SCENARIOS[scenario]
    assert tuple(expected) == KPI_KEYS
    assert compute_metrics(engine, P, filters) == expected


def test_values_are_plain_python(engine):
    metrics = compute_metrics(engine, P)
    assert list(metrics) == list(KPI_KEYS)
    assert type(metrics["crimes_recorded"]) is int
    assert type(metrics["charge_rate"]) is float
    assert type(metrics["median_days_to_charge"]) is float
    assert all(type(v) is int for v in metrics["outcomes_by_group"].values())


def test_filters_combine(engine):
    metrics = compute_metrics(engine, P, Filters(local_authority="W06000022", subgroup="rape"))
    assert metrics["crimes_recorded"] == 2  # C05 C14
    assert metrics["outcomes_assigned"] == 3  # C01 C05 C14
    assert metrics["charge_rate"] == 3 / 3
    assert metrics["n100_reported"] == 1  # N01


def test_empty_period(engine):
    # Before any record (the earliest, C20, was recorded 2022-06-01): nothing at all.
    metrics = compute_metrics(engine, Period(date(2020, 1, 1), date(2020, 1, 31)))
    counts = [k for k in KPI_KEYS if "rate" not in k and "median" not in k and "share" not in k]
    assert {k: metrics[k] for k in counts} == {
        k: ({} if k == "outcomes_by_group" else 0) for k in counts
    }
    assert all(metrics[k] is None for k in KPI_KEYS if k not in counts)


def test_period_with_no_events_still_has_open_crimes(engine):
    metrics = compute_metrics(engine, Period(date(2030, 1, 1), date(2030, 1, 31)))
    assert metrics["crimes_recorded"] == 0
    assert metrics["charge_rate"] is None
    # Still open on 2030-01-31: C02, C09, C16, C18 (no outcome), C03, C13 (code 0); C10 and C21
    # were closed in 2025. All were recorded more than 365 days before.
    assert metrics["open_at_end"] == 6
    assert metrics["open_over_365_days"] == 6


def test_period_ending_between_outcomes(engine):
    metrics = compute_metrics(engine, Period(date(2024, 4, 1), date(2024, 9, 30)))
    # Recorded by 2024-09-30 and not closed by then: C02 (none), C03 (0), C05 (closed 10-01),
    # C06 (2025-01-15), C08 (12-16), C09 (none), C10 (2025-05-10), C11 (2025-02-10), C21
    # (2025-06-01). Closed by then: C01 (06-14), C04 (09-20), C07 (08-01), C17 (05-01), C20.
    assert metrics["open_at_end"] == 9
    assert metrics["open_over_365_days"] == 2  # C02, C21
    assert metrics["outcomes_assigned"] == 4  # C01 C04 C07 C17
    assert metrics["charged"] == 1  # C01
    assert metrics["median_days_to_outcome"] == 221.0  # 30 60 382 408 -> (60 + 382) / 2


def test_outcome_on_the_last_day_counts(engine):
    # C12's outcome is dated 2025-03-31, the last day of P: assigned in P and not open at its end.
    one_day = Period(date(2025, 3, 31), date(2025, 3, 31))
    metrics = compute_metrics(engine, one_day, Filters(local_authority="W06000019"))
    assert metrics["outcomes_assigned"] == 1  # C12
    assert metrics["open_at_end"] == 1  # C03 (code 0); C12 closed that day


def _by_month(frame, column):
    return {row.month_start: getattr(row, column) for row in frame.itertuples()}


def test_trend_crimes_recorded(engine):
    frame = trend(engine, "crimes_recorded", P)
    assert list(frame["month_start"]) == [
        date(2024 + (m < 4), m, 1) for m in [*range(4, 13), 1, 2, 3]
    ]
    rape, other = _by_month(frame, "rape_recorded"), _by_month(frame, "other_sexual_recorded")
    assert (rape[date(2024, 4, 1)], other[date(2024, 4, 1)]) == (1, 1)  # C05 / C17
    assert (rape[date(2024, 6, 1)], other[date(2024, 6, 1)]) == (1, 1)  # C08 / C07
    assert (rape[date(2025, 2, 1)], other[date(2025, 2, 1)]) == (0, 0)  # nothing in February
    assert (rape[date(2025, 3, 1)], other[date(2025, 3, 1)]) == (1, 0)  # C16 on 03-31
    assert sum(rape.values()) == 7 and sum(other.values()) == 6  # as the kpis
    assert _by_month(frame, "crimes_recorded")[date(2024, 4, 1)] == 2


def test_trend_charge_and_victim_rates(engine):
    charge = trend(engine, "charge_rate", P)
    rate = _by_month(charge, "charge_rate")
    assert rate[date(2025, 3, 1)] == 1 / 3  # C14 (1) of C12, C14, C15
    assert rate[date(2024, 6, 1)] == 1 / 1  # C01
    assert rate[date(2024, 5, 1)] == 0 / 1  # C17 (10)
    assert pd.isna(rate[date(2024, 7, 1)])  # no outcome in July: null rate
    assert _by_month(charge, "denominator")[date(2024, 7, 1)] == 0  # only C19, cancelled
    vns = _by_month(trend(engine, "victim_not_supporting_rate", P), "victim_not_supporting_rate")
    assert vns[date(2025, 3, 1)] == 1 / 3  # C12 (16)
    assert vns[date(2024, 8, 1)] == 1 / 1  # C07 (14)


def test_trend_median_days_to_charge(engine):
    median = _by_month(trend(engine, "median_days_to_charge", P), "median_days_to_charge")
    assert median[date(2024, 6, 1)] == 408.0  # C01
    assert median[date(2025, 3, 1)] == 90.0  # C14
    assert pd.isna(median[date(2024, 4, 1)])  # no charge in April


def test_trend_open_at_end(engine):
    frame = trend(engine, "open_at_end", P)
    open_at = _by_month(frame, "open_at_end")
    # 2024-04-30: C01 C02 C03 C04 C05 C17 C21 (C17 closed 05-01, C01 06-14, C04 09-20)
    assert open_at[date(2024, 4, 1)] == 7
    assert open_at[date(2024, 9, 1)] == 9  # as test_period_ending_between_outcomes
    assert open_at[date(2025, 3, 1)] == 7  # as the kpi for P
    assert _by_month(frame, "snapshot_date")[date(2025, 2, 1)] == date(2025, 2, 28)


def test_trend_outcomes_by_group(engine):
    frame = trend(engine, "outcomes_by_group", P)
    march = frame[frame["month_start"] == date(2025, 3, 1)]
    counts = dict(zip(march["outcome_group"], march["outcomes_assigned"], strict=True))
    assert {g: n for g, n in counts.items() if n} == {CHARGED: 1, VNS: 1, POLICE_DECISION: 1}
    assert len(counts) == 11  # every reference group but "not yet assigned", zeros included
    assert frame["outcomes_assigned"].sum() == 11  # as outcomes_assigned for P


def test_trend_part_months(engine):
    part = Period(date(2024, 4, 15), date(2024, 6, 10))
    frame = trend(engine, "crimes_recorded", part)
    # April from the 15th: nothing (C05 04-04, C17 04-01); May: C06; June to the 10th: C07 only.
    assert _by_month(frame, "crimes_recorded") == {
        date(2024, 4, 1): 0,
        date(2024, 5, 1): 1,
        date(2024, 6, 1): 1,
    }
    open_frame = trend(engine, "open_at_end", part)
    assert _by_month(open_frame, "snapshot_date")[date(2024, 6, 1)] == date(2024, 6, 10)
    # Open on 2024-06-10: C01 (closed 06-14) C02 C03 C04 C05 C06 C07 C21; C17 closed 05-01.
    assert _by_month(open_frame, "open_at_end")[date(2024, 6, 1)] == 8


def test_filters_apply_to_trends(engine):
    frame = trend(engine, "crimes_recorded", P, Filters(local_authority="W06000022"))
    assert frame["crimes_recorded"].sum() == 4  # C05 C09 C14 C17


def test_tables_missing_from_the_version_are_empty_with_contract_columns(engine):
    columns = engine.query(
        "select column_name, data_type from information_schema.columns "
        "where table_name = $table order by ordinal_position",
        {"table": "breaches"},
    )
    assert list(columns["column_name"]) == [n for n, _ in contract.stored_columns("breaches")]
    assert dict(zip(columns["column_name"], columns["data_type"], strict=True))["breach_at"] == (
        "TIMESTAMP"
    )
    assert engine.query("select count(*) as n from breaches")["n"].iloc[0] == 0
    assert engine.query("select count(*) as n from crimes")["n"].iloc[0] == 24


def test_reference_tables_are_loaded(engine):
    frame = engine.query(
        "select label, outcome_group from ref_outcome_types where code = $c", {"c": "1A"}
    )
    assert frame.iloc[0]["outcome_group"] == CHARGED
    assert engine.query("select count(*) as n from ref_local_authorities")["n"].iloc[0] == 5


def test_engine_cache_keeps_each_version_once(tmp_path):
    tables = load_fixture(tmp_path)
    engine_module.clear_cache()
    try:
        first = engine_module.engine_for(tables, "v1")
        assert engine_module.engine_for(tables, "v1") is first
        for n in range(2, 2 + engine_module.CACHE_SIZE):
            engine_module.engine_for(tables, f"v{n}")
        assert engine_module.engine_for(tables, "v1") is not first  # evicted, loaded again
    finally:
        engine_module.clear_cache()


def test_queries_from_many_threads(engine):
    expected = compute_metrics(engine, P)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: compute_metrics(engine, P), range(16)))
    assert all(r == expected for r in results)


def test_trends_of_an_empty_period_have_every_month(engine):
    empty = Period(date(2020, 1, 1), date(2020, 3, 31))
    months = [date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1)]
    crimes = trend(engine, "crimes_recorded", empty)
    assert list(crimes["month_start"]) == months
    assert list(crimes["crimes_recorded"]) == [0, 0, 0]
    charge = trend(engine, "charge_rate", empty)
    assert charge["charge_rate"].isna().all() and list(charge["denominator"]) == [0, 0, 0]
    assert trend(engine, "median_days_to_charge", empty)["median_days_to_charge"].isna().all()
    assert list(trend(engine, "open_at_end", empty)["open_at_end"]) == [0, 0, 0]
    groups = trend(engine, "outcomes_by_group", empty)
    assert len(groups) == 3 * 11 and groups["outcomes_assigned"].sum() == 0


def test_engine_for_loads_a_new_version_once_under_concurrency(tmp_path, monkeypatch):
    tables = load_fixture(tmp_path)
    engine_module.clear_cache()
    loads = []
    real_init = Engine.__init__

    def counting_init(self, *args):
        loads.append(args)
        real_init(self, *args)

    monkeypatch.setattr(Engine, "__init__", counting_init)
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            engines = list(pool.map(lambda _: engine_module.engine_for(tables, "v9"), range(12)))
        assert len(loads) == 1
        assert all(e is engines[0] for e in engines)
    finally:
        engine_module.clear_cache()
