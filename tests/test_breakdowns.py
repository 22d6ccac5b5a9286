"""The breakdown tables (queries/breakdown/*.sql) on the small hand-made fixture, worked by hand.

Period P = 2024-04-01 to 2025-03-31, as in tests/test_kpi.py, whose docstring lists every record
(recorded date, subgroup, local authority, age, domestic-abuse flag, non-recent, outcome). The
columns the breakdowns add, for the 13 crimes recorded in P (tests/fixtures/small/crimes.csv and
outcomes.csv); "current outcome" is the outcome as at the data's as-at date, whenever assigned:

ref code grp  LA  age band    sex rel.               DA  non-recent   current outcome (group)
C05 19C  rape NPT 22  16plus  F   partner            yes no           1  charged
C06 19F  rape CAE 35  16plus  M   stranger           no  yes          1A charged
C07 20A  oth  MON 17  16plus  F   acquaintance       no  no (365 d)   14 victim not supporting
C08 19C  rape TOR -   unknown F   unknown            yes no off. date 18 no suspect
C09 17A  oth  NPT 12  under16 M   family             no  no           none: open
C10 19C  rape unk 45  16plus  F   stranger           unk no           1  charged (2025-05-10)
C11 22B  oth  unk 15  under16 F   partner            yes no           15 victim supports
C12 19E  rape BG  10  under16 F   position_of_trust  no  yes          16 victim not supporting
C13 88E  oth  CAE 19  16plus  F   stranger           no  no           0: open
C14 19C  rape NPT 28  16plus  F   partner            yes no           1  charged
C15 20B  oth  TOR 8   under16 F   family             no  no           21 police decision
C16 19C  rape MON 16  16plus  F   acquaintance       no  no           none: open
C17 23   oth  NPT 33  16plus  M   family             yes no (98 d)    10 prevented

Outcomes assigned in P (11, closed basis), by code: 1 C01 C05 C14; 1A C06; 10 C17; 14 C07;
15 C11; 16 C04 C12; 18 C08; 21 C15.

The year before P is 2023-04-01 to 2024-03-31: crimes recorded then are C01 (NPT rape, DA yes,
12 d), C03 (BG rape, DA unknown, 1 d: recorded 2024-03-31, the window's last day), C04 (TOR
other, DA yes, 2 d); C02 (2023-01-12) and C21 (2023-02-01) are before it. N100 reported then:
N02 (2024-02-10, CAE rape). No cancelled record.

Open at 2025-03-31 (7): C02 C03 C09 C10 C13 C16 C21 (tests/test_kpi.py).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import reference
from dashboard.figures import queries
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import compute_metrics, metric_params, plain
from dashboard.filters import Filters
from dashboard.periods import Period
from tests.fixture_store import load_fixture

P = Period(date(2024, 4, 1), date(2025, 3, 31))
EMPTY = Period(date(2020, 1, 1), date(2020, 1, 31))  # before any record (C20: 2022-06-01)

NEWPORT = Filters(local_authority="W06000022")
RAPE = Filters(subgroup="rape")
OTHER = Filters(subgroup="other")

NOT_YET = "Not yet assigned an outcome"
CHARGED = "Charged/Summonsed"
OOC_FORMAL = "Out-of-court (formal)"
TIC = "Taken into consideration"
PREVENTED = "Prosecution prevented or not in the public interest"
OOC_INFORMAL = "Out-of-court (informal)"
VNS = "Evidential difficulties (victim does not support action)"
VICTIM_SUPPORTS = "Evidential difficulties (suspect identified; victim supports action)"
NO_SUSPECT = "Investigation complete – no suspect identified"
TRANSFERRED = "Responsibility for further investigation transferred to another body"
POLICE_DECISION = (
    "Further investigation to support formal action not in the public interest – police decision"
)
DIVERSIONARY = "Diversionary/educational/intervention activity"
UNKNOWN_CODE = "Unknown outcome code"

# Groups by their lowest outcome code: 0, 1, 2, 4, 5, 7, 14, 15, 18, 20, 21, 22.
GROUPS_IN_ORDER = [
    NOT_YET,
    CHARGED,
    OOC_FORMAL,
    TIC,
    PREVENTED,
    OOC_INFORMAL,
    VNS,
    VICTIM_SUPPORTS,
    NO_SUSPECT,
    TRANSFERRED,
    POLICE_DECISION,
    DIVERSIONARY,
]
CODES_IN_ORDER = ["0", "1", "1A", "2", "2A", "3", "3A", *map(str, range(4, 19)), "20", "21", "22"]
OFFENCES_IN_ORDER = [
    *("19C", "19D", "19E", "19F", "19G", "19H"),  # rape first
    *("17A", "17B", "20A", "20B", "21", "22A", "22B", "23"),
    *("70", "71", "73", "88A", "88C", "88D", "88E"),
]
AGE_BANDS = ["0-3 months", "3-6 months", "6-12 months", "over 12 months"]
RELATIONSHIPS = [
    "partner",
    "family",
    "acquaintance",
    "stranger",
    "position_of_trust",
    "other",
    "unknown",
    "not recorded",
]
LOCAL_AUTHORITIES = [  # by English name, then unknown
    ("W06000019", "Blaenau Gwent", "Blaenau Gwent"),
    ("W06000018", "Caerphilly", "Caerffili"),
    ("W06000021", "Monmouthshire", "Sir Fynwy"),
    ("W06000022", "Newport", "Casnewydd"),
    ("W06000020", "Torfaen", "Torfaen"),
    ("unknown", None, None),
]
BREAKDOWNS = (
    "outcome_mix_by_group",
    "outcome_mix_by_code",
    "open_caseload_age",
    "offence_mix",
    "victim_profile",
    "relationship_mix",
    "profile_shares",
    "profile_by_local_authority",
    "data_coverage",
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(load_fixture(tmp_path_factory.mktemp("small")), "fixture") as e:
        yield e


def breakdown(engine, name, period=P, filters=None) -> pd.DataFrame:
    query = queries.get_query("breakdown", name)
    return queries.run(engine, query, metric_params(period, filters))


def _cell(value):
    return value.date() if isinstance(value, pd.Timestamp) else plain(value)


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The frame's rows as tuples of plain Python values (null as None), in the query's order."""
    return [tuple(_cell(v) for v in row) for row in frame[list(columns)].itertuples(index=False)]


def column(frame: pd.DataFrame, name: str) -> list:
    return [_cell(v) for v in frame[name]]


def by(frame: pd.DataFrame, key: str, value: str) -> dict:
    """{key: value} over the frame's rows, leaving out zero values."""
    return {k: v for k, v in rows(frame, key, value) if v}


def single_row(frame: pd.DataFrame) -> dict:
    assert len(frame) == 1
    return {name: _cell(frame[name].iloc[0]) for name in frame.columns}


def test_breakdown_files_exist():
    assert set(BREAKDOWNS) <= {q.name for q in queries.queries_of_kind("breakdown")}


def test_breakdown_headers_say_counts():
    for name in BREAKDOWNS:
        assert queries.get_query("breakdown", name).unit == "counts"


# --- Outcomes page --------------------------------------------------------------------------


def test_outcome_mix_by_group(engine):
    frame = breakdown(engine, "outcome_mix_by_group")
    assert list(frame.columns) == [
        "group_order",
        "outcome_group",
        "closed_count",
        "closed_share",
        "recorded_count",
        "recorded_share",
    ]
    # closed of 11 outcomes assigned in P; recorded of 13 crimes recorded in P.
    assert rows(frame, "group_order", "outcome_group", "closed_count", "recorded_count") == [
        (1, NOT_YET, 0, 3),  # recorded: C09 (none), C13 (0), C16 (none)
        (2, CHARGED, 4, 4),  # closed: C01 C05 C06 C14; recorded: C05 C06 C10 C14
        (3, OOC_FORMAL, 0, 0),
        (4, TIC, 0, 0),
        (5, PREVENTED, 1, 1),  # C17 (10)
        (6, OOC_INFORMAL, 0, 0),
        (7, VNS, 3, 2),  # closed: C04 C07 C12; recorded: C07 C12 (C04 recorded 2023)
        (8, VICTIM_SUPPORTS, 1, 1),  # C11 (15)
        (9, NO_SUSPECT, 1, 1),  # C08 (18)
        (10, TRANSFERRED, 0, 0),
        (11, POLICE_DECISION, 1, 1),  # C15 (21)
        (12, DIVERSIONARY, 0, 0),
    ]
    closed_share = dict(rows(frame, "outcome_group", "closed_share"))
    recorded_share = dict(rows(frame, "outcome_group", "recorded_share"))
    assert closed_share[CHARGED] == 4 / 11 and recorded_share[CHARGED] == 4 / 13
    assert closed_share[VNS] == 3 / 11 and recorded_share[VNS] == 2 / 13
    assert closed_share[NOT_YET] == 0 / 11 and recorded_share[NOT_YET] == 3 / 13
    assert closed_share[TIC] == 0.0 and recorded_share[TIC] == 0.0  # zero, not null
    assert sum(frame["closed_share"]) == pytest.approx(1.0)
    assert sum(frame["recorded_share"]) == pytest.approx(1.0)


def test_outcome_mix_by_group_closed_counts_are_the_kpi_groups(engine):
    frame = breakdown(engine, "outcome_mix_by_group")
    assert (
        by(frame, "outcome_group", "closed_count")
        == compute_metrics(engine, P)["outcomes_by_group"]
    )


def test_outcome_mix_by_code(engine):
    frame = breakdown(engine, "outcome_mix_by_code")
    assert list(frame.columns) == [
        "code_order",
        "outcome_code",
        "outcome_label",
        "outcome_group",
        "closed_count",
        "closed_share",
        "recorded_count",
        "recorded_share",
    ]
    assert column(frame, "outcome_code") == CODES_IN_ORDER  # 25 codes, no 19 in the list
    assert column(frame, "code_order") == list(range(1, 26))
    assert by(frame, "outcome_code", "closed_count") == {
        "1": 3,  # C01 C05 C14
        "1A": 1,  # C06
        "10": 1,  # C17
        "14": 1,  # C07
        "15": 1,  # C11
        "16": 2,  # C04 C12
        "18": 1,  # C08
        "21": 1,  # C15
    }
    assert by(frame, "outcome_code", "recorded_count") == {
        "0": 3,  # C09 C16 (no outcome) and C13 (code 0)
        "1": 3,  # C05 C10 C14
        "1A": 1,  # C06
        "10": 1,  # C17
        "14": 1,  # C07
        "15": 1,  # C11
        "16": 1,  # C12
        "18": 1,  # C08
        "21": 1,  # C15
    }
    sixteen = frame[frame["outcome_code"] == "16"].iloc[0]
    assert sixteen["outcome_group"] == VNS
    assert sixteen["closed_share"] == 2 / 11 and sixteen["recorded_share"] == 1 / 13
    one_a = frame[frame["outcome_code"] == "1A"].iloc[0]
    assert one_a["outcome_label"] == "Charged/Summonsed (alternate offence)"
    assert one_a["outcome_group"] == CHARGED


def test_outcome_mix_by_code_adds_up_to_the_groups(engine):
    by_code = breakdown(engine, "outcome_mix_by_code")
    by_group = breakdown(engine, "outcome_mix_by_group")
    for count in ("closed_count", "recorded_count"):
        summed = by_code.groupby("outcome_group")[count].sum().to_dict()
        assert summed == dict(rows(by_group, "outcome_group", count))


@pytest.mark.parametrize(
    ("filters", "closed", "recorded"),
    [
        (
            NEWPORT,
            {CHARGED: 3, PREVENTED: 1},  # C01 C05 C14; C17 (10)
            {CHARGED: 2, NOT_YET: 1, PREVENTED: 1},  # C05 C14; C09; C17
        ),
        (
            RAPE,
            {CHARGED: 4, VNS: 1, NO_SUSPECT: 1},  # C01 C05 C06 C14; C12; C08
            {CHARGED: 4, VNS: 1, NO_SUSPECT: 1, NOT_YET: 1},  # C05 C06 C10 C14; C12; C08; C16
        ),
        (
            OTHER,
            {VNS: 2, VICTIM_SUPPORTS: 1, POLICE_DECISION: 1, PREVENTED: 1},  # C04 C07; C11; ...
            {VNS: 1, VICTIM_SUPPORTS: 1, POLICE_DECISION: 1, PREVENTED: 1, NOT_YET: 2},  # C09 C13
        ),
    ],
    ids=["Newport", "rape", "other"],
)
def test_outcome_mix_filtered(engine, filters, closed, recorded):
    frame = breakdown(engine, "outcome_mix_by_group", filters=filters)
    assert column(frame, "outcome_group") == GROUPS_IN_ORDER  # zero rows stay
    assert by(frame, "outcome_group", "closed_count") == closed
    assert by(frame, "outcome_group", "recorded_count") == recorded
    closed_total, recorded_total = sum(closed.values()), sum(recorded.values())
    for group, n in closed.items():
        assert dict(rows(frame, "outcome_group", "closed_share"))[group] == n / closed_total
    for group, n in recorded.items():
        assert dict(rows(frame, "outcome_group", "recorded_share"))[group] == n / recorded_total


def test_open_caseload_age(engine):
    frame = breakdown(engine, "open_caseload_age")
    assert list(frame.columns) == ["age_band_order", "age_band", "open_count", "open_share"]
    # At 2025-03-31: 3 months before = 2024-12-31, 6 months = 2024-09-30, 12 months = 2024-03-31.
    assert rows(frame, "age_band_order", "age_band", "open_count", "open_share") == [
        (1, "0-3 months", 1, 1 / 7),  # C16 (2025-03-31)
        (2, "3-6 months", 1, 1 / 7),  # C13 (2024-11-12)
        # C03 (2024-03-31: exactly 12 months, so not over), C09 (07-03), C10 (08-10)
        (3, "6-12 months", 3, 3 / 7),
        (4, "over 12 months", 2, 2 / 7),  # C02 (2023-01-12), C21 (2023-02-01)
    ]


def test_open_caseload_age_mid_year(engine):
    frame = breakdown(engine, "open_caseload_age", Period(date(2024, 4, 1), date(2024, 9, 30)))
    # Open at 2024-09-30 (9, test_kpi): C02 C03 C05 C06 C08 C09 C10 C11 C21. Bounds: 2024-06-30,
    # 2024-03-30, 2023-09-30.
    assert column(frame, "open_count") == [
        3,  # C09 (07-03) C10 (08-10) C11 (09-06)
        4,  # C03 (03-31) C05 (04-04) C06 (05-10) C08 (06-16)
        0,
        2,  # C02 C21
    ]


@pytest.mark.parametrize(
    ("end", "counts"),
    [
        # Open at 2024-07-04: C02 C03 C04 C05 C06 C07 C08 C09 C21 (C01 closed 06-14, C17 05-01).
        # 3 months before = 2024-04-04: C05, recorded that day, is exactly 3 months: 0-3.
        # 0-3: C05 C06 C07 C08 C09; 3-6 (from 2024-01-04): C03; 6-12 (from 2023-07-04): C04.
        (date(2024, 7, 4), [5, 1, 1, 2]),
        # A day later C05 is past 3 months (bound 2024-04-05), and C09 is still 0-3.
        (date(2024, 7, 5), [4, 2, 1, 2]),
    ],
)
def test_open_caseload_age_band_edges(engine, end, counts):
    frame = breakdown(engine, "open_caseload_age", Period(date(2024, 4, 1), end))
    assert column(frame, "open_count") == counts


@pytest.mark.parametrize(
    ("filters", "counts"),
    [
        (NEWPORT, [0, 0, 1, 0]),  # C09
        (RAPE, [1, 0, 2, 1]),  # C16; C03 C10; C21
        (OTHER, [0, 1, 1, 1]),  # C13; C09; C02
    ],
    ids=["Newport", "rape", "other"],
)
def test_open_caseload_age_filtered(engine, filters, counts):
    frame = breakdown(engine, "open_caseload_age", filters=filters)
    assert column(frame, "age_band") == AGE_BANDS
    assert column(frame, "open_count") == counts
    assert column(frame, "open_share") == [n / sum(counts) for n in counts]


# --- Problem profile page -------------------------------------------------------------------


def test_offence_mix(engine):
    frame = breakdown(engine, "offence_mix")
    assert list(frame.columns) == [
        "offence_order",
        "offence_code",
        "offence_description",
        "offence_subgroup",
        "recorded_count",
        "recorded_share",
    ]
    assert column(frame, "offence_code") == OFFENCES_IN_ORDER  # all 21, zeros included
    assert column(frame, "offence_order") == list(range(1, 22))
    assert by(frame, "offence_code", "recorded_count") == {
        "19C": 5,  # C05 C08 C10 C14 C16
        "19E": 1,  # C12
        "19F": 1,  # C06
        "17A": 1,  # C09
        "20A": 1,  # C07
        "20B": 1,  # C15
        "22B": 1,  # C11
        "23": 1,  # C17
        "88E": 1,  # C13
    }
    shares = dict(rows(frame, "offence_code", "recorded_share"))
    assert shares["19C"] == 5 / 13 and shares["88E"] == 1 / 13 and shares["19D"] == 0.0
    subgroups = dict(rows(frame, "offence_code", "offence_subgroup"))
    assert subgroups["19H"] == "Rape" and subgroups["19C"] == "Rape"
    assert subgroups["17A"] == "Other sexual offences"
    assert dict(rows(frame, "offence_code", "offence_description"))["23"] == (
        "Incest or familial sexual offences"
    )
    rape = frame[frame["offence_subgroup"] == "Rape"]["recorded_count"].sum()
    assert rape == 7  # as the kpi rape_recorded


def test_offence_mix_filtered(engine):
    rape = breakdown(engine, "offence_mix", filters=RAPE)
    assert len(rape) == 21  # the other subgroup's codes stay, at 0
    assert by(rape, "offence_code", "recorded_count") == {"19C": 5, "19E": 1, "19F": 1}
    assert by(rape, "offence_code", "recorded_share") == {"19C": 5 / 7, "19E": 1 / 7, "19F": 1 / 7}
    newport = breakdown(engine, "offence_mix", filters=NEWPORT)
    # C05 C14 (19C), C09 (17A), C17 (23)
    assert by(newport, "offence_code", "recorded_count") == {"19C": 2, "17A": 1, "23": 1}


def test_victim_profile(engine):
    frame = breakdown(engine, "victim_profile")
    assert list(frame.columns) == [
        "victim_age_band_order",
        "victim_age_band",
        "victim_sex_order",
        "victim_sex",
        "recorded_count",
        "recorded_share",
    ]
    assert rows(frame, "victim_age_band", "victim_sex", "recorded_count", "recorded_share") == [
        ("under16", "F", 3, 3 / 13),  # C11 (15) C12 (10) C15 (8)
        ("under16", "M", 1, 1 / 13),  # C09 (12)
        ("under16", "X", 0, 0.0),
        ("under16", "U", 0, 0.0),
        ("under16", "unknown", 0, 0.0),
        ("16plus", "F", 6, 6 / 13),  # C05 C07 C10 C13 C14 C16 (16: the boundary)
        ("16plus", "M", 2, 2 / 13),  # C06 C17
        ("16plus", "X", 0, 0.0),
        ("16plus", "U", 0, 0.0),
        ("16plus", "unknown", 0, 0.0),
        ("unknown", "F", 1, 1 / 13),  # C08 (no age)
        ("unknown", "M", 0, 0.0),
        ("unknown", "X", 0, 0.0),
        ("unknown", "U", 0, 0.0),
        ("unknown", "unknown", 0, 0.0),
    ]
    assert column(frame, "victim_age_band_order") == [1] * 5 + [2] * 5 + [3] * 5
    assert column(frame, "victim_sex_order") == [1, 2, 3, 4, 5] * 3


def test_victim_profile_filtered(engine):
    frame = breakdown(engine, "victim_profile", filters=NEWPORT)
    assert len(frame) == 15
    counts = {
        (a, s): n for a, s, n in rows(frame, "victim_age_band", "victim_sex", "recorded_count")
    }
    # C05 C14 (F, 16plus); C09 (M, 12); C17 (M, 33)
    assert {k: n for k, n in counts.items() if n} == {
        ("16plus", "F"): 2,
        ("under16", "M"): 1,
        ("16plus", "M"): 1,
    }


def test_relationship_mix(engine):
    frame = breakdown(engine, "relationship_mix")
    assert list(frame.columns) == [
        "relationship_order",
        "relationship",
        "recorded_count",
        "recorded_share",
    ]
    assert rows(frame, "relationship_order", "relationship", "recorded_count") == [
        (1, "partner", 3),  # C05 C11 C14
        (2, "family", 3),  # C09 C15 C17
        (3, "acquaintance", 2),  # C07 C16
        (4, "stranger", 3),  # C06 C10 C13
        (5, "position_of_trust", 1),  # C12
        (6, "other", 0),
        (7, "unknown", 1),  # C08
        (8, "not recorded", 0),
    ]
    assert column(frame, "recorded_share") == [n / 13 for n in (3, 3, 2, 3, 1, 0, 1, 0)]


def test_relationship_mix_filtered(engine):
    frame = breakdown(engine, "relationship_mix", filters=OTHER)
    # C07 acquaintance, C09 family, C11 partner, C13 stranger, C15 family, C17 family
    assert column(frame, "recorded_count") == [1, 3, 1, 1, 0, 0, 0, 0]


def test_profile_shares(engine):
    assert single_row(breakdown(engine, "profile_shares")) == {
        "crimes_recorded": 13,
        "domestic_abuse_count": 5,  # C05 C08 C11 C14 C17
        "domestic_abuse_known_count": 12,  # all but C10 (flag unknown)
        "domestic_abuse_share": 5 / 12,
        "non_recent_count": 2,  # C06 C12
        "offence_date_known_count": 12,  # all but C08
        "non_recent_share": 2 / 12,  # as the kpi non_recent_share
        "n100_count": 2,  # N01 (2024-06-20), N03 (2024-11-05); N02 before P
        "cancelled_count": 1,  # C19, reported 2024-05-01
        "previous_year_start": date(2023, 4, 1),
        "previous_year_end": date(2024, 3, 31),
        "crimes_recorded_previous_year": 3,  # C01 C03 C04
        "domestic_abuse_count_previous_year": 2,  # C01 C04
        "domestic_abuse_known_count_previous_year": 2,  # C03's flag unknown
        "domestic_abuse_share_previous_year": 2 / 2,
        "non_recent_count_previous_year": 0,  # 12, 1 and 2 days
        "offence_date_known_count_previous_year": 3,
        "non_recent_share_previous_year": 0 / 3,
        "n100_count_previous_year": 1,  # N02
        "cancelled_count_previous_year": 0,
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            NEWPORT,
            {
                "crimes_recorded": 4,  # C05 C09 C14 C17
                "domestic_abuse_share": 3 / 4,  # C05 C14 C17
                "non_recent_share": 0 / 4,
                "n100_count": 1,  # N01
                "cancelled_count": 1,  # C19
                "crimes_recorded_previous_year": 1,  # C01
                "domestic_abuse_share_previous_year": 1 / 1,
                "n100_count_previous_year": 0,  # N02 is Caerphilly
            },
        ),
        (
            OTHER,
            {
                "crimes_recorded": 6,  # C07 C09 C11 C13 C15 C17
                "domestic_abuse_share": 2 / 6,  # C11 C17
                "non_recent_share": 0 / 6,  # C07 exactly 365 days
                "n100_count": 0,  # the N100s are rapes
                "cancelled_count": 0,  # C19 is a rape
                "crimes_recorded_previous_year": 1,  # C04
                "domestic_abuse_share_previous_year": 1 / 1,
                "n100_count_previous_year": 0,
            },
        ),
    ],
    ids=["Newport", "other"],
)
def test_profile_shares_filtered(engine, filters, expected):
    row = single_row(breakdown(engine, "profile_shares", filters=filters))
    assert {k: row[k] for k in expected} == expected


def test_profile_by_local_authority(engine):
    frame = breakdown(engine, "profile_by_local_authority")
    assert list(frame.columns) == [
        "local_authority",
        "name_en",
        "name_cy",
        "crimes_recorded",
        "rape_count",
        "other_count",
        "domestic_abuse_count",
        "non_recent_count",
        "n100_count",
        "cancelled_count",
        "crimes_recorded_previous_year",
    ]
    assert rows(frame, "local_authority", "name_en", "name_cy") == LOCAL_AUTHORITIES
    counts = rows(frame, *frame.columns[3:])
    # crimes, rape, other, DA, non-recent, N100, cancelled, crimes the year before
    assert counts == [
        (1, 1, 0, 0, 1, 0, 0, 1),  # BG: C12 (rape, 1614 d); before: C03
        (2, 1, 1, 0, 1, 0, 0, 0),  # CAE: C06 (rape, 846 d), C13; N02 before P; C02 2023-01
        (2, 1, 1, 0, 0, 0, 0, 0),  # MON: C16, C07 (365 d: not non-recent)
        (4, 2, 2, 3, 0, 1, 1, 1),  # NPT: C05 C14, C09 C17; DA C05 C14 C17; N01; C19; C01
        (2, 1, 1, 1, 0, 0, 0, 1),  # TOR: C08 (DA), C15; before: C04 (C21 2023-02)
        (2, 1, 1, 1, 0, 1, 0, 0),  # unknown: C10, C11 (DA); N03
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # Only Newport's row has figures: the local-authority filter applies as usual.
        (NEWPORT, {"W06000022": (4, 2, 2, 3, 0, 1, 1, 1)}),
        (
            RAPE,
            {
                "W06000019": (1, 1, 0, 0, 1, 0, 0, 1),  # C12; before: C03
                "W06000018": (1, 1, 0, 0, 1, 0, 0, 0),  # C06
                "W06000021": (1, 1, 0, 0, 0, 0, 0, 0),  # C16
                "W06000022": (2, 2, 0, 2, 0, 1, 1, 1),  # C05 C14; N01; C19; C01
                "W06000020": (1, 1, 0, 1, 0, 0, 0, 0),  # C08 (C04 is not a rape)
                "unknown": (1, 1, 0, 0, 0, 1, 0, 0),  # C10 (flag unknown); N03
            },
        ),
    ],
    ids=["Newport", "rape"],
)
def test_profile_by_local_authority_filtered(engine, filters, expected):
    frame = breakdown(engine, "profile_by_local_authority", filters=filters)
    assert column(frame, "local_authority") == [la for la, _, _ in LOCAL_AUTHORITIES]
    counts = {row[0]: row[1:] for row in rows(frame, "local_authority", *frame.columns[3:])}
    assert {la: c for la, c in counts.items() if any(c)} == expected


def test_data_coverage(engine):
    expected = {
        "records_in_data": 24,  # C01-C21, N01-N03
        "crimes_in_data": 20,  # C19 is cancelled
        "first_recorded_date": date(2022, 6, 1),  # C20
        "last_recorded_date": date(2025, 4, 3),  # C18
        "first_reported_date": date(2022, 6, 1),  # C20
        "last_reported_date": date(2025, 4, 2),  # C18
    }
    assert queries.get_query("breakdown", "data_coverage").params == ()
    # Period and filters do not apply.
    assert single_row(breakdown(engine, "data_coverage")) == expected
    assert single_row(breakdown(engine, "data_coverage", EMPTY, NEWPORT)) == expected


# --- Across the pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        NEWPORT,
        Filters(local_authority="unknown"),
        RAPE,
        OTHER,
        Filters(age_band="under16"),
        Filters(age_band="16plus"),
        Filters(age_band="unknown"),
        Filters(domestic_abuse="yes"),
        Filters(domestic_abuse="no"),
    ],
    ids=lambda f: ",".join(v for v in f.as_params().values() if v) or "no filter",
)
def test_bases_line_up_with_the_kpis(engine, filters):
    # The kpi figures themselves are worked by hand in tests/test_kpi.py.
    kpi = compute_metrics(engine, P, filters)
    recorded, closed = kpi["crimes_recorded"], kpi["outcomes_assigned"]
    for name in ("outcome_mix_by_group", "outcome_mix_by_code"):
        frame = breakdown(engine, name, filters=filters)
        assert frame["closed_count"].sum() == closed
        assert frame["recorded_count"].sum() == recorded
    by_group = breakdown(engine, "outcome_mix_by_group", filters=filters)
    assert by(by_group, "outcome_group", "closed_count") == kpi["outcomes_by_group"]
    for name in ("offence_mix", "victim_profile", "relationship_mix"):
        assert breakdown(engine, name, filters=filters)["recorded_count"].sum() == recorded
    ages = breakdown(engine, "open_caseload_age", filters=filters)
    assert ages["open_count"].sum() == kpi["open_at_end"]
    # No 29 February between 2024-03-31 and 2025-03-31, so "over 12 months" is over 365 days.
    assert ages["open_count"].iloc[3] == kpi["open_over_365_days"]
    shares = single_row(breakdown(engine, "profile_shares", filters=filters))
    assert shares["crimes_recorded"] == recorded
    assert shares["non_recent_share"] == kpi["non_recent_share"]
    assert shares["n100_count"] == kpi["n100_reported"]
    by_la = breakdown(engine, "profile_by_local_authority", filters=filters)
    assert by_la["crimes_recorded"].sum() == recorded
    assert by_la["rape_count"].sum() == kpi["rape_recorded"]
    assert by_la["other_count"].sum() == kpi["other_sexual_recorded"]
    assert by_la["n100_count"].sum() == kpi["n100_reported"]
    assert by_la["domestic_abuse_count"].sum() == shares["domestic_abuse_count"]
    assert by_la["non_recent_count"].sum() == shares["non_recent_count"]
    assert by_la["cancelled_count"].sum() == shares["cancelled_count"]
    assert by_la["crimes_recorded_previous_year"].sum() == shares["crimes_recorded_previous_year"]


def test_empty_period(engine):
    # 2020-01: nothing recorded, reported or assigned, nothing open; nor in 2019-01.
    expected_rows = {
        "outcome_mix_by_group": 12,
        "outcome_mix_by_code": 25,
        "open_caseload_age": 4,
        "offence_mix": 21,
        "victim_profile": 15,
        "relationship_mix": 8,
        "profile_shares": 1,
        "profile_by_local_authority": 6,
    }
    for name, n in expected_rows.items():
        frame = breakdown(engine, name, EMPTY)
        assert len(frame) == n, name
        for col in frame.columns:
            values = column(frame, col)
            if "share" in col:
                assert values == [None] * n, (name, col)
            elif "count" in col or col.startswith("crimes_recorded"):
                assert values == [0] * n, (name, col)
    shares = single_row(breakdown(engine, "profile_shares", EMPTY))
    assert (shares["previous_year_start"], shares["previous_year_end"]) == (
        date(2019, 1, 1),
        date(2019, 1, 31),
    )


def test_open_caseload_is_not_empty_when_nothing_happens_in_the_period(engine):
    # Open on 2030-01-31 (test_kpi): C02 C03 C09 C13 C16 C18, all over 12 months.
    frame = breakdown(engine, "open_caseload_age", Period(date(2030, 1, 1), date(2030, 1, 31)))
    assert rows(frame, "open_count", "open_share") == [(0, 0.0), (0, 0.0), (0, 0.0), (6, 1.0)]


# --- Values outside the lists, and calendar edges (a second, tiny fixture) --------------------

# E01: recorded 2024-02-29, offence 23, no local authority, age, flag, sex or relationship, no
# outcome (open). E02: recorded 2024-03-10, rape 19C, sex F, partner, outcome 21 on 2024-03-20.
TINY_CRIMES = (
    "crime_ref,record_type,reported_date,recorded_date,ho_offence_code,victim_sex,relationship\n"
    "E01,crime,2024-02-29,2024-02-29,23,,\n"
    "E02,crime,2024-03-10,2024-03-10,19C,F,partner\n"
)
TINY_OUTCOMES = "crime_ref,outcome_code,outcome_date\nE02,21,2024-03-20\n"
TINY_PERIOD = Period(date(2024, 2, 1), date(2024, 3, 31))


@pytest.fixture(scope="module")
def tiny_engine(tmp_path_factory):
    source = tmp_path_factory.mktemp("tiny_source")
    (source / "crimes.csv").write_text(TINY_CRIMES, encoding="utf-8")
    (source / "outcomes.csv").write_text(TINY_OUTCOMES, encoding="utf-8")
    tables = load_fixture(tmp_path_factory.mktemp("tiny"), source)
    # A stored version can hold codes that have since left the reference lists (the lists are
    # the running code's, the data is as it was ingested): here outcome 21 and offence 23.
    outcome_types, offence_codes = reference.outcome_types(), reference.offence_codes()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            reference,
            "outcome_types",
            lambda: {c: v for c, v in outcome_types.items() if c != "21"},
        )
        patch.setattr(
            reference,
            "offence_codes",
            lambda: {c: v for c, v in offence_codes.items() if c != "23"},
        )
        engine = Engine(tables, "tiny")
    with engine:
        # And values the contract refuses today (a later contract might allow them): the
        # breakdowns read victim_sex and relationship from `crimes` at query time.
        engine.query(
            "update crimes set victim_sex = 'Q', relationship = 'cousin' where crime_ref = 'E02'"
        )
        yield engine


def test_outcome_codes_outside_the_list_get_their_own_rows(tiny_engine):
    groups = breakdown(tiny_engine, "outcome_mix_by_group", TINY_PERIOD)
    # Code 21 was the only code of the police-decision group, so that group has left the list.
    assert column(groups, "outcome_group") == [
        *(g for g in GROUPS_IN_ORDER if g != POLICE_DECISION),
        UNKNOWN_CODE,  # last
    ]
    assert by(groups, "outcome_group", "closed_count") == {UNKNOWN_CODE: 1}  # E02
    assert by(groups, "outcome_group", "recorded_count") == {NOT_YET: 1, UNKNOWN_CODE: 1}
    assert dict(rows(groups, "outcome_group", "closed_share"))[UNKNOWN_CODE] == 1 / 1
    codes = breakdown(tiny_engine, "outcome_mix_by_code", TINY_PERIOD)
    assert column(codes, "outcome_code") == CODES_IN_ORDER  # 21 still between 20 and 22
    twenty_one = codes[codes["outcome_code"] == "21"]
    assert rows(twenty_one, "outcome_label", "outcome_group") == [(None, UNKNOWN_CODE)]
    assert by(codes, "outcome_code", "recorded_count") == {"0": 1, "21": 1}  # E01 open, E02


def test_other_values_outside_the_lists_are_counted(tiny_engine):
    offences = breakdown(tiny_engine, "offence_mix", TINY_PERIOD)
    assert column(offences, "offence_code") == OFFENCES_IN_ORDER  # 23 still in its place
    twenty_three = offences[offences["offence_code"] == "23"]
    # Outside the list: no description, and "other", as the subgroup filter treats it.
    assert rows(twenty_three, "offence_description", "offence_subgroup", "recorded_count") == [
        (None, "Other sexual offences", 1)
    ]
    assert by(offences, "offence_code", "recorded_count") == {"19C": 1, "23": 1}
    victims = breakdown(tiny_engine, "victim_profile", TINY_PERIOD)
    assert len(victims) == 16  # the 15 cells and (unknown, Q), last
    assert rows(victims.tail(2), "victim_age_band", "victim_sex", "recorded_count") == [
        ("unknown", "unknown", 1),  # E01: no age, no sex
        ("unknown", "Q", 1),  # E02: no age
    ]
    relationships = breakdown(tiny_engine, "relationship_mix", TINY_PERIOD)
    assert rows(relationships.tail(2), "relationship", "recorded_count") == [
        ("not recorded", 1),  # E01
        ("cousin", 1),  # E02
    ]
    by_la = breakdown(tiny_engine, "profile_by_local_authority", TINY_PERIOD)
    assert by(by_la, "local_authority", "crimes_recorded") == {"unknown": 2}


@pytest.mark.parametrize(
    ("end", "band"),
    [
        # 3 months before 2024-05-31 is 2024-02-29 (the month's last day): E01 is 3 months old.
        (date(2024, 5, 31), "0-3 months"),
        (date(2024, 6, 1), "3-6 months"),  # the bound is now 2024-03-01
    ],
)
def test_open_caseload_age_month_end(tiny_engine, end, band):
    frame = breakdown(tiny_engine, "open_caseload_age", Period(date(2024, 4, 1), end))
    assert by(frame, "age_band", "open_count") == {band: 1}  # E01 (E02 closed 2024-03-20)


@pytest.mark.parametrize(
    ("period", "window", "count"),
    [
        # 2025-02-28 less a year is 2024-02-28: E01 (2024-02-29) falls outside.
        (Period(date(2025, 2, 1), date(2025, 2, 28)), (date(2024, 2, 1), date(2024, 2, 28)), 0),
        # 2024-02-29 less a year is 2023-02-28.
        (Period(date(2024, 2, 29), date(2025, 3, 10)), (date(2023, 2, 28), date(2024, 3, 10)), 2),
        (Period(date(2025, 2, 1), date(2025, 3, 31)), (date(2024, 2, 1), date(2024, 3, 31)), 2),
    ],
)
def test_previous_year_window(tiny_engine, period, window, count):
    row = single_row(breakdown(tiny_engine, "profile_shares", period))
    assert (row["previous_year_start"], row["previous_year_end"]) == window
    assert row["crimes_recorded_previous_year"] == count
    by_la = breakdown(tiny_engine, "profile_by_local_authority", period)
    assert by_la["crimes_recorded_previous_year"].sum() == count


def test_data_coverage_of_a_small_version(tiny_engine):
    assert single_row(breakdown(tiny_engine, "data_coverage")) == {
        "records_in_data": 2,
        "crimes_in_data": 2,
        "first_recorded_date": date(2024, 2, 29),
        "last_recorded_date": date(2024, 3, 10),
        "first_reported_date": date(2024, 2, 29),
        "last_reported_date": date(2024, 3, 10),
    }
