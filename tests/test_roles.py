"""Roles: the roles file, identities from st.user claims, capabilities, pages and cache keys."""

from __future__ import annotations

import ast
import itertools
import tomllib
from pathlib import Path

import pytest

from dashboard.access import roles
from dashboard.access.roles import (
    AccessDenied,
    Identity,
    RolesConfigError,
    can,
    demo_identity,
    page_allowed,
    parse_config,
    require,
    resolve,
)
from dashboard.access.viewer import Access

ROOT = Path(__file__).resolve().parent.parent

CONFIG = parse_config(
    """
    contact = "The RASSO performance team, rasso-performance@example.police.uk"
    blocked = ["Gone@Example.Police.UK"]

    [users]
    "Ann.Analyst@Example.Police.UK" = ["analyst"]
    "lee.leader@example.police.uk" = "leader"
    "both@example.police.uk" = ["leader", "analyst"]
    "nobody@example.police.uk" = []
    "gone@example.police.uk" = "analyst"

    [groups]
    "FlightDeck-Scrutiny" = ["scrutiny"]
    "5f0c9a1e-0000-4000-8000-000000000001" = "leader"
    "FlightDeck.Analyst" = "analyst"
    """,
    "roles.toml",
)


def signed_in(**claims) -> dict:
    return {"is_logged_in": True, **claims}


def identity(*held: str) -> Identity:
    return Identity(user="someone@example.police.uk", groups=(), roles=frozenset(held))


ALL_ROLE_SETS = [
    frozenset(c)
    for n in range(len(roles.ROLES) + 1)
    for c in itertools.combinations(roles.ROLES, n)
]

# the specification, written out by hand rather than read from roles.CAPABILITIES
EXPECTED = {
    "view_aggregates": {"leader", "analyst", "scrutiny"},
    "exact_figures": {"leader", "analyst"},
    "view_records": {"leader", "analyst"},
    "view_suspect_level": {"leader", "analyst"},
    "upload": {"analyst"},
    "rollback": {"analyst"},
    "view_audit": {"analyst"},
}


# ---------------------------------------------------------------- the roles file


def test_users_are_matched_by_e_mail_without_regard_to_case():
    who = resolve(signed_in(email="ann.analyst@example.police.uk"), CONFIG)
    assert who == Identity("ann.analyst@example.police.uk", (), frozenset({"analyst"}))
    assert resolve(signed_in(email="LEE.Leader@example.police.uk"), CONFIG).roles == {"leader"}


def test_one_person_may_hold_several_roles_from_users_and_groups():
    assert resolve(signed_in(email="both@example.police.uk"), CONFIG).roles == {
        "leader",
        "analyst",
    }
    who = resolve(
        signed_in(email="lee.leader@example.police.uk", groups=["flightdeck-scrutiny"]), CONFIG
    )
    assert who.roles == {"leader", "scrutiny"}
    assert who.groups == ("flightdeck-scrutiny",)


def test_groups_come_from_the_groups_and_the_roles_claims():
    who = resolve(
        signed_in(
            email="x@example.police.uk",
            groups=["5F0C9A1E-0000-4000-8000-000000000001", "unrelated"],
            roles=["FlightDeck.Analyst"],
        ),
        CONFIG,
    )
    assert who.roles == {"leader", "analyst"}
    assert who.groups == (
        "5F0C9A1E-0000-4000-8000-000000000001",
        "unrelated",
        "FlightDeck.Analyst",
    )


def test_an_unknown_signed_in_user_has_no_role():
    for claims in (
        signed_in(email="stranger@example.police.uk"),
        signed_in(email="stranger@example.police.uk", groups=["Everyone"]),
        signed_in(email="nobody@example.police.uk"),  # listed with no role
    ):
        who = resolve(claims, CONFIG)
        assert who.signed_in and who.roles == frozenset()
        assert not any(can(who, capability) for capability in roles.CAPABILITIES)


def test_a_blocked_user_has_no_role_whatever_their_groups_say():
    # the sign-in cookie keeps the groups of sign-in time for up to 30 days: blocking is at once
    who = resolve(signed_in(email="GONE@example.police.uk", groups=["FlightDeck-Scrutiny"]), CONFIG)
    assert who.signed_in and who.roles == frozenset()


def test_nobody_signed_in_is_anonymous_with_no_role():
    for claims in ({}, None, {"is_logged_in": False}, {"is_logged_in": False, "email": "a@b"}):
        assert resolve(claims, CONFIG) == roles.ANONYMOUS
    assert not roles.ANONYMOUS.signed_in


def test_identity_from_a_trusted_proxys_headers():
    # server.trustedUserHeaders fills st.user without is_logged_in; groups come as one header
    who = resolve(
        {"email": "Ann.Analyst@example.police.uk", "groups": "Other; FlightDeck-Scrutiny"},
        CONFIG,
    )
    assert who.user == "ann.analyst@example.police.uk"
    assert who.roles == {"analyst", "scrutiny"}
    assert resolve({"email": "x@y.uk", "groups": "a|FlightDeck.Analyst"}, CONFIG).roles == {
        "analyst"
    }
    # the header was absent from the request: Streamlit sets the key to None
    assert resolve({"email": None, "groups": None}, CONFIG) == roles.ANONYMOUS


def test_the_user_falls_back_to_preferred_username_then_sub():
    assert resolve(signed_in(preferred_username="Lee.Leader@example.police.uk"), CONFIG).roles == {
        "leader"
    }
    assert resolve(signed_in(sub="abc123"), CONFIG) == Identity("abc123", (), frozenset())


def test_no_roles_file_means_no_roles(tmp_path, monkeypatch):
    monkeypatch.delenv(roles.ROLES_ENV, raising=False)
    assert roles.config_path(tmp_path) is None
    config = roles.config_for_store(tmp_path)
    assert resolve(signed_in(email="ann.analyst@example.police.uk"), config).roles == frozenset()
    assert roles.contact_text(config) == "the dashboard's administrator"


def test_the_roles_file_is_found_in_the_store_or_through_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(roles.ROLES_ENV, raising=False)
    (tmp_path / "roles.toml").write_text('[users]\n"a@x.uk" = "scrutiny"\n', encoding="utf-8")
    assert roles.config_path(tmp_path) == tmp_path / "roles.toml"
    assert roles.config_for_store(tmp_path).users == {"a@x.uk": {"scrutiny"}}

    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('contact = "Help desk"\n[groups]\n"G" = "leader"\n', encoding="utf-8")
    monkeypatch.setenv(roles.ROLES_ENV, str(elsewhere))
    config = roles.config_for_store(tmp_path)
    assert config.groups == {"g": {"leader"}} and config.contact == "Help desk"
    assert config.source == elsewhere.resolve()

    monkeypatch.setenv(roles.ROLES_ENV, str(tmp_path / "missing.toml"))
    with pytest.raises(RolesConfigError, match="missing.toml"):
        roles.config_for_store(tmp_path)


def test_an_edited_roles_file_applies_at_once(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[users]\n"a@x.uk" = "scrutiny"\n', encoding="utf-8")
    assert roles.load_config(path).users["a@x.uk"] == {"scrutiny"}
    path.write_text('[users]\n"a@x.uk" = ["scrutiny", "leader"]\n', encoding="utf-8")
    assert roles.load_config(path).users["a@x.uk"] == {"scrutiny", "leader"}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('[users]\n"a@x.uk" = ["analist"]\n', ['users."a@x.uk"', "analist", "leader, analyst"]),
        ('[groups]\nReaders = "admin"\n', ["groups.Readers", "admin"]),
        ('[users]\n"a@x.uk" = 3\n', ['users."a@x.uk"', "a role or a list"]),
        ('[users]\n"A@x.uk" = "leader"\n"a@X.uk" = "analyst"\n', ['users."a@X.uk"', "A@x.uk"]),
        ('[user]\n"a@x.uk" = "leader"\n', ["'user'", "contact, blocked, users, groups"]),
        ('blocked = "a@x.uk"\n', ["blocked must be a list"]),
        ("users = 1\n", ["users must be a table"]),
        ("contact = 3\n", ["contact"]),
        ("[users\n", ["not valid TOML"]),
    ],
)
def test_a_bad_roles_file_is_refused_naming_the_file_and_the_key(text, names):
    with pytest.raises(RolesConfigError) as caught:
        parse_config(text, Path("/etc/flightdeck/roles.toml"))
    message = str(caught.value)
    assert "/etc/flightdeck/roles.toml" in message
    for name in names:
        assert name in message


def test_the_example_roles_file_is_valid():
    config = roles.load_config(ROOT / "examples" / "roles.toml")
    assert config.contact and config.users and config.groups and config.blocked


def test_the_example_secrets_have_what_st_login_needs():
    text = (ROOT / "examples" / "secrets.toml").read_text(encoding="utf-8")
    mock = "\n".join(
        line.removeprefix("# ") for line in text.split("# [auth]\n", 1)[1].splitlines()
    )
    for auth in (tomllib.loads(text)["auth"], tomllib.loads("[auth]\n" + mock)["auth"]):
        assert {"redirect_uri", "cookie_secret", "client_id", "client_secret"} <= set(auth)
        assert auth["redirect_uri"].endswith("/oauth2callback")
        assert auth["server_metadata_url"].endswith("/.well-known/openid-configuration")
    assert "login.microsoftonline.com/<tenant-id>/v2.0/" in text


# ---------------------------------------------------------------- capabilities


def test_the_capability_table_is_the_specification():
    assert {c: set(r) for c, r in roles.CAPABILITIES.items()} == EXPECTED


@pytest.mark.parametrize("capability", sorted(EXPECTED))
@pytest.mark.parametrize("role", roles.ROLES)
def test_every_capability_for_every_role(capability, role):
    who = identity(role)
    allowed = role in EXPECTED[capability]
    assert can(who, capability) is allowed
    if allowed:
        require(who, capability)
    else:
        with pytest.raises(AccessDenied) as caught:
            require(who, capability)
        assert caught.value.capability == capability
        assert str(caught.value).startswith("Your role does not allow you to ")


@pytest.mark.parametrize("held", ALL_ROLE_SETS, ids=lambda s: "+".join(sorted(s)) or "none")
def test_several_roles_hold_the_union_of_their_capabilities(held):
    who = identity(*held)
    for capability, holders in EXPECTED.items():
        assert can(who, capability) is bool(held & holders)
    assert roles.capabilities(who) == {c for c, h in EXPECTED.items() if held & h}


def test_an_unknown_capability_is_a_bug_not_a_refusal():
    with pytest.raises(ValueError, match="unknown capability"):
        can(identity("analyst"), "delete_everything")


# ---------------------------------------------------------------- pages


def page_sections() -> dict:
    """PAGE_SECTIONS read from app/shell.py's source (importing it would start Streamlit)."""
    tree = ast.parse((ROOT / "dashboard" / "app" / "shell.py").read_text(encoding="utf-8"))
    for node in tree.body:
        targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
        if any(getattr(target, "id", None) == "PAGE_SECTIONS" for target in targets):
            return ast.literal_eval(node.value)
    raise AssertionError("PAGE_SECTIONS not found in app/shell.py")


# url path -> roles that may open it (pages of later issues may not exist yet)
PAGE_ROLES = {
    **dict.fromkeys(
        (
            "flight-deck",
            "outcomes",
            "signals",
            "problem-profile",
            "data",
            "data-quality",
            "definitions",
            "glossary",
            "suspects",
            "bail-breaches",
            "orders",
            "s63g",
            "training",
            "comparison",
            "accessibility",  # the statement, out of the menu, linked from every footer
        ),
        {"leader", "analyst", "scrutiny"},
    ),
    **dict.fromkeys(
        ("repeat-suspects", "breach-work-list", "s63g-outstanding"), {"leader", "analyst"}
    ),
    "upload": {"analyst"},
    "history": {"analyst"},
    "audit": {"analyst"},
}


def shell_pages() -> list[str]:
    return [path for entries in page_sections().values() for _, path, _, _ in entries]


def test_every_page_of_the_shell_has_a_rule():
    pages = shell_pages()
    assert {"flight-deck", "upload", "history"} <= set(pages)
    missing = [page for page in pages if page not in roles.PAGE_CAPABILITY]
    assert not missing, f"pages with no rule in roles.PAGE_CAPABILITY (refused to all): {missing}"


@pytest.mark.parametrize("held", ALL_ROLE_SETS, ids=lambda s: "+".join(sorted(s)) or "none")
def test_page_allowed_for_every_page_of_the_shell(held):
    who = identity(*held)
    for page in shell_pages():
        assert page_allowed(who, page) is bool(held & PAGE_ROLES[page]), page


@pytest.mark.parametrize("role", roles.ROLES)
def test_page_allowed_for_every_page_in_the_table(role):
    assert set(roles.PAGE_CAPABILITY) == set(PAGE_ROLES)
    for page, holders in PAGE_ROLES.items():
        assert page_allowed(identity(role), page) is (role in holders), (role, page)


def test_scrutiny_sees_aggregate_pages_only():
    scrutiny = identity("scrutiny")
    for page, capability in roles.PAGE_CAPABILITY.items():
        assert page_allowed(scrutiny, page) is (capability == "view_aggregates"), page


def test_an_unknown_page_is_refused_to_everyone():
    assert not page_allowed(identity(*roles.ROLES), "secret-page")
    assert not page_allowed(identity("scrutiny"), "upload")


def test_a_user_with_no_role_may_open_no_page():
    assert not any(page_allowed(identity(), page) for page in roles.PAGE_CAPABILITY)
    assert not any(page_allowed(roles.ANONYMOUS, page) for page in roles.PAGE_CAPABILITY)


# ---------------------------------------------------------------- cache keys, demo, messages


def test_access_differs_per_role_set_and_language_and_ignores_order_and_user():
    keys = {Access.of(identity(*held), "en", 10) for held in ALL_ROLE_SETS}
    assert len(keys) == len(ALL_ROLE_SETS)
    assert Access.of(Identity("a", (), frozenset({"leader", "analyst"})), "en", 10) == Access.of(
        Identity("b", ("g",), frozenset({"analyst", "leader"})), "en", 10
    )
    assert Access.of(identity("leader"), "en", 10) != Access.of(identity("leader"), "cy", 10)
    # the threshold matters only to roles without exact figures
    assert Access.of(identity("leader"), "en", 10) == Access.of(identity("leader"), "en", 5)
    assert Access.of(identity("scrutiny"), "en", 10) != Access.of(identity("scrutiny"), "en", 5)
    assert Access.of(roles.ANONYMOUS, "en", 10).roles == frozenset()


@pytest.mark.parametrize("role", roles.ROLES)
def test_demo_identity_is_a_fixed_pseudonymous_user_with_one_role(role):
    who = demo_identity(role)
    assert who == Identity(f"demo-{role}", (), frozenset({role}))


def test_demo_identity_refuses_an_unknown_role():
    with pytest.raises(ValueError, match="'admin' is not a role"):
        demo_identity("admin")


def test_identity_for_each_way_of_serving():
    claims = signed_in(email="ann.analyst@example.police.uk")
    assert roles.identity_for("oidc", claims, CONFIG).roles == {"analyst"}
    assert roles.identity_for("oidc", {"email": "ann.analyst@example.police.uk"}, CONFIG) == (
        roles.ANONYMOUS
    )
    assert roles.identity_for("oidc", None, CONFIG) == roles.ANONYMOUS
    proxied = {"email": "ann.analyst@example.police.uk", "groups": "FlightDeck-Scrutiny"}
    assert roles.identity_for("proxy", proxied, CONFIG).roles == {"analyst", "scrutiny"}
    assert roles.identity_for("proxy", claims, CONFIG) == roles.ANONYMOUS
    assert roles.identity_for("none", None, CONFIG) == roles.open_identity()
    assert roles.identity_for("none", claims, CONFIG, demo_role="scrutiny") == demo_identity(
        "scrutiny"
    )
    with pytest.raises(ValueError, match="sign-in mode"):
        roles.identity_for("saml", claims, CONFIG)


def test_open_identity_holds_every_role():
    assert roles.open_identity().roles == set(roles.ROLES)


def test_the_no_access_page_says_whom_to_ask():
    who = resolve(signed_in(email="stranger@example.police.uk"), CONFIG)
    message = roles.no_access_message(who, CONFIG)
    assert "stranger@example.police.uk" in message
    assert "rasso-performance@example.police.uk" in message


def test_every_role_and_capability_has_a_label():
    from dashboard.i18n import t

    for role in roles.ROLES:
        assert t(f"role.{role}")
    for capability in roles.CAPABILITIES:
        assert t(f"capability.{capability}")
