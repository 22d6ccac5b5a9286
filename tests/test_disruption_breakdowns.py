"""The suspects-and-disruption tables (queries/breakdown, metrics.md §3) on the hand-made fixture.

Period P = 2024-04-01 to 2025-03-31, last day 2025-03-31. tests/test_disruption_kpi.py lists
every row of tests/fixtures/disruption: crimes and their suspects, bail, orders, breaches,
biometrics and training, with what counts at the period's end. Each table is worked by hand
below, then checked against its kpis on the fixture and on the bundled synthetic sample.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard.figures.disruption import RepeatRule, breakdown, compute_disruption
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import plain, run_kpi
from dashboard.filters import Filters
from dashboard.periods import Period
from dashboard.settings import SAMPLE
from tests.fixture_store import load_fixture

DISRUPTION = Path(__file__).parent / "fixtures" / "disruption"
P = Period(date(2024, 4, 1), date(2025, 3, 31))
NEWPORT = Filters(local_authority="W06000022")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(load_fixture(tmp_path_factory.mktemp("disruption"), DISRUPTION), "fixture") as e:
        yield e


def rows(frame: pd.DataFrame) -> list[dict]:
    """The table as plain Python rows (timestamps as datetime, nulls as None)."""
    return [
        {k: (v.to_pydatetime() if isinstance(v, pd.Timestamp) else plain(v)) for k, v in r.items()}
        for r in frame.to_dict("records")
    ]


def test_repeat_suspect_list(engine):
    # crimes in the window; open: any of their crimes open at the end; bail: pre-charge bail or
    # RUI in force; orders: granted and in force; latest breach of their bail or orders.
    assert rows(breakdown(engine, "repeat_suspect_list", P)) == [
        {
            # D10 D11 D12; open D11 D12 (D10 charged); bail B03 B04 (B11 is post-charge); O03
            # (no crime, no filter); breaches BR08 (B11, 2024-03-31), BR05 (O03), BR02 (B04).
            "suspect_id": "X5",
            "crimes": 3,
            "first_recorded_date": date(2023, 10, 10),
            "latest_recorded_date": date(2024, 12, 5),
            "open_crimes": 2,
            "active_bail": 2,
            "active_orders": 1,
            "latest_breach_at": datetime(2024, 10, 1, 8, 0),
        },
        {
            # D05 D07 (D06 the day before the window); open D07 (D05, D06 closed); bail B09
            # (started that day; B08 ended); O05 withdrawn, O07 expired that day; no breach.
            "suspect_id": "X3",
            "crimes": 2,
            "first_recorded_date": date(2023, 1, 10),
            "latest_recorded_date": date(2025, 3, 31),
            "open_crimes": 1,
            "active_bail": 1,
            "active_orders": 0,
            "latest_breach_at": None,
        },
        {
            # D03 D04; open D03 (D04 closed); B02 ended on the last day; O02; BR06 and BR09
            # (on O02), BR06 the later.
            "suspect_id": "X2",
            "crimes": 2,
            "first_recorded_date": date(2024, 5, 15),
            "latest_recorded_date": date(2024, 9, 1),
            "open_crimes": 1,
            "active_bail": 0,
            "active_orders": 1,
            "latest_breach_at": datetime(2025, 3, 31, 23, 30),
        },
        {
            # D15 D04 (same latest date as X2: by suspect_id); open D15 (code 0); B13; O06
            # pending; no breach.
            "suspect_id": "X7",
            "crimes": 2,
            "first_recorded_date": date(2024, 8, 8),
            "latest_recorded_date": date(2024, 9, 1),
            "open_crimes": 1,
            "active_bail": 1,
            "active_orders": 0,
            "latest_breach_at": None,
        },
        {
            # D02 D03 (D01 is outside the window, but closed anyway); open D03; B01 and B07 (RUI);
            # O01 (O09 expired); BR01 (B01, 2025-02-01) after BR04 (O01, 2024-08-15).
            "suspect_id": "X1",
            "crimes": 2,
            "first_recorded_date": date(2022, 4, 1),
            "latest_recorded_date": date(2024, 5, 15),
            "open_crimes": 1,
            "active_bail": 2,
            "active_orders": 1,
            "latest_breach_at": datetime(2025, 2, 1, 10, 0),
        },
    ]


def test_repeat_suspect_list_filtered(engine):
    # Newport: X5 (D10 D11 D12) and X1 (D02 D03). X5's O03 has no crime, so it is not counted
    # under a filter, nor BR05; BR08 (B11, D10) and BR02 (B04, D12) are Newport.
    frame = breakdown(engine, "repeat_suspect_list", P, NEWPORT)
    assert list(frame["suspect_id"]) == ["X5", "X1"]
    x5 = rows(frame)[0]
    assert (x5["active_orders"], x5["latest_breach_at"]) == (0, datetime(2024, 10, 1, 8, 0))
    # X1's bail B01 (D03) and B07 (D02) are both Newport.
    assert rows(frame)[1]["active_bail"] == 2


@pytest.mark.parametrize(
    ("rule", "suspects"),
    [
        (RepeatRule(min_crimes=3), ["X5"]),
        # 12 months: X5 D11 D12 (latest 2024-12-05), X2 D03 D04 and X7 D15 D04 (both 2024-09-01).
        (RepeatRule(lookback_months=12), ["X5", "X2", "X7"]),
        (RepeatRule(min_crimes=3, lookback_months=12), []),
    ],
)
def test_repeat_suspect_list_follows_the_rule(engine, rule, suspects):
    frame = breakdown(engine, "repeat_suspect_list", P, rule=rule)
    assert list(frame["suspect_id"]) == suspects
    if rule.lookback_months == 12 and suspects:
        assert list(frame["crimes"]) == [2, 2, 2]
        assert frame["first_recorded_date"].iloc[0] == date(2024, 11, 20)  # D11 (D10 is 2023)


def test_crimes_per_suspect(engine):
    # In the window: one crime X4 (D08), X6 (D14), X8 (D15; N01 is an N100); two X1 X2 X3 X7;
    # three X5.
    assert rows(breakdown(engine, "crimes_per_suspect", P)) == [
        {"crimes": 1, "suspects": 3, "is_repeat": False},
        {"crimes": 2, "suspects": 4, "is_repeat": True},
        {"crimes": 3, "suspects": 1, "is_repeat": True},
    ]
    three = breakdown(engine, "crimes_per_suspect", P, rule=RepeatRule(min_crimes=3))
    assert list(three["is_repeat"]) == [False, False, True]


def test_bail_over_limits(engine):
    # Pre-charge bail in force at 2025-03-31, by start date against 2024-12-31 (3 months
    # before), 2024-09-30 (6) and 2024-06-30 (9):
    # up to 3: B01 (2025-01-10), B03 (2024-12-31: exactly 3 months, authority not recorded)
    # 3-6:     B06 (2024-11-15, inspector), B13 (2024-09-30: exactly 6 months, custody officer:
    #          below the inspector the band needs)
    # 6-9:     B04 (2024-08-20, superintendent)
    # over 9:  B05 (2024-05-01, superintendent: below the court)
    assert rows(breakdown(engine, "bail_over_limits", P)) == [
        {
            "band_order": 1,
            "band": "up to 3 months",
            "authority_needed": "custody_officer",
            "bail_count": 2,
            "bail_share": 2 / 6,
            "authorised_below_level": 0,
            "authority_not_recorded": 1,
        },
        {
            "band_order": 2,
            "band": "3-6 months",
            "authority_needed": "inspector",
            "bail_count": 2,
            "bail_share": 2 / 6,
            "authorised_below_level": 1,
            "authority_not_recorded": 0,
        },
        {
            "band_order": 3,
            "band": "6-9 months",
            "authority_needed": "superintendent",
            "bail_count": 1,
            "bail_share": 1 / 6,
            "authorised_below_level": 0,
            "authority_not_recorded": 0,
        },
        {
            "band_order": 4,
            "band": "over 9 months",
            "authority_needed": "court",
            "bail_count": 1,
            "bail_share": 1 / 6,
            "authorised_below_level": 1,
            "authority_not_recorded": 0,
        },
    ]


def test_bail_over_limits_when_none_is_in_force(engine):
    frame = breakdown(engine, "bail_over_limits", Period(date(2020, 1, 1), date(2020, 1, 31)))
    assert list(frame["bail_count"]) == [0, 0, 0, 0]
    assert frame["bail_share"].isna().all()


def test_breach_worklist(engine):
    # Breaches on or before 2025-03-31 with no action (empty) or action "none": BR08 (2024-03-31,
    # before P), BR09, BR06 (empty); BR07 is after the period. Hours from the report to
    # 2025-04-01 00:00: BR08 365 days + 12 h = 8772; BR09 from 2024-12-25 06:00: 6 days 18 h
    # + 90 days (January to March) = 162 + 2160 = 2322; BR06 30 minutes.
    assert rows(breakdown(engine, "breach_worklist", P)) == [
        {
            "breach_id": "BR08",
            "breach_of": "bail",
            "ref_id": "B11",
            "suspect_id": "X5",
            "breach_at": datetime(2024, 3, 31, 12, 0),
            "reported_at": datetime(2024, 3, 31, 12, 0),
            "action": "none",
            "hours_waiting": 8772.0,
        },
        {
            "breach_id": "BR09",
            "breach_of": "order",
            "ref_id": "O02",
            "suspect_id": "X2",
            "breach_at": datetime(2024, 12, 24, 18, 0),
            "reported_at": datetime(2024, 12, 25, 6, 0),
            "action": "none",
            "hours_waiting": 2322.0,
        },
        {
            "breach_id": "BR06",
            "breach_of": "order",
            "ref_id": "O02",
            "suspect_id": "X2",
            "breach_at": datetime(2025, 3, 31, 23, 30),
            "reported_at": datetime(2025, 3, 31, 23, 30),
            "action": None,
            "hours_waiting": 0.5,
        },
    ]
    # Newport: BR08 (B11 on D10) only; O02's crime D04 is Caerphilly.
    assert list(breakdown(engine, "breach_worklist", P, NEWPORT)["breach_id"]) == ["BR08"]
    # Ending 2025-03-01: BR06 has not happened yet; BR09 has waited 2322 - 30 x 24 = 1602 hours.
    earlier = breakdown(engine, "breach_worklist", Period(date(2025, 3, 1), date(2025, 3, 1)))
    assert list(earlier["breach_id"]) == ["BR08", "BR09"]
    assert list(earlier["hours_waiting"]) == [8772.0 - 720, 1602.0]


def test_orders_by_type(engine):
    frame = breakdown(engine, "orders_by_type", P)
    assert len(frame) == 12 and list(frame["order_type_order"]) == list(range(1, 13))
    assert list(frame["order_type"][:3]) == ["SHPO", "ISHPO", "SRO"]
    busy = {
        r["order_type"]: r
        for r in rows(frame)
        if r["applied"] or r["active_at_end"] or r["granted"]
    }
    columns = (
        "applied",
        "granted",
        "refused",
        "withdrawn",
        "active_at_end",
        "expiring_within_90_days",
        "breaches_in_period",
        "breaches_per_active_order",
    )
    assert {t: tuple(r[c] for c in columns) for t, r in busy.items()} == {
        # O01 applied, granted, active; O06 applied (pending); BR04 on O01.
        "SHPO": (2, 1, 0, 0, 1, 0, 1, 1.0),
        # O02 granted in P (applied before), active, expires 2025-05-15 (45 days after the end);
        # BR06 and BR09 on O02. (O08 applied after P.)
        "SRO": (0, 1, 0, 0, 1, 1, 2, 2.0),
        "SPO": (1, 0, 0, 1, 0, 0, 0, None),  # O05 withdrawn
        "DVPN": (1, 1, 0, 0, 0, 0, 0, None),  # O09 expired 2024-12-03
        "DVPO": (1, 0, 1, 0, 0, 0, 0, None),  # O04 refused
        "NMO": (1, 1, 0, 0, 1, 0, 1, 1.0),  # O03 (no crime) and BR05 on it
    }
    # RO: O07 was granted in 2023 and expires on the last day: nothing in P, not active.
    ro = frame.set_index("order_type").loc["RO"]
    assert (ro["applied"], ro["active_at_end"], ro["breaches_in_period"]) == (0, 0, 0)


def test_orders_by_type_under_a_filter_leaves_out_orders_without_a_crime(engine):
    frame = breakdown(engine, "orders_by_type", P, NEWPORT).set_index("order_type")
    assert frame.loc["NMO", "applied"] == 0  # O03 has no crime reference
    assert frame.loc["SHPO", "applied"] == 1  # O01 (D03, Newport); O06's D15 is Caerphilly
    assert frame.loc["SRO", "breaches_in_period"] == 0  # O02's D04 is Caerphilly


def test_orders_summary(engine):
    # All types together (the rows of test_orders_by_type): refused O04 (DVPO); withdrawn O05
    # (SPO); in force at the end O01 (SHPO), O02 (SRO), O03 (NMO); expiring after the last day and
    # no more than 90 days after it (2025-04-01 to 2025-06-29): O02 (2025-05-15). O07 (RO)
    # expires on the last day itself: neither in force nor expiring. Breaches in P: BR04 (O01),
    # BR06 and BR09 (O02), BR05 (O03) = 4, so 4 / 3 per order in force.
    assert rows(breakdown(engine, "orders_summary", P)) == [
        {
            "refused": 1,
            "withdrawn": 1,
            "active_at_end": 3,
            "expiring_within_90_days": 1,
            "expiry_window_start_date": date(2025, 4, 1),
            "expiry_window_end_date": date(2025, 6, 29),
            "breaches_in_period": 4,
            "breaches_per_order_in_force": 4 / 3,
        }
    ]
    # Newport: O01 (D03) is the only order in force, BR04 its only breach; O03 has no crime.
    newport = rows(breakdown(engine, "orders_summary", P, NEWPORT))[0]
    assert (newport["active_at_end"], newport["breaches_in_period"]) == (1, 1)
    assert newport["breaches_per_order_in_force"] == 1.0


def test_orders_summary_expiry_window_ends_90_days_after_the_last_day(engine):
    # O02 (granted 2024-04-10, expires 2025-05-15) is in force on both last days below. Period
    # ending 2025-02-14: the expiry is 14 + 31 + 30 + 15 = 90 days after it, the window's last
    # day: it counts. Ending a day earlier, the expiry is 91 days away: it does not.
    on_the_edge = Period(date(2024, 4, 1), date(2025, 2, 14))
    frame = breakdown(engine, "orders_summary", on_the_edge)
    assert frame["expiry_window_end_date"].iloc[0] == date(2025, 5, 15)
    by_type = breakdown(engine, "orders_by_type", on_the_edge).set_index("order_type")
    assert by_type.loc["SRO", "expiring_within_90_days"] == 1
    assert frame["expiring_within_90_days"].iloc[0] == by_type["expiring_within_90_days"].sum()
    earlier = Period(date(2024, 4, 1), date(2025, 2, 13))
    by_type = breakdown(engine, "orders_by_type", earlier).set_index("order_type")
    assert by_type.loc["SRO", "expiring_within_90_days"] == 0
    assert breakdown(engine, "orders_summary", earlier)["expiring_within_90_days"].iloc[0] == (
        by_type["expiring_within_90_days"].sum()
    )


def test_s63g_outstanding(engine):
    # nfa_date on or before 2025-03-31 and no application: X3-D06 (2024-03-31, before P: 365
    # days), X4-D08 (2025-01-15: 75 days). X7-D04 (2025-04-05) is after the end.
    assert rows(breakdown(engine, "s63g_outstanding", P)) == [
        {
            "suspect_id": "X3",
            "crime_ref": "D06",
            "nfa_date": date(2024, 3, 31),
            "days_since_nfa": 365,
        },
        {
            "suspect_id": "X4",
            "crime_ref": "D08",
            "nfa_date": date(2025, 1, 15),
            "days_since_nfa": 75,
        },
    ]
    assert breakdown(engine, "s63g_outstanding", P, NEWPORT).empty  # D06 CAE, D08 unknown


def test_s63g_decisions(engine):
    # Eligible in P: granted X1-D02 X6-D14; refused X2-D04; withdrawn X5-D12; pending X3-D05; no
    # application X4-D08.
    assert rows(breakdown(engine, "s63g_decisions", P)) == [
        {"decision_order": 1, "decision": "granted", "eligible_count": 2, "eligible_share": 2 / 6},
        {"decision_order": 2, "decision": "refused", "eligible_count": 1, "eligible_share": 1 / 6},
        {
            "decision_order": 3,
            "decision": "withdrawn",
            "eligible_count": 1,
            "eligible_share": 1 / 6,
        },
        {"decision_order": 4, "decision": "pending", "eligible_count": 1, "eligible_share": 1 / 6},
        {
            "decision_order": 5,
            "decision": "no application",
            "eligible_count": 1,
            "eligible_share": 1 / 6,
        },
    ]


def test_training_by_team(engine):
    # Team A: T01, T02 (in scope on its ssaidp row), T07 (completed on the last day): all
    # trained. Team B: T03 (completed after P), T04 (never); T05 is not in scope. T06 has no
    # team and no word_on_word row.
    assert rows(breakdown(engine, "training_by_team", P)) == [
        {"team": "Team A", "staff_in_scope": 3, "trained": 3, "trained_share": 1.0},
        {"team": "Team B", "staff_in_scope": 2, "trained": 0, "trained_share": 0.0},
        {"team": "not recorded", "staff_in_scope": 1, "trained": 0, "trained_share": 0.0},
    ]
    # Training is never filtered.
    assert breakdown(engine, "training_by_team", P, NEWPORT).equals(
        breakdown(engine, "training_by_team", P)
    )


# --- The tables agree with the tiles, on the fixture and on the synthetic sample -------------

FILTER_CASES = {
    "none": Filters(),
    "newport": NEWPORT,
    "rape": Filters(subgroup="rape"),
    "under16": Filters(age_band="under16"),
    "domestic abuse": Filters(domestic_abuse="yes"),
}


@pytest.fixture(scope="module", params=["fixture", "sample"])
def data(request, tmp_path_factory):
    source = DISRUPTION if request.param == "fixture" else SAMPLE
    tables = load_fixture(tmp_path_factory.mktemp(request.param), source=source)
    with Engine(tables, request.param) as e:
        yield e


@pytest.mark.parametrize("filter_name", list(FILTER_CASES))
@pytest.mark.parametrize("rule", [RepeatRule(), RepeatRule(min_crimes=3, lookback_months=12)])
def test_tables_add_up_to_the_tiles(data, filter_name, rule):
    filters = FILTER_CASES[filter_name]
    kpi = compute_disruption(data, P, filters, rule)

    def table(name):
        return breakdown(data, name, P, filters, rule)

    suspects = table("repeat_suspect_list")
    assert len(suspects) == kpi["repeat_suspects"]
    assert (suspects["crimes"] >= rule.min_crimes).all()
    assert suspects["crimes"].is_monotonic_decreasing
    distribution = table("crimes_per_suspect")
    assert distribution.loc[distribution["is_repeat"], "suspects"].sum() == kpi["repeat_suspects"]
    assert table("bail_over_limits")["bail_count"].sum() == kpi["pre_charge_bail_at_end"]
    orders = table("orders_by_type")
    assert orders["applied"].sum() == kpi["orders_applied"]
    assert orders["granted"].sum() == kpi["orders_granted"]
    assert orders["active_at_end"].sum() == kpi["orders_active_at_end"]
    assert orders["breaches_in_period"].sum() == kpi["order_breaches"]
    summary = table("orders_summary").iloc[0]
    for column in ("refused", "withdrawn", "active_at_end", "expiring_within_90_days"):
        assert summary[column] == orders[column].sum(), column
    assert summary["breaches_in_period"] == kpi["order_breaches"]
    assert summary["active_at_end"] == kpi["orders_active_at_end"]
    decisions = table("s63g_decisions").set_index("decision")["eligible_count"]
    assert decisions.sum() == kpi["s63g_eligible"]
    assert decisions["granted"] == kpi["s63g_granted"]
    assert decisions.drop("no application").sum() >= kpi["s63g_applications"]
    teams = table("training_by_team")
    training = run_kpi(data, "word_on_word_trained_rate", P)
    assert teams["staff_in_scope"].sum() == training["denominator"].iloc[0]
    assert teams["trained"].sum() == training["numerator"].iloc[0]


def test_the_sample_is_not_trivial(data):
    # Guard against agreement because everything is empty.
    assert len(breakdown(data, "repeat_suspect_list", P)) >= 5
    assert breakdown(data, "bail_over_limits", P)["bail_count"].sum() >= 6
    assert len(breakdown(data, "breach_worklist", P)) >= 3
    assert len(breakdown(data, "s63g_outstanding", P)) >= 2
