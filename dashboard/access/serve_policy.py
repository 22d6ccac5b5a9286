"""Secure defaults for `flightdeck serve`: when the dashboard may start, and in which mode.

Real (non-synthetic) data is never served without sign-in unless the operator says so
explicitly; sign-in by OpenID Connect needs a cookie secret; demo roles only on synthetic data.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dashboard import settings
from dashboard.access import proxy_trust
from dashboard.access.roles import ROLES
from dashboard.i18n import t

# Where `flightdeck serve --trusted-user-headers` listens unless `--address` says otherwise: the
# proxy on this machine is then the one way in.
PROXY_ADDRESS = "127.0.0.1"
AUTH_KEYS = ("redirect_uri", "client_id", "client_secret", "server_metadata_url")


class ServeRefused(Exception):
    """The dashboard must not start this way; the message names the fix (exit status 2)."""


@dataclass(frozen=True)
class ServeMode:
    """How the dashboard runs: passed to the app through environment variables."""

    sign_in: str  # "oidc", "proxy" or "none"
    demo_role: str | None = None
    no_sign_in_accepted: bool = False
    trusted_proxies: tuple[str, ...] = ()  # proxy mode: who may send identity headers

    def environment(self) -> dict[str, str]:
        env = {settings.SIGN_IN_ENV: self.sign_in}
        if self.trusted_proxies:
            env[settings.TRUSTED_PROXIES_ENV] = ",".join(self.trusted_proxies)
        if self.demo_role:
            env[settings.DEMO_ROLE_ENV] = self.demo_role
        if self.no_sign_in_accepted:
            env[settings.NO_SIGN_IN_ENV] = "1"
        return env


def oidc_settings(secrets: Path) -> dict | None:
    """The `[auth]` table of `.streamlit/secrets.toml`, or None when sign-in is not set up."""
    if not secrets.is_file():
        return None
    try:
        auth = tomllib.loads(secrets.read_text(encoding="utf-8")).get("auth")
    except tomllib.TOMLDecodeError as exc:
        raise ServeRefused(t("serve.bad_secrets", path=secrets, detail=exc)) from None
    return auth if isinstance(auth, dict) and auth else None


def check_proxy_headers(headers: str | None) -> None:
    if headers is None:
        return
    try:
        mapping = json.loads(headers)
        assert isinstance(mapping, dict) and "email" in mapping.values()
    except (ValueError, AssertionError):
        raise ServeRefused(t("serve.bad_proxy_headers")) from None


def decide(
    synthetic: bool,
    *,
    allow_no_sign_in: bool = False,
    demo_role: str | None = None,
    proxy_headers: str | None = None,
    secrets: Path | None = None,
    trusted_proxies: tuple[str, ...] = (),
) -> ServeMode:
    """The mode to serve in, or ServeRefused with a one-line reason and fix."""
    secrets = secrets or settings.current().secrets
    if trusted_proxies and proxy_headers is None:
        raise ServeRefused(t("serve.trusted_proxy_needs_headers"))
    try:
        proxy_trust.networks(trusted_proxies)
    except proxy_trust.BadProxyAddress as exc:
        raise ServeRefused(str(exc)) from None
    if demo_role is not None:
        if demo_role not in ROLES:
            raise ServeRefused(t("serve.bad_demo_role", roles=", ".join(ROLES)))
        if not synthetic:
            raise ServeRefused(t("serve.demo_role_needs_synthetic"))
        return ServeMode("none", demo_role=demo_role)
    check_proxy_headers(proxy_headers)
    auth = oidc_settings(secrets)
    if auth is not None and proxy_headers is not None:  # the headers would beat the sign-in
        raise ServeRefused(t("serve.proxy_with_oidc", path=secrets))
    if auth is not None:
        missing = [k for k in (*AUTH_KEYS, "cookie_secret") if not auth.get(k)]
        if missing:
            raise ServeRefused(t("serve.auth_incomplete", path=secrets, keys=", ".join(missing)))
        return ServeMode("oidc")
    if proxy_headers is not None:
        return ServeMode("proxy", trusted_proxies=trusted_proxies or settings.LOOPBACK)
    if allow_no_sign_in:  # also on synthetic data: real data may be ingested while serving
        return ServeMode("none", no_sign_in_accepted=True)
    if synthetic:
        return ServeMode("none")
    raise ServeRefused(t("serve.needs_sign_in"))
