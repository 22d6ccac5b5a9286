"""Secure defaults of `flightdeck serve`: real data needs sign-in; demo roles need synthetic."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dashboard.access.serve_policy import ServeMode, ServeRefused, decide
from dashboard.ingest import pipeline
from dashboard.store.versions import Store

AUTH = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
client_id = "flightdeck"
client_secret = "s3cret"
server_metadata_url = "http://localhost:9400/.well-known/openid-configuration"
"""


def test_synthetic_data_is_a_demo_without_sign_in(tmp_path):
    assert decide(True, secrets=tmp_path / "none.toml") == ServeMode("none")


def test_real_data_without_sign_in_is_refused(tmp_path):
    with pytest.raises(ServeRefused, match="--allow-no-sign-in"):
        decide(False, secrets=tmp_path / "none.toml")


def test_real_data_served_only_when_the_risk_is_accepted(tmp_path):
    mode = decide(False, allow_no_sign_in=True, secrets=tmp_path / "none.toml")
    assert mode.no_sign_in_accepted and mode.environment()["FLIGHTDECK_NO_SIGN_IN_ACCEPTED"]


def test_accepting_no_sign_in_on_synthetic_data_carries_over_to_real_data_loaded_later(tmp_path):
    # The app checks the data on every run; the operator's choice must reach it either way.
    assert decide(True, allow_no_sign_in=True, secrets=tmp_path / "none.toml").no_sign_in_accepted
    assert not decide(True, secrets=tmp_path / "none.toml").no_sign_in_accepted


def test_sign_in_needs_a_cookie_secret(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH)
    with pytest.raises(ServeRefused, match="cookie_secret"):
        decide(False, secrets=secrets)
    secrets.write_text(AUTH + 'cookie_secret = "a-long-random-string"\n')
    assert decide(False, secrets=secrets).sign_in == "oidc"


def test_proxy_identity(tmp_path):
    headers = '{"X-Forwarded-Email": "email", "X-Forwarded-Groups": "groups"}'
    mode = decide(False, proxy_headers=headers, secrets=tmp_path / "none.toml")
    assert mode.sign_in == "proxy"
    with pytest.raises(ServeRefused):
        decide(False, proxy_headers='{"X-User": "name"}', secrets=tmp_path / "none.toml")


def test_demo_roles(tmp_path):
    assert decide(True, demo_role="scrutiny").environment()["FLIGHTDECK_DEMO_ROLE"] == "scrutiny"
    with pytest.raises(ServeRefused, match="not synthetic"):
        decide(False, demo_role="leader")
    with pytest.raises(ServeRefused, match="leader, analyst, scrutiny"):
        decide(True, demo_role="admin")


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real")
    (folder / "crimes.csv").write_text(
        "crime_ref,reported_date,recorded_date,ho_offence_code\nC1,2024-04-01,2024-04-02,19C\n"
    )
    store = Store(folder / "store")
    pipeline.ingest(store, [folder / "crimes.csv"])
    return store


def refused(store, *extra: str, env: dict | None = None) -> str:
    """`flightdeck serve` on `store` with `extra`: exit status 2 and one line; that line."""
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "serve", "--store", str(store.root)]
        + ["--port", "8599", *extra],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize(
    "extra, message",
    [
        ([], "--allow-no-sign-in"),
        (["--demo-role", "leader"], "not synthetic"),
    ],
)
def test_serve_refusals_exit_2_with_one_line(real_store, extra, message):
    assert message in refused(real_store, *extra)


def test_serve_refuses_a_broken_roles_file_naming_it(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "roles.toml").write_text("[users\nbroken = ", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "serve", "--store", str(store), "--port", "8598"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "roles.toml" in result.stderr and "not valid TOML" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (store / "versions").exists()  # refused before loading anything


# ---------------------------------------------------------------- behind a proxy (issue 19)

PROXY_HEADERS = '{"X-Forwarded-Email": "email", "X-Forwarded-Groups": "groups"}'


def test_proxy_mode_trusts_loopback_unless_told_and_listens_there(tmp_path):
    mode = decide(False, proxy_headers=PROXY_HEADERS, secrets=tmp_path / "none.toml")
    assert mode.trusted_proxies == ("127.0.0.1", "::1")
    assert mode.environment()["FLIGHTDECK_TRUSTED_PROXIES"] == "127.0.0.1,::1"
    named = decide(
        False,
        proxy_headers=PROXY_HEADERS,
        secrets=tmp_path / "none.toml",
        trusted_proxies=("10.0.0.5", "10.0.1.0/24"),
    )
    assert named.environment()["FLIGHTDECK_TRUSTED_PROXIES"] == "10.0.0.5,10.0.1.0/24"


def test_proxy_headers_and_sign_in_together_are_refused(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH + 'cookie_secret = "a-long-random-string"\n')
    with pytest.raises(ServeRefused, match="choose one"):
        decide(False, proxy_headers=PROXY_HEADERS, secrets=secrets)


def test_trusted_proxies_are_checked(tmp_path):
    with pytest.raises(ServeRefused, match="not an IP address"):
        decide(
            False,
            proxy_headers=PROXY_HEADERS,
            secrets=tmp_path / "none.toml",
            trusted_proxies=("proxy.example",),
        )
    with pytest.raises(ServeRefused, match="only applies with --trusted-user-headers"):
        decide(True, secrets=tmp_path / "none.toml", trusted_proxies=("10.0.0.5",))


def test_serve_behind_a_proxy_listens_on_loopback_and_runs_the_guarded_server(
    real_store, monkeypatch
):
    """What `flightdeck serve --trusted-user-headers` hands to Streamlit (exec stopped)."""
    from dashboard.cli import serve

    started = {}

    def execve(path, command, env):
        started.update(command=command, env=env)
        raise SystemExit(0)

    monkeypatch.setattr(serve.os, "execve", execve)
    monkeypatch.setattr(serve.os, "chdir", lambda _: None)
    with pytest.raises(SystemExit):
        serve.serve(real_store.root, 8597, proxy_headers=PROXY_HEADERS)
    command = started["command"]
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("run") + 1].endswith("dashboard/app/flightdeck_server.py")
    assert started["env"]["FLIGHTDECK_TRUSTED_PROXIES"] == "127.0.0.1,::1"
    with pytest.raises(SystemExit):
        serve.serve(real_store.root, 8597, "0.0.0.0", proxy_headers=PROXY_HEADERS)
    assert started["command"][started["command"].index("--server.address") + 1] == "0.0.0.0"


def test_serve_refuses_proxy_headers_with_sign_in_in_one_line(real_store, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH + 'cookie_secret = "a-long-random-string"\n')
    env = {**os.environ, "FLIGHTDECK_SECRETS": str(secrets)}
    stderr = refused(real_store, "--trusted-user-headers", PROXY_HEADERS, env=env)
    assert "choose one" in stderr
