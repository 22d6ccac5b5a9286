"""The synthetic generator: reproducible bytes, a registered sample, consistent and realistic data.

The awkward-but-legal forms are read here with small helpers of the test's own, independent of the
real parser, so that a parser bug cannot hide a generator bug (and the other way round).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import reference
from dashboard.ingest.contract import DATE, DATETIME, TABLES
from dashboard.settings import SAMPLE
from dashboard.synth.generator import MARKER, WRITTEN, generate
from dashboard.synth.register import check_register

AS_AT = pd.Timestamp("2025-03-31")
TRUE = {"y", "yes", "true", "1"}


def read(folder: Path, table: str) -> pd.DataFrame:
    """One table as text, headers normalised like the contract says (`Crime Ref` = crime_ref)."""
    df = pd.read_csv(
        folder / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    df.columns = [re.sub(r"[ -]+", "_", c.strip().lower()) for c in df.columns]
    assert tuple(df.columns) == TABLES[table].column_names
    return df


def to_date(s: pd.Series) -> pd.Series:
    """ISO or UK (D/M/YYYY) dates, or date-times, per value; blank as NaT."""
    day = s.str.split(r"[ T]", n=1, regex=True).str[0]
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    iso, uk = day.str.contains("-"), day.str.contains("/")
    out[iso] = pd.to_datetime(day[iso], format="%Y-%m-%d")
    parts = day[uk].str.split("/", expand=True).astype(int) if uk.any() else None
    if parts is not None:
        out[uk] = pd.to_datetime({"year": parts[2], "month": parts[1], "day": parts[0]})
    return out


def to_datetime(s: pd.Series) -> pd.Series:
    """Date-times in the three forms the generator writes; blank as NaT."""
    clock = s.str.split(r"[ T]", n=1, regex=True).str[1].fillna("00:00").str[:5]
    return to_date(s) + pd.to_timedelta(clock.where(s != "", "00:00") + ":00")


def outcome_code(s: pd.Series) -> pd.Series:
    """`016`, `OC16`, `Outcome 16` -> `16`."""
    bare = s.str.strip().str.upper().str.replace(r"^(OUTCOME\s*|OC)", "", regex=True)
    return bare.str.lstrip("0").replace("", "0")


def offence_code(s: pd.Series) -> pd.Series:
    """`019c` -> `19C`, `22A/01` -> `22A`."""
    return s.str.upper().str.split("/").str[0].str.lstrip("0")


def flag(s: pd.Series) -> pd.Series:
    """Boolean spellings as True/False, blank as NA."""
    return s.str.lower().map(lambda v: None if v == "" else v in TRUE)


def financial_year(d: pd.Series) -> pd.Series:
    """2020 for 2020-04-01 to 2021-03-31."""
    return d.dt.year - (d.dt.month < 4)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small extract: 2,500 crimes, seed 7."""
    out = tmp_path_factory.mktemp("synth")
    generate(out, crimes=2500, seed=7)
    return out


@pytest.fixture(scope="module")
def sample() -> dict[str, pd.DataFrame]:
    """The bundled sample, every table."""
    return {t: read(SAMPLE, t) for t in WRITTEN}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b, c = (generate(tmp_path / d, crimes=400, seed=3) for d in ("a", "b", "c"))
    assert a == b == c
    for name in a["files"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert generate(tmp_path / "d", crimes=400, seed=4)["files"] != a["files"]


def test_sample_is_reproduced_byte_for_byte(tmp_path: Path) -> None:
    marker = json.loads((SAMPLE / MARKER).read_text(encoding="utf-8"))
    args = {"crimes": marker["crimes"], "seed": marker["seed"]}
    again = generate(tmp_path, as_at=date.fromisoformat(marker["as_at"]), **args)
    assert again == marker
    for name in [*marker["files"], MARKER]:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_marker_lists_each_file_hash(small: Path) -> None:
    marker = json.loads((small / MARKER).read_text(encoding="utf-8"))
    assert marker["generator"] == "flightdeck synth"
    assert (marker["seed"], marker["crimes"], marker["as_at"]) == (7, 2500, "2025-03-31")
    # every table but the analyst's process changes (the sample records none)
    assert list(marker["files"]) == [f"{t}.csv" for t in TABLES if t != "process_changes"]
    for name, digest in marker["files"].items():
        assert hashlib.sha256((small / name).read_bytes()).hexdigest() == digest


def test_register_lists_every_data_file() -> None:
    assert check_register() == []


def test_file_quirks(small: Path) -> None:
    assert (small / "crimes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (small / "bail.csv").read_bytes()
    assert b"\r\n" not in (small / "outcomes.csv").read_bytes()
    assert (small / "suspects.csv").read_text(encoding="utf-8").startswith("Crime Ref,")


def test_keys_are_unique(small: Path) -> None:
    for name, spec in ((t, TABLES[t]) for t in WRITTEN):
        df = read(small, name)
        assert not df.duplicated(list(spec.key)).any(), name
        for column in spec.required_names:
            required = df[column] != ""
            if spec.column(column).required:
                assert required.all(), (name, column)


def test_references_exist(small: Path) -> None:
    refs = set(read(small, "crimes")["crime_ref"])
    for name in ("outcomes", "suspects", "bail", "biometrics"):
        assert set(read(small, name)["crime_ref"]) <= refs, name
    orders = read(small, "orders")
    assert set(orders["crime_ref"]) - {""} <= refs
    breaches = read(small, "breaches")
    of_bail = breaches["breach_of"] == "bail"
    assert set(breaches.loc[of_bail, "ref_id"]) <= set(read(small, "bail")["bail_id"])
    assert set(breaches.loc[~of_bail, "ref_id"]) <= set(orders["order_id"])
    pairs = read(small, "suspects")[["crime_ref", "suspect_id"]].apply(tuple, axis=1)
    for name in ("bail", "biometrics"):
        linked = read(small, name)[["crime_ref", "suspect_id"]].apply(tuple, axis=1)
        assert set(linked) <= set(pairs), name


def test_codes_and_spellings_are_legal(small: Path) -> None:
    crimes = read(small, "crimes")
    assert set(offence_code(crimes["ho_offence_code"])) <= set(reference.offence_codes())
    codes = outcome_code(read(small, "outcomes")["outcome_code"])
    assert set(codes) <= set(reference.outcome_types())
    for name, spec in ((t, TABLES[t]) for t in WRITTEN):
        df = read(small, name)
        for col in spec.columns:
            if col.values:
                allowed = set(col.accepted_spellings()) | {""}
                assert set(df[col.name].str.lower()) <= allowed, (name, col.name)
    spellings = reference.local_authority_spellings()
    unknown = ~crimes["local_authority"].str.lower().isin([*spellings, ""])
    assert 0 < unknown.mean() < 0.01
    ages = pd.to_numeric(crimes["victim_age"], errors="coerce")
    assert ages.dropna().between(0, 120).all()


def test_dates_are_ordered(small: Path) -> None:
    crimes = read(small, "crimes")
    rep, rec = to_date(crimes["reported_date"]), to_date(crimes["recorded_date"])
    off = to_date(crimes["offence_date"])
    assert (rec.isna() == (crimes["record_type"] == "N100")).all()
    assert not (rec < rep).any() and not (off > rep).any() and (rep <= AS_AT).all()
    for col in ("isva_referral_date", "victim_withdrawal_date"):
        assert not (to_date(crimes[col]) < rep).any() and not (to_date(crimes[col]) > AS_AT).any()
    out = read(small, "outcomes").merge(crimes, on="crime_ref")
    done = to_date(out["outcome_date"])
    assert not (done < to_date(out["recorded_date"])).any() and not (done > AS_AT).any()
    sus = read(small, "suspects").merge(crimes, on="crime_ref")
    arrest = to_date(sus["arrest_date"])
    assert not (arrest < to_date(sus["reported_date"])).any() and not (arrest > AS_AT).any()
    bail = read(small, "bail")
    assert not (to_date(bail["end_date"]) < to_date(bail["start_date"])).any()
    assert (to_date(bail["start_date"]) <= AS_AT).all()
    orders = read(small, "orders")
    assert not (to_date(orders["decision_date"]) < to_date(orders["applied_date"])).any()
    assert not (to_date(orders["decision_date"]) > AS_AT).any()
    breaches = read(small, "breaches")
    at, action = to_datetime(breaches["breach_at"]), to_datetime(breaches["action_at"])
    assert not (action < at).any() and not (to_datetime(breaches["reported_at"]) < at).any()
    assert not (action >= AS_AT + pd.Timedelta(days=1)).any()
    bio = read(small, "biometrics")
    assert not (to_date(bio["application_date"]) < to_date(bio["nfa_date"])).any()


def test_nothing_after_as_at_but_planned_dates(small: Path) -> None:
    planned = {("bail", "end_date"), ("orders", "expiry_date")}
    for name, spec in ((t, TABLES[t]) for t in WRITTEN):
        df = read(small, name)
        for col in spec.columns:
            if col.type in (DATE, DATETIME) and (name, col.name) not in planned:
                assert not (to_date(df[col.name]) > AS_AT).any(), (name, col.name)


def test_sample_volumes_and_rates(sample: dict[str, pd.DataFrame]) -> None:
    crimes = sample["crimes"]
    is_crime = crimes["record_type"].str.lower().isin(["crime", ""])
    rec = to_date(crimes["recorded_date"])[is_crime]
    per_year = financial_year(rec).value_counts()
    assert list(per_year.sort_index().index) == [2020, 2021, 2022, 2023, 2024]
    assert per_year.between(1500, 2000).all(), per_year
    rape = offence_code(crimes["ho_offence_code"]).map(reference.offence_codes()) == "Rape"
    assert 0.28 < rape[is_crime].mean() < 0.38
    n100 = crimes["record_type"] == "N100"
    assert 0.01 < n100.sum() / rape.sum() < 0.08
    assert 0.005 < (crimes["record_type"] == "cancelled").mean() < 0.03
    codes = outcome_code(sample["outcomes"]["outcome_code"])
    assigned = codes[codes != "0"]
    assert 0.03 <= assigned.isin(["1", "1A"]).mean() <= 0.08
    assert 0.30 <= assigned.isin(["14", "16"]).mean() <= 0.45
    assert 0.15 <= (assigned == "15").mean() <= 0.25
    assert 0.05 <= (assigned == "18").mean() <= 0.10
    assert 0.1 < 1 - len(assigned) / is_crime.sum() < 0.4  # still open at as_at


def test_sample_victims_and_suspects(sample: dict[str, pd.DataFrame]) -> None:
    crimes = sample["crimes"]
    ages = pd.to_numeric(crimes["victim_age"], errors="coerce")
    assert 0.25 < (ages.dropna() < 16).mean() < 0.35
    assert 0.8 < crimes["victim_sex"].isin(["F", "Female"]).mean() < 0.95
    assert 0.25 < flag(crimes["domestic_abuse"]).dropna().mean() < 0.35
    assert 0.5 < (crimes["isva_referral_date"] != "").mean() < 0.7
    sus = sample["suspects"]
    is_crime = crimes["record_type"].str.lower().isin(["crime", ""])
    assert 0.75 <= crimes.loc[is_crime, "crime_ref"].isin(sus["crime_ref"]).mean() <= 0.85
    per_suspect = sus.groupby("suspect_id")["crime_ref"].nunique()
    assert 0.01 < (per_suspect >= 2).mean() < 0.08 and (per_suspect >= 4).sum() >= 3
    assert (sus.groupby("crime_ref").size() >= 2).any()
    arrested = sus.groupby("crime_ref")["arrest_date"].apply(lambda a: (a != "").any())
    assert 0.5 <= arrested.mean() <= 0.65


def test_sample_disruption_tables(sample: dict[str, pd.DataFrame]) -> None:
    bail = sample["bail"]
    kinds = bail["release_type"].value_counts()
    assert set(kinds.index) == {"pre_charge_bail", "rui", "post_charge_bail", "remand"}
    assert 0.5 < kinds["rui"] / kinds["pre_charge_bail"] < 2
    assert (bail["end_date"] == "").any() and (to_date(bail["end_date"]) > AS_AT).any()
    orders = sample["orders"]
    assert not orders["order_type"].isin(["DAPN", "DAPO"]).any()
    assert (orders["crime_ref"] == "").any() and (orders["decision"] == "pending").any()
    expiry = to_date(orders["expiry_date"])
    assert expiry.between(AS_AT, AS_AT + pd.Timedelta(days=90)).any()
    breaches = sample["breaches"]
    assert set(breaches["breach_of"]) == {"bail", "order"} and (breaches["action"] == "").any()
    bio = sample["biometrics"]
    nfa_year = financial_year(to_date(bio["nfa_date"]))
    applied = (bio["application_date"] != "").groupby(nfa_year).mean()
    assert 0.2 <= (bio["application_date"] != "").mean() <= 0.4
    assert applied.iloc[-2] > applied.iloc[0]
    training = sample["training"]
    assert 100 <= training["staff_id"].nunique() <= 140
    scope = training.groupby("staff_id")["in_scope"].nunique()
    assert (scope > 1).sum() >= 1
