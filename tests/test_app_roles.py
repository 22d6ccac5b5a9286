"""Every page x role through AppTest with a signed-in identity: allowed or refused as the table of
docs/access-and-audit.md says, and the audit trail of what each user did.

The app runs as `flightdeck serve` runs it with OpenID Connect (`FLIGHTDECK_SIGN_IN=oidc`), the
user's claims set with `AppTest.user`, and a roles file (`FLIGHTDECK_ROLES`) written here. The
expected pages come from this module's own copy of the documented table, not from
`dashboard.access.roles`, so a change to the code's table that breaks the documented rule fails
here.

A page a role may not open must not exist for that session: `st.navigation` does not register
it (`AppTest.switch_page` refuses it), and a session left on such a page when its roles shrink
gets the default page, never the refused one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import audit, roles
from dashboard.app.markdown_text import literal
from dashboard.app.shell import PAGE_SECTIONS
from dashboard.i18n import t
from tests.app_helpers import APP, PAGES, ROOT, TIMEOUT, load_sample, page_path

CONTACT = "The RASSO performance team, rasso-performance@example.police.uk"

# The documented capabilities of each role (docs/access-and-audit.md, "What each role may do").
ROLE_CAPABILITIES = {
    "leader": {"view_aggregates", "exact_figures", "view_records", "view_suspect_level"},
    "analyst": {
        "view_aggregates",
        "exact_figures",
        "view_records",
        "view_suspect_level",
        "upload",
        "rollback",
        "view_audit",
    },
    "scrutiny": {"view_aggregates"},
}
AGGREGATE_PAGES = (
    "flight-deck",
    "outcomes",
    "signals",
    "problem-profile",
    "suspects",
    "bail-breaches",
    "orders",
    "s63g",
    "training",
    "comparison",
    "data",
    "data-quality",
    "definitions",
    "glossary",
    "accessibility",
)
# The documented page table (url path -> the capability it needs).
PAGE_NEEDS = {
    **dict.fromkeys(AGGREGATE_PAGES, "view_aggregates"),
    **dict.fromkeys(
        ("repeat-suspects", "breach-work-list", "s63g-outstanding"), "view_suspect_level"
    ),
    "upload": "upload",
    "history": "rollback",
    "audit": "view_audit",
}
# The pages navigation offers: url path -> (file stem, title shown in navigation).
NAV_PAGES = {
    path: (Path(file).stem, t(title))
    for entries in PAGE_SECTIONS.values()
    for file, path, title, _default in entries
}
# Out of the menu, linked from every page's footer: the accessibility statement.
OFF_MENU = ("accessibility",)
NAV_PAGES["accessibility"] = ("accessibility", t("page.accessibility"))
DEFAULT_PAGE = next(
    path for entries in PAGE_SECTIONS.values() for _f, path, _t, default in entries if default
)
# Every page file, whether navigation offers it or not (a file it does not offer: nobody).
PAGE_FILES = sorted(p.stem for p in PAGES.glob("*.py") if p.stem != "__init__")
FILE_PATHS = {stem: path for path, (stem, _title) in NAV_PAGES.items()}

ROLES_TOML = f"""
contact = "{CONTACT}"
blocked = ["left.the.unit@example.police.uk"]

[users]
"les.leader@example.police.uk" = "leader"
"Ann.Analyst@example.police.uk" = "analyst"
"dee.inspector@example.police.uk" = "leader"

[groups]
"FlightDeck.Analyst" = "analyst"
"FlightDeck.Leader" = "leader"
"FlightDeck.Scrutiny" = "scrutiny"
"""

# case id -> (claims, the roles the documented rules give them)
SIGNED_IN = {
    "leader": ({"email": "les.leader@example.police.uk", "groups": []}, {"leader"}),
    # e-mails match without regard to case
    "analyst": ({"email": "ann.analyst@EXAMPLE.police.uk", "groups": []}, {"analyst"}),
    "scrutiny": (
        {"email": "sam.scrutiny@example.police.uk", "groups": ["FlightDeck.Scrutiny"]},
        {"scrutiny"},
    ),
    # one role by e-mail, another by group: the union
    "leader+analyst": (
        {"email": "dee.inspector@example.police.uk", "groups": ["FlightDeck.Analyst"]},
        {"leader", "analyst"},
    ),
}
NO_ROLE = {
    "unknown": {"email": "nora.nobody@example.police.uk", "groups": ["Some.Other.Group"]},
    # blocked wins over the groups the sign-in cookie still carries
    "blocked": {"email": "left.the.unit@example.police.uk", "groups": ["FlightDeck.Leader"]},
    # a name the identity provider let someone choose: shown as text, never as an image
    "hostile": {"email": "![x](https://attacker.example/p.png)@example.police.uk", "groups": []},
}


def expected_pages(held: set[str]) -> set[str]:
    """The url paths navigation must offer to someone holding `held`, by the documented table."""
    capabilities = set().union(*(ROLE_CAPABILITIES[r] for r in held)) if held else set()
    unknown = sorted(set(NAV_PAGES) - set(PAGE_NEEDS))
    assert not unknown, f"pages missing from the documented access table: {unknown}"
    return {path for path in NAV_PAGES if PAGE_NEEDS[path] in capabilities}


def signed_in(claims: dict) -> dict:
    return {"is_logged_in": True, **claims}


def app(claims: dict | None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.user = signed_in(claims) if claims is not None else {"is_logged_in": False}
    return at


def titles(at: AppTest) -> list[str]:
    return [title.value for title in at.title]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def shows_no_data(at: AppTest) -> None:
    """Nothing from the data: no tiles, tables, downloads or uploaders."""
    assert not at.metric, [m.label for m in at.metric]
    assert not at.dataframe and not at.table
    assert not at.download_button, [b.label for b in at.download_button]
    assert not at.get("file_uploader")


def widget_labels(at: AppTest) -> set[str]:
    """Labels of the main area's widgets and headings: what tells one page from another."""
    kinds = ("button", "download_button", "text_input", "selectbox", "multiselect", "radio")
    labels = {w.label for kind in kinds for w in at.main.get(kind)}
    labels |= {h.value for h in at.main.get("header")} | {h.value for h in at.main.get("subheader")}
    return labels | {w.label for w in at.main.get("file_uploader")}


def events(store_root: Path, user: str, kind: str | None = None):
    return audit.read_events(store_root, user=user, kinds=kind)


def roles_field(store_root: Path, user: str, kind: str) -> set[str]:
    """The `roles` column of a user's events of one kind, as written."""
    return set(events(store_root, user, kind)["roles"])


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_root(tmp_path_factory) -> Path:
    """One store holding the bundled sample: the store the app reads for this module."""
    root = tmp_path_factory.mktemp("roles-store") / "store"
    load_sample(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FLIGHTDECK_STORE", str(root))
        yield root


@pytest.fixture(scope="module")
def roles_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("roles") / "roles.toml"
    path.write_text(ROLES_TOML, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def oidc(monkeypatch, store_root, roles_file) -> None:
    """Sign-in as `flightdeck serve` sets it with an [auth] section; this module's roles file."""
    monkeypatch.setenv("FLIGHTDECK_SIGN_IN", "oidc")
    monkeypatch.setenv("FLIGHTDECK_ROLES", str(roles_file))
    monkeypatch.delenv("FLIGHTDECK_DEMO_ROLE", raising=False)
    monkeypatch.delenv("FLIGHTDECK_NO_SIGN_IN_ACCEPTED", raising=False)


@pytest.fixture(scope="module")
def version(store_root) -> str:
    from dashboard.store.versions import Store

    return Store(store_root).current_id()


# --- each role: the pages offered, each allowed page runs, each refused page does not exist ---


def test_documented_table_covers_every_page_navigation_offers():
    assert DEFAULT_PAGE == "flight-deck"
    expected_pages(set())  # fails naming any page the documented table does not classify
    for path in NAV_PAGES:
        for role in roles.ROLES:
            assert roles.page_allowed(roles.Identity("x", (), frozenset({role})), path) == (
                path in expected_pages({role})
            ), (role, path)


@pytest.mark.parametrize("case", list(SIGNED_IN))
def test_role_sees_exactly_its_pages(case, store_root):
    claims, held = SIGNED_IN[case]
    allowed = expected_pages(held)
    at = app(claims).run()
    assert_clean(at)
    assert titles(at) == [NAV_PAGES[DEFAULT_PAGE][1]]
    names = ", ".join(t(f"role.{r}") for r in sorted(held))
    assert t("access.your_roles", roles=names) in [c.value for c in at.sidebar.caption]
    assert t("access.sign_out") in [b.label for b in at.sidebar.button]

    opened, refused = set(), set()
    for stem in PAGE_FILES:
        path = FILE_PATHS.get(stem)
        try:
            at.switch_page(page_path(stem))
        except ValueError:  # not registered by st.navigation: the page does not exist here
            refused.add(path or stem)
            continue
        at.run()
        assert_clean(at)
        title = NAV_PAGES[path][1]
        assert any(title.casefold() in shown.casefold() for shown in titles(at)), (stem, titles(at))
        opened.add(path)
    assert opened == allowed
    assert refused == {FILE_PATHS.get(stem, stem) for stem in PAGE_FILES} - allowed

    # the audit trail: one sign-in for the session, a page view of every page opened
    user = claims["email"].lower()
    sign_ins = events(store_root, user, "sign_in")
    assert len(sign_ins) == 1, sign_ins
    assert "method: oidc" in sign_ins["details"][0]
    assert roles_field(store_root, user, "sign_in") == {", ".join(sorted(held))}
    views = events(store_root, user, "page_view")
    assert set(views["page"]) == allowed
    assert set(views["roles"]) == {", ".join(sorted(held))}
    assert events(store_root, user, "access_denied").empty


def test_refused_pages_per_role_match_the_table():
    """Spelled out for reading: what each role may not open."""
    assert set(NAV_PAGES) - expected_pages({"scrutiny"}) == {"upload", "history", "audit"}
    assert set(NAV_PAGES) - expected_pages({"leader"}) == {"upload", "history", "audit"}
    assert expected_pages({"analyst"}) == set(NAV_PAGES)
    assert expected_pages({"leader", "scrutiny"}) == expected_pages({"leader"})


# --- a page the role no longer allows is never run ----------------------------------------------

DEMOTIONS = [
    (role, path)
    for role in ("scrutiny", "leader")
    for path in sorted(set(NAV_PAGES) - expected_pages({role}))
]


@pytest.mark.parametrize(("role", "path"), DEMOTIONS)
def test_session_on_a_page_the_role_loses_gets_the_default_page(
    role, path, tmp_path, monkeypatch, store_root
):
    """An analyst opens an analysts' page; the roles file then makes them `role` (it applies at
    once, no restart): the next run shows the default page and nothing of the refused one."""
    user = f"moved.{role}.{path}@example.police.uk"
    roles_toml = tmp_path / "roles.toml"
    roles_toml.write_text(f'contact = "{CONTACT}"\n[users]\n"{user}" = "analyst"\n')
    monkeypatch.setenv("FLIGHTDECK_ROLES", str(roles_toml))
    stem, title = NAV_PAGES[path]

    at = app({"email": user}).run()
    default_labels = widget_labels(at)
    at.switch_page(page_path(stem)).run()
    assert_clean(at)
    assert any(title.casefold() in shown.casefold() for shown in titles(at))
    page_only = widget_labels(at) - default_labels
    assert page_only, "the page shows nothing of its own to look for"

    roles_toml.write_text(f'contact = "{CONTACT}"\n[users]\n"{user}" = "{role}"\n')
    at.run()
    assert_clean(at)
    assert titles(at) == [NAV_PAGES[DEFAULT_PAGE][1]]
    assert not any(title.casefold() in shown.casefold() for shown in titles(at))
    assert not page_only & widget_labels(at), page_only & widget_labels(at)
    assert not at.get("file_uploader")
    with pytest.raises(ValueError):
        at.switch_page(page_path(stem))
    views = events(store_root, user, "page_view")
    assert list(views.sort_values("line")["page"]) == [DEFAULT_PAGE, path, DEFAULT_PAGE]
    assert list(views.sort_values("line")["roles"])[-1] == role


# --- no role, not signed in ---------------------------------------------------------------------


@pytest.mark.parametrize("case", list(NO_ROLE))
def test_signed_in_user_without_a_role_gets_the_no_access_page(case, store_root):
    claims = NO_ROLE[case]
    at = app(claims).run()
    assert_clean(at)
    assert titles(at) == [t("app.title")]
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1, warnings
    assert CONTACT in warnings[0] and literal(claims["email"]) in warnings[0]
    assert "](" not in warnings[0] and "![" not in warnings[0]
    shows_no_data(at)
    assert [b.label for b in at.sidebar.button] == [t("access.sign_out")]
    for stem in PAGE_FILES:  # no navigation at all: every page is the no-access page
        at.switch_page(page_path(stem)).run()
        assert_clean(at)
        assert titles(at) == [t("app.title")]
        assert [w.value for w in at.warning] == warnings
        shows_no_data(at)

    # a refused sign-in is a sign-in and a refused access: both are in the audit trail
    user = claims["email"]
    assert events(store_root, user, "page_view").empty
    assert roles_field(store_root, user, "sign_in") == {""}, (
        f"no sign_in event for {user}, who signed in and was refused"
    )
    assert not events(store_root, user, "access_denied").empty, (
        f"no access_denied event for {user}, refused every page"
    )


@pytest.mark.parametrize("user", [{"is_logged_in": False}, {}], ids=["signed-out", "no-claims"])
def test_visitor_not_signed_in_gets_the_sign_in_prompt(user, store_root):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.user = user
    before = len(audit.read_events(store_root))
    at.run()
    assert_clean(at)
    assert titles(at) == [t("app.title")]
    assert t("access.sign_in_prompt") in [m.value for m in at.markdown]
    assert [b.label for b in at.button] == [t("access.sign_in")]
    assert not at.sidebar.button and not at.sidebar.caption
    shows_no_data(at)
    for stem in ("upload", "audit", "outcomes"):
        at.switch_page(page_path(stem)).run()
        assert titles(at) == [t("app.title")]
        shows_no_data(at)
    assert len(audit.read_events(store_root)) == before  # nobody: nothing consulted


# --- downloads are exports in the audit trail ---------------------------------------------------


def test_download_is_logged_as_an_export(store_root, version, monkeypatch):
    # The file is made when the button is clicked (Streamlit runs the callable the page gave
    # it, on its own thread): catch the callable as the page registers it, and run it as the
    # click does. tests/test_audit_first_app.py: no audit line, no file.
    from streamlit.runtime.media_file_manager import MediaFileManager

    made = {}  # deferred file id -> the callable
    real = MediaFileManager.add_deferred

    def spy(self, data_callable, *args, **kwargs):
        file_id = real(self, data_callable, *args, **kwargs)
        made[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    user = "les.leader@example.police.uk"
    at = app(SIGNED_IN["leader"][0]).run()
    at.switch_page(page_path("outcomes")).run()
    assert_clean(at)
    before = len(events(store_root, user, "export"))
    expander = next(e for e in at.expander if e.get("download_button"))
    rows = len(expander.dataframe[0].value)
    made[expander.get("download_button")[0].proto.deferred_file_id]()  # the click
    assert_clean(at)
    exports = events(store_root, user, "export")
    assert len(exports) == before + 1, exports
    export = exports.iloc[0]  # newest first
    assert export["roles"] == "leader"
    assert export["page"] == "outcomes", "an export must name the page it came from"
    assert f"rows: {rows}" in export["details"]
    assert f"version: {version}" in export["details"]
    assert "what: " in export["details"]


# --- the data functions check the role themselves -----------------------------------------------


SUSPECT_LISTS = ("repeat_suspect_list", "breach_worklist", "s63g_outstanding")


def _data_calls_script(store_root: str, version: str, check: str, lists, gate: bool) -> None:
    """An app that signs the session in as the app shell does (`gate`), then calls the data
    functions directly, as a page that forgot to check would; records what each did."""
    from datetime import date

    import streamlit as st

    from dashboard.access import roles
    from dashboard.app import data_access, records_access, session
    from dashboard.figures.request import Request
    from dashboard.periods import Period

    if gate and session.session_identity(store_root) is None:
        st.stop()
    fy = Request(store_root, version, Period(date(2024, 4, 1), date(2025, 3, 31)))
    calls = {
        "quarantine": lambda: records_access.quarantine(store_root, version),
        "check_rows": lambda: records_access.check_rows(store_root, version, check),
        "metrics": lambda: data_access.metric_values(fy),
    }
    for name in lists:
        calls[f"{name}, capability given"] = lambda name=name: data_access.breakdown(
            fy, name, capability="view_suspect_level"
        )
        # a page that forgets to say the list is suspect-level must not get it either
        calls[f"{name}, capability not given"] = lambda name=name: data_access.breakdown(fy, name)
    from tests.app_helpers import outcomes_of

    st.session_state["outcome"] = outcomes_of(calls)
    st.session_state["can"] = {c: data_access.can(c) for c in roles.CAPABILITIES}


def data_calls(store_root: Path, version: str, user: dict, gate: bool = True) -> AppTest:
    at = AppTest.from_function(
        _data_calls_script,
        default_timeout=TIMEOUT,
        args=(str(store_root), version, first_check(), SUSPECT_LISTS, gate),
    )
    at.user = user
    return at.run()


def expected_calls(records: str, suspects: str, aggregates: str) -> dict:
    expected = {"quarantine": records, "check_rows": records, "metrics": aggregates}
    for name in SUSPECT_LISTS:
        expected[f"{name}, capability given"] = suspects
        expected[f"{name}, capability not given"] = suspects
    return expected


def test_data_functions_refuse_without_the_capability(store_root, version):
    """Leader first (results cached), then scrutiny asks for the same: the role is part of the
    cache key, so scrutiny is refused rather than served the leader's cached rows."""
    expected = {
        "leader": expected_calls("allowed", "allowed", "allowed"),
        "scrutiny": expected_calls("denied:view_records", "denied:view_suspect_level", "allowed"),
    }
    for case in ("leader", "scrutiny", "leader"):
        claims, held = SIGNED_IN[case]
        at = data_calls(store_root, version, signed_in(claims))
        assert_clean(at)
        assert at.session_state["outcome"] == expected[case], case
        capabilities = set().union(*(ROLE_CAPABILITIES[r] for r in held))
        assert at.session_state["can"] == {c: c in capabilities for c in roles.CAPABILITIES}


def test_data_functions_refuse_a_session_nobody_signed_in_to(store_root, version):
    at = data_calls(store_root, version, {"is_logged_in": False})
    assert_clean(at)
    assert "outcome" not in at.session_state  # the sign-in prompt, and the script stopped
    # and called directly, past the sign-in page: nothing at all
    at = data_calls(store_root, version, {"is_logged_in": False}, gate=False)
    assert_clean(at)
    outcome = at.session_state["outcome"]
    assert set(outcome) == set(expected_calls("", "", ""))
    assert all(result.startswith("denied:") for result in outcome.values()), outcome
    assert not any(at.session_state["can"].values())


def first_check() -> str:
    """A data-quality check (its offending rows are record-level)."""
    return sorted(p.stem for p in (ROOT / "queries" / "checks").glob("*.sql"))[0]
