"""A second route to every metric: plain pandas over the stored tables, from metrics.md alone.

The bundled synthetic sample goes through the normal ingest into a fresh store; the version's
Parquet files are then read with pandas and each §2 and §3 key (and rui_share) is worked out
from the catalogue's wording, independently of the query files, and compared with
compute_metrics / compute_disruption for several periods, filters and repeat-suspect rules.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.figures.disruption import RepeatRule, compute_disruption
from dashboard.figures.engine import Engine
from dashboard.figures.metrics import compute_metrics
from dashboard.filters import Filters
from dashboard.ingest import pipeline
from dashboard.periods import Period
from dashboard.store.versions import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
REFERENCE = ROOT / "data" / "reference"

CHARGED = {"1", "1A"}
VICTIM_NOT_SUPPORTING = {"14", "16"}
NO_SUSPECT = {"18"}
BREACH_ACTIONS = {"arrest", "charge", "summons"}
DATE_COLUMNS = {
    "crimes": ["reported_date", "recorded_date", "offence_date", "isva_referral_date"],
    "outcomes": ["outcome_date"],
    "suspects": ["arrest_date"],
    "bail": ["start_date", "end_date"],
    "orders": ["applied_date", "decision_date", "expiry_date"],
    "biometrics": ["nfa_date", "application_date"],
    "training": ["completed_date"],
}


@pytest.fixture(scope="module")
def version_dir(tmp_path_factory) -> Path:
    store = Store(tmp_path_factory.mktemp("backtest") / "store")
    version, upload = pipeline.ingest(store, [SAMPLE], uploader="tests")
    assert not upload.report.has_errors, upload.report.as_text()
    return store.version_dir(version)


@pytest.fixture(scope="module")
def engine(version_dir):
    with Engine(version_dir, "backtest") as e:
        yield e


@pytest.fixture(scope="module")
def tables(version_dir) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in (*DATE_COLUMNS, "breaches"):
        frame = pd.read_parquet(version_dir / f"{name}.parquet")
        for column in DATE_COLUMNS.get(name, []):
            frame[column] = pd.to_datetime(frame[column])
        frames[name] = frame
    codes = pd.read_csv(REFERENCE / "ho_sexual_offence_codes.csv", dtype=str)
    subgroup = dict(zip(codes["code"], codes["subgroup"], strict=True))
    frames["crimes"]["subgroup"] = frames["crimes"]["ho_offence_code"].map(subgroup)
    return frames


def outcome_groups() -> dict[str, str]:
    types = pd.read_csv(REFERENCE / "ho_outcome_types.csv", dtype=str)
    return dict(zip(types["code"], types["group"], strict=True))


# -- helpers ------------------------------------------------------------------------------------


def rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


def median(values: pd.Series) -> float | None:
    values = values.dropna()
    return None if values.empty else float(values.median())


def within(dates: pd.Series, p: Period) -> pd.Series:
    return dates.between(pd.Timestamp(p.start), pd.Timestamp(p.end))


def passes(crimes: pd.DataFrame, f: Filters) -> pd.Series:
    """§1 filters on rows of `crimes`."""
    keep = pd.Series(True, index=crimes.index)
    la = crimes["local_authority"]
    if f.local_authority == "unknown":
        keep &= la.isna() | (la == "unknown")
    elif f.local_authority is not None:
        keep &= la == f.local_authority
    if f.subgroup is not None:
        wanted = "Rape" if f.subgroup == "rape" else "Other sexual offences"
        keep &= crimes["subgroup"] == wanted
    age = crimes["victim_age"]
    keep &= {
        None: True,
        "under16": age < 16,
        "16plus": age >= 16,
        "unknown": age.isna(),
    }[f.age_band]
    if f.domestic_abuse is not None:
        flag = crimes["domestic_abuse"].map({True: "yes", False: "no"})
        keep &= flag == f.domestic_abuse
    return keep


# -- §2 -----------------------------------------------------------------------------------------


def flight_deck(t: dict[str, pd.DataFrame], p: Period, f: Filters) -> dict:
    end = pd.Timestamp(p.end)
    all_rows = t["crimes"][passes(t["crimes"], f)]
    crimes = all_rows[all_rows["record_type"] == "crime"]
    recorded = crimes[within(crimes["recorded_date"], p)]
    n_recorded = len(recorded)
    n_rape = int((recorded["subgroup"] == "Rape").sum())
    n100 = all_rows[(all_rows["record_type"] == "n100") & within(all_rows["reported_date"], p)]

    dated = recorded[recorded["offence_date"].notna()]
    non_recent = (dated["reported_date"] - dated["offence_date"]).dt.days > 365

    with_outcome = crimes.merge(t["outcomes"], on="crime_ref", how="left")
    code = with_outcome["outcome_code"]
    assigned = with_outcome[code.notna() & (code != "0") & within(with_outcome["outcome_date"], p)]
    is_charged = assigned["outcome_code"].isin(CHARGED)
    days = (assigned["outcome_date"] - assigned["recorded_date"]).dt.days
    groups = assigned["outcome_code"].map(outcome_groups()).value_counts()

    is_open = (with_outcome["recorded_date"] <= end) & (
        code.isna() | (code == "0") | (with_outcome["outcome_date"] > end)
    )
    open_at_end = with_outcome[is_open]
    open_days = (end - open_at_end["recorded_date"]).dt.days

    recorded_outcome = recorded.merge(t["outcomes"], on="crime_ref", how="left")
    suspects = t["suspects"][t["suspects"]["crime_ref"].isin(recorded["crime_ref"])]
    has_suspect = recorded["crime_ref"].isin(suspects["crime_ref"])
    first_arrest = suspects.groupby("crime_ref")["arrest_date"].min().dropna()
    arrested = recorded.set_index("crime_ref").join(first_arrest, how="inner")
    days_to_arrest = (arrested["arrest_date"] - arrested["reported_date"]).dt.days

    return {
        "crimes_recorded": n_recorded,
        "rape_recorded": n_rape,
        "other_sexual_recorded": n_recorded - n_rape,
        "n100_reported": len(n100),
        "non_recent_share": rate(int(non_recent.sum()), len(dated)),
        "outcomes_assigned": len(assigned),
        "charged": int(is_charged.sum()),
        "charge_rate": rate(int(is_charged.sum()), len(assigned)),
        "charge_rate_recorded_basis": rate(
            int(recorded_outcome["outcome_code"].isin(CHARGED).sum()), n_recorded
        ),
        "victim_not_supporting_rate": rate(
            int(assigned["outcome_code"].isin(VICTIM_NOT_SUPPORTING).sum()), len(assigned)
        ),
        "no_suspect_rate": rate(
            int(assigned["outcome_code"].isin(NO_SUSPECT).sum()), len(assigned)
        ),
        "outcomes_by_group": {str(g): int(n) for g, n in groups.items()},
        "median_days_to_charge": median(days[is_charged]),
        "median_days_to_outcome": median(days),
        "open_at_end": len(open_at_end),
        "open_over_365_days": int((open_days > 365).sum()),
        "isva_referral_rate": rate(int(recorded["isva_referral_date"].notna().sum()), n_recorded),
        "suspect_identified_rate": rate(int(has_suspect.sum()), n_recorded),
        "arrest_rate": rate(
            int(recorded["crime_ref"].isin(first_arrest.index).sum()), int(has_suspect.sum())
        ),
        "median_days_to_arrest": median(days_to_arrest),
    }


# -- §3 -----------------------------------------------------------------------------------------


def disruption(
    t: dict[str, pd.DataFrame], p: Period, f: Filters, min_crimes: int, lookback_months: int
) -> dict:
    end = pd.Timestamp(p.end)
    filtered = f != Filters()
    all_rows = t["crimes"][passes(t["crimes"], f)]

    def linked(crime_refs: pd.Series) -> pd.Series:
        """Rows whose linked crime passes the filters (every row when no filter is set)."""
        if not filtered:
            return pd.Series(True, index=crime_refs.index)
        return crime_refs.isin(all_rows["crime_ref"])

    crimes = all_rows[all_rows["record_type"] == "crime"]
    # "from (`to` minus `lookback_months` calendar months, plus one day) to `to`"
    window_start = end - pd.DateOffset(months=lookback_months) + pd.Timedelta(days=1)
    in_window = crimes[crimes["recorded_date"].between(window_start, end)]
    links = t["suspects"][t["suspects"]["crime_ref"].isin(in_window["crime_ref"])]
    links = links[["suspect_id", "crime_ref"]].drop_duplicates()
    per_suspect = links.groupby("suspect_id")["crime_ref"].nunique()
    repeat = per_suspect[per_suspect >= min_crimes].index

    bail = t["bail"][linked(t["bail"]["crime_ref"])]
    in_force = (bail["start_date"] <= end) & (bail["end_date"].isna() | (bail["end_date"] > end))
    pcb = int((in_force & (bail["release_type"] == "pre_charge_bail")).sum())
    rui = int((in_force & (bail["release_type"] == "rui")).sum())

    orders = t["orders"][linked(t["orders"]["crime_ref"])]
    granted = orders["decision"] == "granted"

    breaches = t["breaches"]
    breaches = breaches[
        within(breaches["breach_at"].dt.normalize(), p)
        & (
            ((breaches["breach_of"] == "bail") & breaches["ref_id"].isin(bail["bail_id"]))
            | ((breaches["breach_of"] == "order") & breaches["ref_id"].isin(orders["order_id"]))
        )
    ]
    reported = breaches["reported_at"].fillna(breaches["breach_at"])
    hours = (breaches["action_at"] - reported).dt.total_seconds() / 3600
    quick = breaches["action"].isin(BREACH_ACTIONS) & (hours <= 24)

    bio = t["biometrics"][linked(t["biometrics"]["crime_ref"])]
    eligible = bio[within(bio["nfa_date"], p)]
    applications = int(eligible["application_date"].notna().sum())

    training = t["training"]
    in_scope = set(training.loc[training["in_scope"].fillna(False).astype(bool), "staff_id"])
    done = training[(training["course"] == "word_on_word") & (training["completed_date"] <= end)]
    trained = in_scope & set(done["staff_id"])

    return {
        "repeat_suspects": len(repeat),
        "repeat_suspect_crimes": links.loc[links["suspect_id"].isin(repeat), "crime_ref"].nunique(),
        "pre_charge_bail_at_end": pcb,
        "rui_at_end": rui,
        "bail_breaches": int((breaches["breach_of"] == "bail").sum()),
        "order_breaches": int((breaches["breach_of"] == "order").sum()),
        "breach_action_within_24h_rate": rate(int(quick.sum()), len(breaches)),
        "median_hours_to_breach_action": median(hours),
        "orders_applied": int(within(orders["applied_date"], p).sum()),
        "orders_granted": int((granted & within(orders["decision_date"], p)).sum()),
        "orders_active_at_end": int(
            (
                granted
                & (orders["decision_date"] <= end)
                & (orders["expiry_date"].isna() | (orders["expiry_date"] > end))
            ).sum()
        ),
        "s63g_eligible": len(eligible),
        "s63g_applications": applications,
        "s63g_application_rate": rate(applications, len(eligible)),
        "s63g_granted": int((eligible["decision"] == "granted").sum()),
        "word_on_word_trained_rate": rate(len(trained), len(in_scope)),
        "rui_share": rate(rui, rui + pcb),
    }


# -- the comparison -----------------------------------------------------------------------------

FY_2024 = Period(date(2024, 4, 1), date(2025, 3, 31))
CASES = {
    "fy2024": (FY_2024, Filters(), None),
    "fy2024-q3": (Period(date(2024, 10, 1), date(2024, 12, 31)), Filters(), None),
    # BR-000202: arrested exactly 24 hours after the breach, no reported_at.
    "mar-2024": (Period(date(2024, 3, 1), date(2024, 3, 31)), Filters(), None),
    "cy2023": (Period(date(2023, 1, 1), date(2023, 12, 31)), Filters(), None),
    "newport": (FY_2024, Filters(local_authority="W06000022"), None),
    "la-unknown": (FY_2024, Filters(local_authority="unknown"), None),
    "rape": (FY_2024, Filters(subgroup="rape"), None),
    "under16": (FY_2024, Filters(age_band="under16"), None),
    "age-unknown": (FY_2024, Filters(age_band="unknown"), None),
    "da-yes": (FY_2024, Filters(domestic_abuse="yes"), None),
    "da-no-cy2023": (
        Period(date(2023, 1, 1), date(2023, 12, 31)),
        Filters(domestic_abuse="no"),
        None,
    ),
    "rule-3-in-12": (FY_2024, Filters(), RepeatRule(min_crimes=3, lookback_months=12)),
    # A suspect's second crime was recorded on 2023-01-31, the day before the window opens.
    "jan-2024-rule-2-in-12": (
        Period(date(2024, 1, 1), date(2024, 1, 31)),
        Filters(),
        RepeatRule(min_crimes=2, lookback_months=12),
    ),
    "may-2024-rule-2-in-3": (
        Period(date(2024, 5, 1), date(2024, 5, 31)),
        Filters(subgroup="other"),
        RepeatRule(min_crimes=2, lookback_months=3),
    ),
}


def same(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, dict):
        return expected == actual
    return actual == pytest.approx(expected)


@pytest.mark.parametrize("case", CASES)
def test_product_matches_pandas(case, engine, tables):
    period, filters, rule = CASES[case]
    rule = rule or RepeatRule()
    actual = {
        **compute_metrics(engine, period, filters),
        **compute_disruption(engine, period, filters, rule),
    }
    expected = {
        **flight_deck(tables, period, filters),
        **disruption(tables, period, filters, rule.min_crimes, rule.lookback_months),
    }
    assert set(actual) == set(expected)
    wrong = {k: (expected[k], actual[k]) for k in expected if not same(expected[k], actual[k])}
    assert not wrong, f"(pandas, product) differ: {wrong}"
