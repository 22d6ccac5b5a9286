"""Every `FLIGHTDECK_*` setting, read here and nowhere else, and where the project's own files live.

`current()` parses the environment into one frozen `Settings` value. It is parsed once per
distinct set of `FLIGHTDECK_*` variables (a server's never change; a test may change them with
`monkeypatch.setenv`, and the next call sees the change). A value that cannot be used falls back
to its default with one warning in the log, never an error a user sees.

| variable | what it sets | default |
|---|---|---|
| `FLIGHTDECK_STORE` | the store folder | `store/` in the current directory |
| `FLIGHTDECK_SECRETS` | where sign-in is configured | `.streamlit/secrets.toml` |
| `FLIGHTDECK_ROLES` | the roles file (must exist) | `<store>/roles.toml` if present |
| `FLIGHTDECK_SUPPRESSION_THRESHOLD` | counts below it are hidden from scrutiny | 10 |
| `FLIGHTDECK_ROUNDING_BASE` | scrutiny counts rounded to a multiple of it (1: off) | 5 |
| `FLIGHTDECK_ROUNDING_KEY` | the rounding's key, 64 hex digits (else the store's own) | unset |
| `FLIGHTDECK_SIGN_IN` | set by `flightdeck serve`: `oidc`, `proxy` or `none` | `none` |
| `FLIGHTDECK_DEMO_ROLE` | set by `flightdeck serve --demo-role` | unset |
| `FLIGHTDECK_NO_SIGN_IN_ACCEPTED` | set by `flightdeck serve --allow-no-sign-in` | unset |
| `FLIGHTDECK_TRUSTED_PROXIES` | set by `serve --trusted-proxy`: who may name users | loopback |
| `FLIGHTDECK_CHROMIUM` | the Chromium printing board packs (`flightdeck report`) | on PATH |
| `FLIGHTDECK_TEST_PAUSE_AT` | test hook: a store write pauses at this stage | unset |
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
DATA = ROOT / "data"
REFERENCE = DATA / "reference"
SAMPLE = DATA / "sample"
REGISTER = DATA / "register.csv"

PREFIX = "FLIGHTDECK_"
STORE_ENV = "FLIGHTDECK_STORE"
SECRETS_ENV = "FLIGHTDECK_SECRETS"
ROLES_ENV = "FLIGHTDECK_ROLES"
THRESHOLD_ENV = "FLIGHTDECK_SUPPRESSION_THRESHOLD"
ROUNDING_ENV = "FLIGHTDECK_ROUNDING_BASE"
ROUNDING_KEY_ENV = "FLIGHTDECK_ROUNDING_KEY"
SIGN_IN_ENV = "FLIGHTDECK_SIGN_IN"
DEMO_ROLE_ENV = "FLIGHTDECK_DEMO_ROLE"
NO_SIGN_IN_ENV = "FLIGHTDECK_NO_SIGN_IN_ACCEPTED"
TRUSTED_PROXIES_ENV = "FLIGHTDECK_TRUSTED_PROXIES"
PAUSE_ENV = "FLIGHTDECK_TEST_PAUSE_AT"
LANG_ENV = "FLIGHTDECK_LANG"
CHROMIUM_ENV = "FLIGHTDECK_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

DEFAULT_THRESHOLD = 10
DEFAULT_ROUNDING_BASE = 5
ROUNDING_KEY_HEX_DIGITS = 64
SIGN_IN_MODES = ("oidc", "proxy", "none")
# Where an authenticating reverse proxy may connect from unless `--trusted-proxy` says otherwise
LOOPBACK = ("127.0.0.1", "::1")
log = logging.getLogger("flightdeck")


@dataclass(frozen=True)
class Settings:
    """What the environment says, checked."""

    store: Path
    secrets: Path
    roles_file: Path | None  # None: the store's own roles.toml, if present
    suppression_threshold: int
    rounding_base: int
    rounding_key: bytes | None  # None: the store's own key file
    sign_in: str
    demo_role: str | None
    no_sign_in_accepted: bool
    test_pause_at: str | None
    language: str | None = None  # the command line's language (`--lang` wins)
    trusted_proxies: tuple[str, ...] = LOOPBACK  # checked by `dashboard.access.proxy_trust`


def _whole(environ: Mapping[str, str], name: str, default: int) -> int:
    """A whole number of 1 or more; the default (with a warning) for anything else."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if raw.isascii() and raw.isdigit() and int(raw) >= 1:
        return int(raw)
    log.warning("%s=%r is not a whole number of 1 or more: using %d", name, raw, default)
    return default


def _key(environ: Mapping[str, str]) -> bytes | None:
    """A key of 64 hex digits (32 bytes); None (with a warning for anything set) otherwise."""
    raw = environ.get(ROUNDING_KEY_ENV, "").strip()
    if not raw:
        return None
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        key = b""
    if len(key) * 2 != ROUNDING_KEY_HEX_DIGITS:
        log.warning(
            "%s is not %d hex digits: using the store's own key",
            ROUNDING_KEY_ENV,
            ROUNDING_KEY_HEX_DIGITS,
        )
        return None
    return key


def from_environ(environ: Mapping[str, str]) -> Settings:
    """The settings an environment gives (only its `FLIGHTDECK_*` variables are read)."""
    sign_in = environ.get(SIGN_IN_ENV) or "none"
    if sign_in not in SIGN_IN_MODES:
        log.warning("%s=%r is not one of %s: using none", SIGN_IN_ENV, sign_in, SIGN_IN_MODES)
        sign_in = "none"
    roles = environ.get(ROLES_ENV)
    return Settings(
        store=Path(environ.get(STORE_ENV) or "store"),
        secrets=Path(environ.get(SECRETS_ENV) or ROOT / ".streamlit" / "secrets.toml"),
        roles_file=Path(roles) if roles else None,
        suppression_threshold=_whole(environ, THRESHOLD_ENV, DEFAULT_THRESHOLD),
        rounding_base=_whole(environ, ROUNDING_ENV, DEFAULT_ROUNDING_BASE),
        rounding_key=_key(environ),
        sign_in=sign_in,
        demo_role=environ.get(DEMO_ROLE_ENV) or None,
        no_sign_in_accepted=bool(environ.get(NO_SIGN_IN_ENV)),
        test_pause_at=environ.get(PAUSE_ENV) or None,
        language=environ.get(LANG_ENV) or None,
        trusted_proxies=_list(environ, TRUSTED_PROXIES_ENV) or LOOPBACK,
    )


def _list(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    """A comma-separated list, blanks dropped."""
    return tuple(part.strip() for part in environ.get(name, "").split(",") if part.strip())


@lru_cache(maxsize=8)
def _parsed(variables: tuple[tuple[str, str], ...]) -> Settings:
    return from_environ(dict(variables))


def current() -> Settings:
    """The settings of this process's environment now."""
    return _parsed(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX))))


def child_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment with `extra` on top, for a process it starts."""
    return {**os.environ, **extra}


def default_store() -> Path:
    """`$FLIGHTDECK_STORE`, else `store/` in the current directory."""
    return current().store


def chromium() -> str | None:
    """The Chromium that prints board packs: `$FLIGHTDECK_CHROMIUM` when it names a program
    that exists, else the first of `CHROMIUM_NAMES` on the PATH; None when there is none."""
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if named:
        return shutil.which(named)
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)
