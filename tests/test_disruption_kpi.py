"""Every suspects-and-disruption metric (metrics.md §3, and rui_share) on a hand-made fixture.

The fixture (tests/fixtures/disruption) as the metrics see it, period P = 2024-04-01 to
2025-03-31. LA: NPT Newport W06000022, CAE Caerphilly W06000018, unk = stored 'unknown'.
Band: victim age band. DA: domestic-abuse flag (yes / no / unk). Every record is a crime unless
marked otherwise. Open = open at 2025-03-31 (no outcome, code 0, or an outcome after it).

ref recorded    grp  LA  age band    DA   suspects     open at end?
D01 2021-06-10  rape NPT 30  16plus  yes  X1           no (1, 2022-01-10)
D02 2022-04-01  oth  NPT 25  16plus  no   X1           no (16, 2024-05-01)
D03 2024-05-15  rape NPT 28  16plus  yes  X1 X2        yes
D04 2024-09-01  rape CAE 14  under16 no   X2 X7        no (15, 2024-10-01)
D05 2023-01-10  oth  CAE 40  16plus  yes  X3           no (14, 2024-10-10)
D06 2022-03-31  rape CAE 33  16plus  unk  X3           no (16, 2024-03-31)
D07 2025-03-31  oth  NPT -   unknown no   X3           yes
D08 2024-07-01  rape unk 19  16plus  yes  X4           yes
D09 2025-04-02  rape NPT 22  16plus  yes  X4           (recorded after P)
D10 2023-10-10  oth  NPT 15  under16 yes  X5           no (1, 2024-03-01)
D11 2024-11-20  rape NPT 35  16plus  yes  X5           yes
D12 2024-12-05  oth  NPT 15  under16 no   X5           yes
D13 CANCELLED   rape NPT 30  16plus  yes  X6           -
D14 2024-06-10  rape NPT 21  16plus  yes  X6           no (16, 2025-03-31: closed that day)
D15 2024-08-08  oth  CAE 50  16plus  no   X7 X8        yes (code 0)
N01 N100 (reported 2024-05-05), rape CAE 24 no: X8

Repeat-suspect rule, default (2 crimes, 36 months): the window for 2025-03-31 is 2022-04-01 to
2025-03-31, so D01 and D06 (the day before) are outside, D02 (the first day) and D07 (the last
day) inside, D09 after it, D13 cancelled and N01 an N100. Crimes in the window per suspect:
X1 D02 D03 (2) · X2 D03 D04 (2) · X3 D05 D07 (2) · X4 D08 (1) · X5 D10 D11 D12 (3) ·
X6 D14 (1) · X7 D04 D15 (2) · X8 D15 (1). Repeat: X1 X2 X3 X5 X7.

bail (crime, suspect) type            start       end         at 2025-03-31
B01 D03 X1  pre_charge_bail            2025-01-10  -           in force
B02 D04 X2  pre_charge_bail            2024-10-15  2025-03-31  ended on the last day: not
B03 D11 X5  pre_charge_bail            2024-12-31  -           in force
B04 D12 X5  pre_charge_bail            2024-08-20  2025-06-01  in force
B05 D08 X4  pre_charge_bail            2024-05-01  -           in force
B06 D14 X6  pre_charge_bail            2024-11-15  -           in force
B07 D02 X1  rui                        2024-02-01  -           in force
B08 D05 X3  rui                        2024-06-01  2024-12-01  ended
B09 D07 X3  rui                        2025-03-31  -           in force (started that day)
B10 D15 X8  rui                        2025-04-05  -           not yet
B11 D10 X5  post_charge_bail           2024-03-01  -           not counted (type)
B12 D09 X4  pre_charge_bail            2025-04-03  -           not yet
B13 D15 X7  pre_charge_bail            2024-09-30  -           in force

orders (crime)  type applied     decision   decided     expiry      in P / at end
O01 X1 D03      SHPO 2024-05-01  granted    2024-06-01  2029-06-01  applied, granted, active
O02 X2 D04      SRO  2024-03-15  granted    2024-04-10  2025-05-15  granted, active
O03 X5 (none)   NMO  2024-07-01  granted    2024-07-05  -           applied, granted, active
O04 X4 D08      DVPO 2024-09-01  refused    2024-09-03  -           applied
O05 X3 D05      SPO  2025-02-01  withdrawn  2025-03-01  -           applied
O06 X7 D15      SHPO 2025-03-20  pending    -           -           applied
O07 X3 D06      RO   2023-01-01  granted    2023-02-01  2025-03-31  expires on the last day: not
O08 X6 D14      SRO  2025-04-02  pending    -           -           after P
O09 X1 D02      DVPN 2024-12-01  granted    2024-12-01  2024-12-03  applied, granted

breaches  of (crime)   breach_at         reported_at       action   action_at     hours
BR01 bail B01 (D03)   2025-02-01 10:00  (= breach_at)     arrest   02-01 20:30   10.5  within
BR02 bail B04 (D12)   2024-10-01 08:00  2024-10-02 08:00  arrest   10-03 07:00   23    within
BR03 bail B06 (D14)   2025-01-10 12:00  2025-01-10 12:00  summons  01-11 12:00   24    within
BR04 ord  O01 (D03)   2024-08-15 22:00  2024-08-15 23:00  charge   08-17 09:00   34    not
BR05 ord  O03 (none)  2024-07-20 09:00  (= breach_at)     warning  07-20 10:45   1.75  not
BR06 ord  O02 (D04)   2025-03-31 23:30  (= breach_at)     -        -             -     not
BR07 bail B05 (D08)   2025-04-01 00:00  after P
BR08 bail B11 (D10)   2024-03-31 12:00  before P          none     -
BR09 ord  O02 (D04)   2024-12-24 18:00  2024-12-25 06:00  none     -             -     not
(BR02 is within 24 hours of its report, though 47 hours after the breach.)

biometrics (crime)  nfa_date    application  decision    eligible in P?
X1 D02              2024-05-01  2024-05-20   granted     yes
X2 D04              2024-10-01  2024-10-15   refused     yes
X3 D05              2024-10-10  2024-11-01   pending     yes
X4 D08              2025-01-15  -            -           yes
X3 D06              2024-03-31  -            -           no (before P)
X6 D14              2025-03-31  2025-04-10   granted     yes (applied after P: counts)
X7 D04              2025-04-05  -            -           no (after P)
X5 D12              2025-02-20  2025-03-01   withdrawn   yes

training: in scope (any row in_scope true): T01 T02 (in scope on its ssaidp row only) T03 T04
T06 T07 = 6; T05's only row is out of scope. word_on_word completed by 2025-03-31: T01
(2024-06-01), T02 (2024-09-01), T07 (2025-03-31, the last day) = 3; T03 completed after P, T04
never, T06 has no word_on_word row.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard.figures.disruption import DISRUPTION_KEYS, RepeatRule, compute_disruption
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import run_kpi
from dashboard.filters import Filters, local_authority_codes
from dashboard.periods import Period
from tests.fixture_store import load_fixture

DISRUPTION = Path(__file__).parent / "fixtures" / "disruption"
P = Period(date(2024, 4, 1), date(2025, 3, 31))


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(load_fixture(tmp_path_factory.mktemp("disruption"), DISRUPTION), "fixture") as e:
        yield e


NO_FILTER = {
    "repeat_suspects": 5,  # X1 X2 X3 X5 X7
    "repeat_suspect_crimes": 9,  # D02 D03 D04 D05 D07 D10 D11 D12 D15
    "pre_charge_bail_at_end": 6,  # B01 B03 B04 B05 B06 B13 (B02 ends on the last day)
    "rui_at_end": 2,  # B07 B09 (B08 ended, B10 after P)
    "bail_breaches": 3,  # BR01 BR02 BR03 (BR07 after P, BR08 before)
    "order_breaches": 4,  # BR04 BR05 BR06 BR09
    "breach_action_within_24h_rate": 3 / 7,  # BR01 BR02 BR03 of the 7
    "median_hours_to_breach_action": 23.0,  # 1.75 10.5 [23] 24 34
    "orders_applied": 6,  # O01 O03 O04 O05 O06 O09
    "orders_granted": 4,  # O01 O02 O03 O09
    "orders_active_at_end": 3,  # O01 O02 O03 (O07 expires on the last day, O09 expired)
    "s63g_eligible": 6,  # X1-D02 X2-D04 X3-D05 X4-D08 X6-D14 X5-D12
    "s63g_applications": 5,  # all but X4-D08
    "s63g_application_rate": 5 / 6,
    "s63g_granted": 2,  # X1-D02, X6-D14
    "word_on_word_trained_rate": 3 / 6,  # T01 T02 T07 of T01 T02 T03 T04 T06 T07
    "rui_share": 2 / 8,  # 2 RUI / (2 RUI + 6 pre-charge bail)
}

NEWPORT = {
    # In the window: D02 D03 D07 D10 D11 D12 D14. X1 D02 D03; X5 D10 D11 D12; X2 D03, X3 D07,
    # X6 D14 one each.
    "repeat_suspects": 2,  # X1 X5
    "repeat_suspect_crimes": 5,  # D02 D03 D10 D11 D12
    "pre_charge_bail_at_end": 4,  # B01 B03 B04 B06 (B05 unknown LA, B13 Caerphilly)
    "rui_at_end": 2,  # B07 B09
    "bail_breaches": 3,  # BR01 BR02 BR03
    "order_breaches": 1,  # BR04 (O03 has no crime; O02 is Caerphilly)
    "breach_action_within_24h_rate": 3 / 4,
    "median_hours_to_breach_action": 23.5,  # 10.5 23 24 34 -> (23 + 24) / 2
    "orders_applied": 2,  # O01 O09
    "orders_granted": 2,  # O01 O09
    "orders_active_at_end": 1,  # O01
    "s63g_eligible": 3,  # D02 D14 D12
    "s63g_applications": 3,
    "s63g_application_rate": 3 / 3,
    "s63g_granted": 2,  # D02 D14
    "word_on_word_trained_rate": 3 / 6,  # training is never filtered
    "rui_share": 2 / 6,
}

UNKNOWN_LA = {
    "repeat_suspects": 0,  # D08 only: X4 has one crime
    "repeat_suspect_crimes": 0,
    "pre_charge_bail_at_end": 1,  # B05
    "rui_at_end": 0,
    "bail_breaches": 0,  # BR07 on B05 is after P
    "order_breaches": 0,
    "breach_action_within_24h_rate": None,  # no breach: denominator 0
    "median_hours_to_breach_action": None,
    "orders_applied": 1,  # O04
    "orders_granted": 0,
    "orders_active_at_end": 0,
    "s63g_eligible": 1,  # X4-D08
    "s63g_applications": 0,
    "s63g_application_rate": 0 / 1,
    "s63g_granted": 0,
    "word_on_word_trained_rate": 3 / 6,
    "rui_share": 0 / 1,
}

RAPE = {
    # In the window: D03 D04 D08 D11 D14. X2 D03 D04; everyone else one.
    "repeat_suspects": 1,  # X2
    "repeat_suspect_crimes": 2,  # D03 D04
    "pre_charge_bail_at_end": 4,  # B01 B03 B05 B06 (B04 and B13 are other sexual offences)
    "rui_at_end": 0,  # B07 (D02) and B09 (D07) are other sexual offences
    "bail_breaches": 2,  # BR01 BR03 (BR02 is on D12)
    "order_breaches": 3,  # BR04 (D03), BR06 BR09 (D04)
    "breach_action_within_24h_rate": 2 / 5,  # BR01 BR03
    "median_hours_to_breach_action": 24.0,  # 10.5 [24] 34
    "orders_applied": 2,  # O01 O04
    "orders_granted": 2,  # O01 O02
    "orders_active_at_end": 2,  # O01 O02
    "s63g_eligible": 3,  # D04 D08 D14
    "s63g_applications": 2,  # D04 D14
    "s63g_application_rate": 2 / 3,
    "s63g_granted": 1,  # D14
    "word_on_word_trained_rate": 3 / 6,
    "rui_share": 0 / 4,
}

OTHER = {
    # In the window: D02 D05 D07 D10 D12 D15. X3 D05 D07; X5 D10 D12; X1 D02, X7 D15, X8 D15.
    "repeat_suspects": 2,  # X3 X5
    "repeat_suspect_crimes": 4,  # D05 D07 D10 D12
    "pre_charge_bail_at_end": 2,  # B04 B13
    "rui_at_end": 2,  # B07 B09
    "bail_breaches": 1,  # BR02
    "order_breaches": 0,  # the breached orders' crimes are rapes, or none (O03)
    "breach_action_within_24h_rate": 1 / 1,
    "median_hours_to_breach_action": 23.0,
    "orders_applied": 3,  # O05 O06 O09
    "orders_granted": 1,  # O09
    "orders_active_at_end": 0,
    "s63g_eligible": 3,  # D02 D05 D12
    "s63g_applications": 3,
    "s63g_application_rate": 3 / 3,
    "s63g_granted": 1,  # D02
    "word_on_word_trained_rate": 3 / 6,
    "rui_share": 2 / 4,
}

UNDER16 = {
    # In the window: D04 (14), D10 (15), D12 (15). X5 D10 D12; X2 D04, X7 D04.
    "repeat_suspects": 1,  # X5
    "repeat_suspect_crimes": 2,  # D10 D12
    "pre_charge_bail_at_end": 1,  # B04 (B02 ended on the last day)
    "rui_at_end": 0,
    "bail_breaches": 1,  # BR02
    "order_breaches": 2,  # BR06 BR09 (O02, D04)
    "breach_action_within_24h_rate": 1 / 3,  # BR02
    "median_hours_to_breach_action": 23.0,  # BR02 only
    "orders_applied": 0,  # O02 was applied for before P
    "orders_granted": 1,  # O02
    "orders_active_at_end": 1,  # O02
    "s63g_eligible": 2,  # D04 D12
    "s63g_applications": 2,
    "s63g_application_rate": 2 / 2,
    "s63g_granted": 0,
    "word_on_word_trained_rate": 3 / 6,
    "rui_share": 0 / 1,
}

SIXTEEN_PLUS = {
    # In the window: D02 D03 D05 D08 D11 D14 D15. X1 D02 D03; everyone else one.
    "repeat_suspects": 1,  # X1
    "repeat_suspect_crimes": 2,  # D02 D03
    "pre_charge_bail_at_end": 5,  # B01 B03 B05 B06 B13
    "rui_at_end": 1,  # B07 (B09's crime D07 has no age)
    "bail_breaches": 2,  # BR01 BR03
    "order_breaches": 1,  # BR04
    "breach_action_within_24h_rate": 2 / 3,  # BR01 BR03
    "median_hours_to_breach_action": 24.0,  # 10.5 [24] 34
    "orders_applied": 5,  # O01 O04 O05 O06 O09
    "orders_granted": 2,  # O01 O09
    "orders_active_at_end": 1,  # O01
    "s63g_eligible": 4,  # D02 D05 D08 D14
    "s63g_applications": 3,  # D02 D05 D14
    "s63g_application_rate": 3 / 4,
    "s63g_granted": 2,  # D02 D14
    "word_on_word_trained_rate": 3 / 6,
    "rui_share": 1 / 6,
}

UNKNOWN_AGE = {
    "repeat_suspects": 0,  # D07 only
    "repeat_suspect_crimes": 0,
    "pre_charge_bail_at_end": 0,
    "rui_at_end": 1,  # B09
    "bail_breaches": 0,
    "order_breaches": 0,
    "breach_action_within_24h_rate": None,
    "median_hours_to_breach_action": None,
    "orders_applied": 0,
    "orders_granted": 0,
    "orders_active_at_end": 0,
    "s63g_eligible": 0,
    "s63g_applications": 0,
    "s63g_application_rate": None,  # nothing eligible: denominator 0
    "s63g_granted": 0,
    "word_on_word_trained_rate": 3 / 6,
    "rui_share": 1 / 1,
}

DOMESTIC_ABUSE_YES = {
    # In the window: D03 D05 D08 D10 D11 D14. X5 D10 D11; everyone else one. (D06's flag is
    # unknown: it matches neither yes nor no.)
    "repeat_suspects": 1,  # X5
    "repeat_suspect_crimes": 2,  # D10 D11
    "pre_charge_bail_at_end": 4,  # B01 B03 B05 B06
    "rui_at_end": 0,
    "bail_breaches": 2,  # BR01 BR03
    "order_breaches": 1,  # BR04
    "breach_action_within_24h_rate": 2 / 3,
    "median_hours_to_breach_action": 24.0,  # 10.5 [24] 34
    "orders_applied": 3,  # O01 O04 O05
    "orders_granted": 1,  # O01
    "orders_active_at_end": 1,  # O01
    "s63g_eligible": 3,  # D05 D08 D14
    "s63g_applications": 2,  # D05 D14
    "s63g_application_rate": 2 / 3,
    "s63g_granted": 1,  # D14
    "word_on_word_trained_rate": 3 / 6,
    "rui_share": 0 / 4,
}

DOMESTIC_ABUSE_NO = {
    # In the window: D02 D04 D07 D12 D15. X7 D04 D15; everyone else one.
    "repeat_suspects": 1,  # X7
    "repeat_suspect_crimes": 2,  # D04 D15
    "pre_charge_bail_at_end": 2,  # B04 B13
    "rui_at_end": 2,  # B07 B09
    "bail_breaches": 1,  # BR02
    "order_breaches": 2,  # BR06 BR09
    "breach_action_within_24h_rate": 1 / 3,  # BR02
    "median_hours_to_breach_action": 23.0,
    "orders_applied": 2,  # O06 O09
    "orders_granted": 2,  # O02 O09
    "orders_active_at_end": 1,  # O02
    "s63g_eligible": 3,  # D02 D04 D12
    "s63g_applications": 3,
    "s63g_application_rate": 3 / 3,
    "s63g_granted": 1,  # D02
    "word_on_word_trained_rate": 3 / 6,
    "rui_share": 2 / 4,
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
    assert tuple(expected) == DISRUPTION_KEYS
    assert compute_disruption(engine, P, filters) == expected


def test_values_are_plain_python(engine):
    values = compute_disruption(engine, P)
    assert list(values) == list(DISRUPTION_KEYS)
    assert type(values["repeat_suspects"]) is int
    assert type(values["rui_share"]) is float
    assert type(values["median_hours_to_breach_action"]) is float
    assert (
        compute_disruption(engine, P, Filters(age_band="unknown"))["s63g_application_rate"] is None
    )


@pytest.mark.parametrize(
    ("rule", "suspects", "crimes"),
    [
        (RepeatRule(), 5, 9),  # as NO_FILTER
        # 3 crimes in 36 months: X5 (D10 D11 D12) only.
        (RepeatRule(min_crimes=3), 1, 3),
        # 12 months, 2024-04-01 to 2025-03-31: X2 D03 D04, X5 D11 D12, X7 D04 D15; X1 (D02 is
        # 2022) and X3 (D05 is 2023) drop to one crime each.
        (RepeatRule(lookback_months=12), 3, 5),  # D03 D04 D11 D12 D15
        # 3 crimes in 12 months: nobody.
        (RepeatRule(min_crimes=3, lookback_months=12), 0, 0),
        # 120 months (from 2015-04-01): D01 and D06 come in. X1 D01 D02 D03, X3 D05 D06 D07,
        # X5: three each; X2, X7 two; X4 D08 one (D09 is after P).
        (RepeatRule(lookback_months=120), 5, 11),  # D01-D07, D10 D11 D12, D15
        (RepeatRule(min_crimes=3, lookback_months=120), 3, 9),  # X1 X3 X5: D01-03 D05-07 D10-12
    ],
)
def test_the_rule_changes_the_repeat_figures(engine, rule, suspects, crimes):
    values = compute_disruption(engine, P, rule=rule)
    assert (values["repeat_suspects"], values["repeat_suspect_crimes"]) == (suspects, crimes)


def test_the_rule_changes_only_the_repeat_figures(engine):
    default = compute_disruption(engine, P)
    other = compute_disruption(engine, P, rule=RepeatRule(min_crimes=3, lookback_months=12))
    changed = {k for k in DISRUPTION_KEYS if default[k] != other[k]}
    assert changed == {"repeat_suspects", "repeat_suspect_crimes"}


def test_filters_and_rule_together(engine):
    # Newport, 12 months: D03 D07 D11 D12 D14 in the window; X5 D11 D12 only.
    rule = RepeatRule(lookback_months=12)
    values = compute_disruption(engine, P, Filters(local_authority="W06000022"), rule)
    assert (values["repeat_suspects"], values["repeat_suspect_crimes"]) == (1, 2)


def test_window_edges_move_with_the_period_end(engine):
    # Ending 2025-03-30, the 36-month window is 2022-03-31 to 2025-03-30: D06 comes in and D07
    # (recorded 2025-03-31) goes out, so X3 is still a repeat suspect, with D05 and D06.
    # X1 D02 D03, X2 D03 D04, X5 D10 D11 D12, X7 D04 D15 as before.
    day_before = Period(date(2024, 4, 1), date(2025, 3, 30))
    values = compute_disruption(engine, day_before)
    assert values["repeat_suspects"] == 5
    assert values["repeat_suspect_crimes"] == 9  # D02-D06 D10 D11 D12 D15
    # Snapshots on 2025-03-30: B02 (ends 2025-03-31) is still in force, B09 (starts 2025-03-31)
    # not yet; O07 (expires 2025-03-31) still in force; T07 not yet trained (2025-03-31).
    assert values["pre_charge_bail_at_end"] == 7  # B01-B06 B13
    assert values["rui_at_end"] == 1  # B07
    assert values["rui_share"] == 1 / 8
    assert values["orders_active_at_end"] == 4  # O01 O02 O03 O07
    assert values["word_on_word_trained_rate"] == 2 / 6  # T01 T02


def test_a_breach_late_on_the_last_day_counts_and_one_at_midnight_after_does_not(engine):
    # BR06 at 2025-03-31 23:30 is in P; BR07 at 2025-04-01 00:00 is not.
    last_day = Period(date(2025, 3, 31), date(2025, 3, 31))
    assert compute_disruption(engine, last_day)["order_breaches"] == 1  # BR06
    first_day_after = Period(date(2025, 4, 1), date(2025, 4, 1))
    assert compute_disruption(engine, first_day_after)["bail_breaches"] == 1  # BR07


def test_an_order_without_a_crime_counts_only_without_a_filter(engine):
    # O03 (and BR05, its breach) has no crime reference: every local authority filter leaves
    # it out, so the local authorities add up to the unfiltered figure less O03 / BR05.
    by_la = [
        compute_disruption(engine, P, Filters(local_authority=code))
        for code in local_authority_codes()
    ]
    assert sum(v["orders_applied"] for v in by_la) == NO_FILTER["orders_applied"] - 1
    assert sum(v["orders_granted"] for v in by_la) == NO_FILTER["orders_granted"] - 1
    assert sum(v["orders_active_at_end"] for v in by_la) == NO_FILTER["orders_active_at_end"] - 1
    assert sum(v["order_breaches"] for v in by_la) == NO_FILTER["order_breaches"] - 1
    # Every other crime-linked count has a crime, so it adds up exactly.
    for key in ("pre_charge_bail_at_end", "rui_at_end", "bail_breaches", "s63g_eligible"):
        assert sum(v[key] for v in by_la) == NO_FILTER[key], key


def test_filters_combine(engine):
    # Newport rapes: D01 D03 D09 D11 D14 (D13 cancelled). In the window D03 D11 D14, one
    # crime per suspect (X1 X2 D03, X5 D11, X6 D14): no repeat suspect.
    values = compute_disruption(engine, P, Filters(local_authority="W06000022", subgroup="rape"))
    assert values["repeat_suspects"] == 0
    assert values["pre_charge_bail_at_end"] == 3  # B01 B03 B06
    assert values["orders_applied"] == 1  # O01
    assert values["bail_breaches"] == 2  # BR01 BR03


def test_an_early_period(engine):
    # January 2020, before any event. Snapshots are empty too, except training: the six staff in
    # scope are in scope whatever the date, and none had completed the course then.
    values = compute_disruption(engine, Period(date(2020, 1, 1), date(2020, 1, 31)))
    rates = {"breach_action_within_24h_rate", "s63g_application_rate", "rui_share"}
    assert values == {
        **{k: 0 for k in DISRUPTION_KEYS},
        **{k: None for k in rates},
        "median_hours_to_breach_action": None,
        "word_on_word_trained_rate": 0 / 6,
    }


def test_no_disruption_tables_at_all(tmp_path):
    # The small fixture has crimes, outcomes and suspects only: every count is 0 and every
    # rate undefined, without an error.
    with Engine(load_fixture(tmp_path), "small") as small:
        values = compute_disruption(small, P)
    assert values["pre_charge_bail_at_end"] == 0
    assert values["word_on_word_trained_rate"] is None
    assert values["repeat_suspects"] == 1  # S03, on C05 and C14 (tests/test_kpi.py)
    assert values["repeat_suspect_crimes"] == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"min_crimes": 1}, "number of crimes"),
        ({"min_crimes": 0}, "number of crimes"),
        ({"min_crimes": True}, "number of crimes"),
        ({"min_crimes": 2.5}, "number of crimes"),
        ({"lookback_months": 0}, "look-back"),
        ({"lookback_months": 121}, "look-back"),
        ({"lookback_months": "36"}, "look-back"),
    ],
)
def test_bad_rules_are_refused(kwargs, field):
    with pytest.raises(ValueError, match=field):
        RepeatRule(**kwargs)


def test_rule_limits_are_allowed():
    assert RepeatRule(min_crimes=2, lookback_months=1).as_params() == {
        "min_crimes": 2,
        "lookback_months": 1,
    }
    assert RepeatRule(min_crimes=50, lookback_months=120).lookback_months == 120


@pytest.mark.parametrize(
    ("rule", "end", "text"),
    [
        (
            RepeatRule(),
            date(2025, 3, 31),
            "Repeat suspect: linked to 2 or more RASSO crimes recorded in the 36 months to "
            "31 March 2025",
        ),
        (
            RepeatRule(min_crimes=3, lookback_months=12),
            date(2024, 6, 30),
            "Repeat suspect: linked to 3 or more RASSO crimes recorded in the 12 months to "
            "30 June 2024",
        ),
        (
            RepeatRule(lookback_months=1),
            date(2025, 3, 31),
            "Repeat suspect: linked to 2 or more RASSO crimes recorded in the month to "
            "31 March 2025",
        ),
    ],
)
def test_the_rule_in_words(rule, end, text):
    assert rule.describe(end) == text


@pytest.mark.parametrize(
    ("rule", "end", "window"),
    [
        (RepeatRule(), date(2025, 3, 31), (date(2022, 4, 1), date(2025, 3, 31))),
        (RepeatRule(lookback_months=12), date(2024, 2, 29), (date(2023, 3, 1), date(2024, 2, 29))),
        (RepeatRule(lookback_months=12), date(2025, 2, 28), (date(2024, 2, 29), date(2025, 2, 28))),
        (RepeatRule(lookback_months=3), date(2025, 5, 31), (date(2025, 3, 1), date(2025, 5, 31))),
    ],
)
def test_the_window(engine, rule, end, window):
    assert rule.window(end) == window
    # The kpi file computes the same window in SQL.
    frame = run_kpi(engine, "repeat_suspects", Period(end, end), rule=rule)
    assert (frame["window_start"].iloc[0].date(), frame["window_end"].iloc[0].date()) == window
