"""The secure defaults hold on every run of the app, not only when `flightdeck serve` starts.

A dashboard started without sign-in on the synthetic sample keeps running while an analyst
ingests real data from the command line (contract §3, "While serving"): from the next run on,
the real data must not be shown to anyone who has not signed in, unless the operator accepted
that risk with --allow-no-sign-in; a demo role shows synthetic data only.
"""

from __future__ import annotations

import pytest

from dashboard.i18n import t
from dashboard.ingest import pipeline
from dashboard.store.versions import Store
from tests.app_helpers import app, load_sample

REAL_CRIMES = (
    "crime_ref,reported_date,recorded_date,ho_offence_code\nREAL-1,2024-04-01,2024-04-02,19C\n"
)


@pytest.fixture()
def store(tmp_path, monkeypatch) -> Store:
    """A store whose v0001 is the bundled synthetic sample, read by the app without sign-in."""
    store = load_sample(tmp_path / "store")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.setenv("FLIGHTDECK_SIGN_IN", "none")
    for name in ("FLIGHTDECK_DEMO_ROLE", "FLIGHTDECK_NO_SIGN_IN_ACCEPTED"):
        monkeypatch.delenv(name, raising=False)
    return store


def add_real_version(store: Store, tmp_path) -> None:
    (tmp_path / "crimes.csv").write_text(REAL_CRIMES)
    version, _ = pipeline.ingest(store, [tmp_path / "crimes.csv"], mode="upsert", uploader="cli")
    assert not store.manifest(version)["synthetic"]


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_synthetic_demo_is_shown_without_sign_in(store):
    at = app().run()
    assert not at.exception
    assert at.metric, "the flight deck's tiles"
    assert t("access.real_data_needs_sign_in") not in errors(at)


def test_no_red_banner_while_the_data_is_synthetic(store, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_NO_SIGN_IN_ACCEPTED", "1")  # --allow-no-sign-in
    at = app().run()
    assert at.metric
    assert t("access.no_sign_in_banner") not in errors(at)


def test_real_data_arriving_while_serving_is_not_shown_without_sign_in(store, tmp_path):
    assert app().run().metric  # serving the synthetic sample
    add_real_version(store, tmp_path)
    at = app().run()
    assert not at.exception
    assert t("access.real_data_needs_sign_in") in errors(at)
    assert not at.metric and not at.dataframe, "no figures at all"
    assert not at.sidebar.selectbox, "no period or filter widgets"


def test_real_data_is_shown_when_the_operator_accepted_no_sign_in(store, tmp_path, monkeypatch):
    add_real_version(store, tmp_path)
    monkeypatch.setenv("FLIGHTDECK_NO_SIGN_IN_ACCEPTED", "1")
    at = app().run()
    assert not at.exception
    assert at.metric
    assert t("access.real_data_needs_sign_in") not in errors(at)
    assert t("access.no_sign_in_banner") in errors(at)


def test_demo_role_refuses_real_data_even_when_no_sign_in_was_accepted(
    store, tmp_path, monkeypatch
):
    add_real_version(store, tmp_path)
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "leader")
    monkeypatch.setenv("FLIGHTDECK_NO_SIGN_IN_ACCEPTED", "1")
    at = app().run()
    assert t("access.demo_needs_synthetic") in errors(at)
    assert not at.metric


def test_rolling_back_to_the_synthetic_version_serves_the_demo_again(store, tmp_path):
    add_real_version(store, tmp_path)
    store.rollback("v0001")
    at = app().run()
    assert not at.exception
    assert at.metric


def test_a_broken_roles_file_shows_no_server_detail(store):
    (store.root / "roles.toml").write_text("[users\nbroken = ", encoding="utf-8")
    at = app().run()
    assert not at.exception
    assert errors(at) == [t("access.roles_file_broken")]
    assert str(store.root) not in " ".join(errors(at))
    assert not at.metric


def test_an_unwritable_audit_log_shows_nothing_and_no_server_detail(store):
    (store.root / "audit").write_text("not a folder")  # the log cannot be written under it
    at = app().run()
    assert not at.exception
    assert t("app.audit_unavailable") in errors(at)
    assert str(store.root) not in " ".join(errors(at))
    assert not at.metric
