"""Who may do what: roles from a configuration file, capabilities per role, pages per capability.

Roles are `leader`, `analyst` and `scrutiny`; a person may hold several, and holds the union of
their capabilities. A signed-in user whom the roles file does not name (by e-mail, or through an
IdP group or app role) holds no role at all: least privilege, with a page saying whom to ask.

The roles file (TOML) is `$FLIGHTDECK_ROLES` if set, else `<store>/roles.toml` if it exists; with
neither, nobody holds a role. Format (see `examples/roles.toml`):

    contact = "The RASSO performance team, rasso-performance@example.police.uk"
    blocked = ["left.the.force@example.police.uk"]   # no role, whatever users/groups say

    [users]                          # e-mail -> role or roles (e-mails match case-insensitively)
    "a.analyst@example.police.uk" = ["analyst", "leader"]

    [groups]                         # value of the `groups` or `roles` claim -> role or roles
    "FlightDeck.Scrutiny" = "scrutiny"

Hiding a page is not enough: every data function calls `require` (or checks `can`), and every
cache key includes who asks (`dashboard.access.viewer.Access`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from dashboard import settings
from dashboard.i18n import t

ROLES = ("leader", "analyst", "scrutiny")
ROLES_ENV = settings.ROLES_ENV
ROLES_FILE = "roles.toml"

# capability -> the roles that hold it (one table: everything else is derived from it)
CAPABILITIES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # aggregate figures, charts and their tables and downloads
        "view_aggregates": frozenset({"leader", "analyst", "scrutiny"}),
        # figures without disclosure control (scrutiny sees suppressed figures)
        "exact_figures": frozenset({"leader", "analyst"}),
        # record-level rows that are not suspect lists: failed data-quality checks, set-aside rows
        "view_records": frozenset({"leader", "analyst"}),
        # suspect-level lists: repeat suspects, breach work list, s63G cases outstanding
        "view_suspect_level": frozenset({"leader", "analyst"}),
        # load a new extract; make an earlier version current again
        "upload": frozenset({"analyst"}),
        "rollback": frozenset({"analyst"}),
        # search and export the audit log
        "view_audit": frozenset({"analyst"}),
    }
)

# page url path (as in `dashboard.app.shell.PAGE_SECTIONS`) -> the capability needed to open it.
# A page that is not listed here is refused to everyone: add new pages here.
PAGE_CAPABILITY: Mapping[str, str] = MappingProxyType(
    {
        # figures
        "flight-deck": "view_aggregates",
        "outcomes": "view_aggregates",
        "signals": "view_aggregates",
        "problem-profile": "view_aggregates",
        "suspects": "view_aggregates",
        "bail-breaches": "view_aggregates",
        "orders": "view_aggregates",
        "s63g": "view_aggregates",
        "training": "view_aggregates",
        "comparison": "view_aggregates",
        # about the data
        "data": "view_aggregates",
        "data-quality": "view_aggregates",
        "definitions": "view_aggregates",
        "glossary": "view_aggregates",
        "accessibility": "view_aggregates",  # the statement, linked from every page's footer
        # suspect-level lists (pages of their own, or sections checked with `require`)
        "repeat-suspects": "view_suspect_level",
        "breach-work-list": "view_suspect_level",
        "s63g-outstanding": "view_suspect_level",
        # analysts
        "upload": "upload",
        "history": "rollback",
        "audit": "view_audit",
    }
)

_TOP_LEVEL_KEYS = ("contact", "blocked", "users", "groups")
_EMPTY: Mapping[str, frozenset[str]] = MappingProxyType({})


class RolesConfigError(ValueError):
    """The roles file cannot be used; the message names the file and the key."""


class AccessDenied(PermissionError):
    """The user's roles do not give the capability (or page) asked for."""

    def __init__(self, capability: str, page: str | None = None) -> None:
        self.capability = capability
        self.page = page
        super().__init__(t("access.denied", capability=t(f"capability.{capability}")))


@dataclass(frozen=True)
class RolesConfig:
    """The parsed roles file: e-mail (lower case) and group (case-folded) -> roles."""

    users: Mapping[str, frozenset[str]] = field(default_factory=lambda: _EMPTY)
    groups: Mapping[str, frozenset[str]] = field(default_factory=lambda: _EMPTY)
    contact: str | None = None
    source: Path | None = None
    blocked: frozenset[str] = frozenset()  # e-mails with no role whatever their groups say


@dataclass(frozen=True)
class Identity:
    """A user as far as access goes: who (None when nobody is signed in), IdP groups, roles."""

    user: str | None
    groups: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()

    @property
    def signed_in(self) -> bool:
        return self.user is not None


ANONYMOUS = Identity(None)


# ---------------------------------------------------------------- the roles file


def config_path(store_root: Path | str | None) -> Path | None:
    """`$FLIGHTDECK_ROLES` (which must exist), else `<store>/roles.toml` if present, else None."""
    path = settings.current().roles_file
    if path is not None:
        if not path.is_file():
            raise RolesConfigError(t("roles_file.missing", path=path, env=ROLES_ENV))
        return path
    if store_root is not None:
        path = Path(store_root) / ROLES_FILE
        if path.is_file():
            return path
    return None


def load_config(path: Path | str | None) -> RolesConfig:
    """The roles file at `path` (an empty configuration for None); RolesConfigError if bad."""
    if path is None:
        return RolesConfig()
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise RolesConfigError(t("roles_file.unreadable", path=path, error=exc)) from exc
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def config_for_store(store_root: Path | str | None) -> RolesConfig:
    """The roles configuration that applies to a store (see `config_path`)."""
    return load_config(config_path(store_root))


_cache: dict[tuple[str, int, int], RolesConfig] = {}


def _load_cached(path: str, mtime_ns: int, size: int) -> RolesConfig:
    """Parse once per version of the file: an edited roles file applies from the next run."""
    key = (path, mtime_ns, size)
    config = _cache.get(key)
    if config is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RolesConfigError(t("roles_file.unreadable", path=path, error=exc)) from exc
        config = parse_config(text, Path(path))
        if len(_cache) > 16:
            _cache.clear()
        _cache[key] = config
    return config


def parse_config(text: str, source: Path | str | None = None) -> RolesConfig:
    """Parse and validate roles-file text; errors name the file (`source`) and the key."""
    where = str(source) if source is not None else "roles file"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesConfigError(t("roles_file.syntax", path=where, error=exc)) from exc
    for key in data:
        if key not in _TOP_LEVEL_KEYS:
            raise RolesConfigError(
                t("roles_file.unknown_key", path=where, key=key, known=", ".join(_TOP_LEVEL_KEYS))
            )
    contact = data.get("contact")
    if contact is not None and (not isinstance(contact, str) or not contact.strip()):
        raise RolesConfigError(t("roles_file.bad_contact", path=where))
    blocked = data.get("blocked", [])
    if not isinstance(blocked, list) or not all(isinstance(b, str) and b.strip() for b in blocked):
        raise RolesConfigError(t("roles_file.bad_blocked", path=where))
    return RolesConfig(
        users=_table(data, "users", where, normalise=str.lower),
        groups=_table(data, "groups", where, normalise=str.casefold),
        contact=contact.strip() if contact else None,
        source=Path(source) if source is not None else None,
        blocked=frozenset(b.strip().lower() for b in blocked),
    )


def _table(data: dict, name: str, where: str, normalise) -> Mapping[str, frozenset[str]]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise RolesConfigError(t("roles_file.not_a_table", path=where, key=name))
    parsed: dict[str, frozenset[str]] = {}
    originals: dict[str, str] = {}
    for raw_key, value in table.items():
        key = normalise(raw_key.strip())
        label = f"{name}.{_toml_key(raw_key)}"
        if not key:
            raise RolesConfigError(t("roles_file.empty_name", path=where, key=label))
        if key in parsed:
            raise RolesConfigError(
                t("roles_file.duplicate", path=where, key=label, other=originals[key])
            )
        parsed[key] = _roles_value(value, where, label)
        originals[key] = raw_key
    return MappingProxyType(parsed)


def _roles_value(value: object, where: str, label: str) -> frozenset[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise RolesConfigError(t("roles_file.bad_value", path=where, key=label))
    for role in values:
        if role not in ROLES:
            raise RolesConfigError(
                t(
                    "roles_file.unknown_role",
                    path=where,
                    key=label,
                    role=role,
                    known=", ".join(ROLES),
                )
            )
    return frozenset(values)


def _toml_key(key: str) -> str:
    bare = key.replace("-", "").replace("_", "").isalnum() and key.isascii()
    return key if bare else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------- identity


def resolve(claims: Mapping | None, config: RolesConfig) -> Identity:
    """The identity behind `st.user` (OIDC claims, or headers from a trusted proxy).

    Signed in means `is_logged_in` is true (st.login), or, with no `is_logged_in` at all, a user
    claim filled from `server.trustedUserHeaders`. The user is the `email` claim, else
    `preferred_username`, else `sub`, in lower case. Groups come from the `groups` and `roles`
    claims (a list, or from a proxy header one string separated by `,`, `;` or `|`).
    """
    if not claims or not _signed_in(claims):
        return ANONYMOUS
    user = _user(claims)
    if user is None:
        return ANONYMOUS
    groups = _groups(claims)
    if user in config.blocked:  # at once, though the sign-in cookie still names old groups
        return Identity(user=user, groups=groups, roles=frozenset())
    roles = set(config.users.get(user, ()))
    for group in groups:
        roles |= config.groups.get(group.casefold(), frozenset())
    return Identity(user=user, groups=groups, roles=frozenset(roles))


def _signed_in(claims: Mapping) -> bool:
    flag = claims.get("is_logged_in")
    if flag is None:  # no st.login: only a trusted proxy's headers can fill st.user
        return _user(claims) is not None
    return flag is True


def _user(claims: Mapping) -> str | None:
    for key in ("email", "preferred_username", "sub"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return None


def _groups(claims: Mapping) -> tuple[str, ...]:
    found: list[str] = []
    for key in ("groups", "roles"):
        value = claims.get(key)
        if isinstance(value, str):
            items: Iterable = re.split(r"[,;|]", value)
        elif isinstance(value, list | tuple):
            items = value
        else:
            continue
        for item in items:
            if isinstance(item, str) and item.strip() and item.strip() not in found:
                found.append(item.strip())
    return tuple(found)


SIGN_IN_MODES = ("oidc", "proxy", "none")


def identity_for(
    sign_in: str, claims: Mapping | None, config: RolesConfig, demo_role: str | None = None
) -> Identity:
    """The identity of this session for the way `flightdeck serve` runs the app
    (`$FLIGHTDECK_SIGN_IN`: "oidc", "proxy" or "none"; `$FLIGHTDECK_DEMO_ROLE`)."""
    if sign_in not in SIGN_IN_MODES:
        raise ValueError(f"unknown sign-in mode {sign_in!r}; expected one of {SIGN_IN_MODES}")
    if demo_role:
        return demo_identity(demo_role)
    if sign_in == "none":
        return open_identity()
    claims = claims or {}
    logged_in = claims.get("is_logged_in")
    if sign_in == "oidc" and logged_in is not True:
        return ANONYMOUS
    if sign_in == "proxy" and logged_in is not None:  # only the proxy's headers count
        return ANONYMOUS
    return resolve(claims, config)


def demo_identity(role: str) -> Identity:
    """The fixed pseudonymous user of `flightdeck serve --demo-role ROLE` (synthetic data only)."""
    if role not in ROLES:
        raise ValueError(t("access.unknown_role", role=role, known=", ".join(ROLES)))
    return Identity(user=f"demo-{role}", groups=(), roles=frozenset({role}))


def open_identity() -> Identity:
    """Everyone's identity when sign-in is off (bundled synthetic demo, `--allow-no-sign-in`)."""
    return Identity(user="no-sign-in", groups=(), roles=frozenset(ROLES))


# ---------------------------------------------------------------- permissions


def can(identity: Identity, capability: str) -> bool:
    """Whether any of the identity's roles holds `capability` (ValueError for an unknown one)."""
    try:
        holders = CAPABILITIES[capability]
    except KeyError:
        raise ValueError(f"unknown capability {capability!r}") from None
    return bool(identity.roles & holders)


def require(identity: Identity, capability: str) -> None:
    """Return if the identity may use `capability`; AccessDenied otherwise."""
    if not can(identity, capability):
        raise AccessDenied(capability)


def capabilities(identity: Identity) -> frozenset[str]:
    return frozenset(c for c, holders in CAPABILITIES.items() if identity.roles & holders)


def page_capability(page_key: str) -> str | None:
    """The capability a page needs (by its url path); None for a page nobody may open."""
    return PAGE_CAPABILITY.get(page_key.strip("/").lower())


def page_allowed(identity: Identity, page_key: str) -> bool:
    """Whether the identity may open the page with this url path (unknown pages: nobody)."""
    capability = page_capability(page_key)
    return capability is not None and can(identity, capability)


def contact_text(config: RolesConfig) -> str:
    """Whom a user with no role should ask (the roles file's `contact`, else a default)."""
    return config.contact or t("access.contact_default")


def no_access_message(identity: Identity, config: RolesConfig, shown=lambda name: name) -> str:
    """The text of the page shown to a signed-in user who holds no role; `shown` makes the
    user's name (from the identity provider, not from this project) safe where it is shown.
    The contact is the administrator's own text from the roles file."""
    return t("access.no_roles", user=shown(identity.user or ""), contact=contact_text(config))
