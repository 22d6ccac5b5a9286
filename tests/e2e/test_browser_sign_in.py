"""Real sign-in, end to end: Chromium, the real `flightdeck serve`, a local OpenID Connect provider.

The provider is `oidc-provider-mock`, started here in this process; `flightdeck serve` finds it
through a `secrets.toml` named by `$FLIGHTDECK_SECRETS`, and the roles file is the store's own
`roles.toml`. For each role, with no cookies (nobody signed in): sign in on the provider's page, see
exactly the pages the documented table gives the role in the sidebar navigation, type the address
of a page the role may not open and get Streamlit's "Page not found" and the default page instead,
sign out and see the sign-in prompt again; the store's audit log has it all.

The tests share one browser context, its cookies cleared before each, and its tabs: Chromium draws
a page in a tab it has drawn in before in half the time (the renderer, compiled scripts and cache
are kept), and drawing is most of these tests' time. Each test that signs in checks the whole
audit log after it, so no test needs another to have run first on its xdist worker.

Everything uses `localhost`: the host in the browser must be the host of `redirect_uri`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.access import audit
from dashboard.i18n import t
from dashboard.settings import ROOT
from tests.test_app_roles import DEFAULT_PAGE, NAV_PAGES, OFF_MENU, expected_pages

from .conftest import (
    TIMEOUT_S,
    Server,
    _healthy,
    free_port,
    full_page_screenshot,
    log_tail,
    new_context,
    open_expander,
    open_page,
    reused_tab,
    running_server,
    wait_until_loaded,
    wait_until_settled,
)

CONTACT = "The RASSO performance team, rasso-performance@example.police.uk"
ROLES_TOML = f"""
contact = "{CONTACT}"

[users]
"ann.analyst@example.police.uk" = "analyst"

[groups]
"FlightDeck.Leader" = "leader"
"FlightDeck.Scrutiny" = "scrutiny"
"""
# case -> (the claims the provider gives, the user's `sub` at the provider)
USERS = {
    "leader": ({"email": "les.leader@example.police.uk", "groups": ["FlightDeck.Leader"]}, "les"),
    "analyst": ({"email": "ann.analyst@example.police.uk", "groups": []}, "ann"),
    "scrutiny": (
        {"email": "sam.scrutiny@example.police.uk", "groups": ["FlightDeck.Scrutiny"]},
        "sam",
    ),
    "unknown": ({"email": "nora.nobody@example.police.uk", "groups": ["Elsewhere"]}, "nora"),
}
NOT_LOCAL = re.compile(r"^https?://(?!localhost[:/])")  # the mock's pages fetch CSS from a CDN
NAV_LINKS_JS = """() => Array.from(
    document.querySelectorAll("[data-testid='stSidebarNav'] a")
).map(a => ({href: a.getAttribute("href"), text: a.innerText.trim()}))"""


def secrets_toml(app_port: int, provider: str, *, cookie_secret: bool = True) -> str:
    text = (
        "[auth]\n"
        f'redirect_uri = "http://localhost:{app_port}/oauth2callback"\n'
        'client_id = "flightdeck-e2e"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    if cookie_secret:
        text += 'cookie_secret = "e2e-cookie-secret-long-enough-for-streamlit"\n'
    return text


def serve_command(store_root: Path, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dashboard.cli",
        "serve",
        "--store",
        str(store_root),
        "--port",
        str(port),
    ]


def serve_env(secrets: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLIGHTDECK_")}
    return {**env, "FLIGHTDECK_SECRETS": str(secrets)}


# --- the provider and the server ---------------------------------------------------------------


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on a free port, in this process: its base URL (on localhost)."""
    import oidc_provider_mock

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


def set_claims(provider: str, sub: str, claims: dict) -> None:
    """The claims the provider gives `sub` when that user signs in."""
    request = urllib.request.Request(
        f"{provider}/users/{sub}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204


@pytest.fixture(scope="module")
def oidc_server(tmp_path_factory, provider: str) -> Iterator[Server]:
    """`flightdeck serve --store <tmp> --port <free>` with sign-in at the mock provider."""
    work = tmp_path_factory.mktemp("e2e-sign-in")
    store_root = work / "store"
    store_root.mkdir()
    (store_root / "roles.toml").write_text(ROLES_TOML, encoding="utf-8")
    port = free_port()
    secrets = work / "secrets.toml"
    secrets.write_text(secrets_toml(port, provider), encoding="utf-8")
    secrets.chmod(0o600)
    with running_server(work, store_root, port=port, env=serve_env(secrets)) as started:
        yield started


@pytest.fixture(scope="module")
def sign_in_context(browser):
    """This module's browser context, the CDN cut off."""
    context = new_context(browser)
    context.route(NOT_LOCAL, lambda route: route.abort())
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(sign_in_context):
    """A tab of the module's context with no cookies at all, so nobody is signed in (at the app
    or at the provider) whatever the test before did; the one tab left open by that test."""
    sign_in_context.clear_cookies()
    return reused_tab(sign_in_context)


# --- steps -------------------------------------------------------------------------------------


def sign_in(page, server: Server, provider: str, sub: str) -> None:
    """From the app's sign-in prompt through the provider's page and back, signed in."""
    open_page(page, server.url("/"))
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(t("access.sign_in_prompt"))
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    page.get_by_role("button", name=t("access.sign_in")).click()
    try:
        page.wait_for_url(f"{provider}/oauth2/authorize**", timeout=15_000)
    except Exception:  # noqa: BLE001 (say why: the app's own log has the reason)
        pytest.fail(
            f"'Sign in' did not lead to the provider (still at {page.url}). "
            f"Server log ({server.log}):\n{log_tail(server.log)}"
        )
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda url: url.startswith(server.base_url) and "oauth2" not in url)
    wait_until_loaded(page)
    expect(page.get_by_role("button", name=t("access.sign_in"))).to_have_count(0)


def nav_links(page) -> dict[str, str]:
    """url path (the default page as its own path) -> link text, from the sidebar navigation."""
    # Every page is in view: no "View 5 more" (Streamlit's English) hides the analysts' pages.
    expect(page.get_by_test_id("stSidebarNavViewButton")).to_have_count(0)
    links = {}
    for link in page.evaluate(NAV_LINKS_JS):
        path = urlsplit(link["href"]).path.strip("/") or DEFAULT_PAGE
        links[path] = link["text"]
    return links


def main_titles(page) -> list[str]:
    return [h.strip() for h in page.locator("[data-testid='stMain'] h1").all_inner_texts()]


def close_dialog(page) -> None:
    dialog = page.get_by_role("dialog")
    if dialog.count():
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)


def sign_out(page, server: Server, provider: str) -> None:
    """The sidebar's "Sign out"; Streamlit then ends the session at the provider too (its page
    asks to confirm), and the provider sends the browser back to the app, signed out."""
    close_dialog(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name=t("access.sign_out")).click()
    page.wait_for_url(f"{provider}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda url: url.startswith(server.base_url) and "oauth2" not in url)
    wait_until_loaded(page)
    expect(page.get_by_role("button", name=t("access.sign_in"))).to_be_visible()
    expect(page.get_by_test_id("stMain")).to_contain_text(t("access.sign_in_prompt"))
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    open_page(page, server.url("/"))  # and the cookie is gone: a new session is signed out too
    expect(page.get_by_role("button", name=t("access.sign_in"))).to_be_visible()


def download_first_table(page, server: Server) -> tuple[str, str]:
    """Open the first "numbers behind this chart" of the main area and download its CSV: its
    file name and the address the browser fetched it from."""
    # the flight deck's charts are folded until a reader opens them: its trends, first
    expanders = page.get_by_test_id("stMain").get_by_test_id("stExpander")
    if expanders.filter(has_text=t("flight_deck.trends.open")).count():
        open_expander(page, t("flight_deck.trends.open"))
    # the first expander holding a download (scrutiny's pages open with "how we protect people")
    expander = open_expander(page, t("chart.data"))
    button = expander.get_by_test_id("stDownloadButton").locator("button")
    expect(button).to_be_enabled()
    wait_until_settled(page)
    try:
        with page.expect_download(timeout=20_000) as download:
            button.click()
    except Exception:  # noqa: BLE001 (say why: the app's own log has the reason)
        pytest.fail(f"no download came. Server log ({server.log}):\n{log_tail(server.log)}")
    wait_until_settled(page)
    return download.value.suggested_filename, download.value.url


def fetch(url: str, cookies: list[dict] = ()) -> int:
    """The HTTP status of a GET of `url` sending these browser cookies (none: a stranger)."""
    header = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
    request = urllib.request.Request(url, headers={"Cookie": header} if header else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def copied_cookie_signs_nobody_in(page, server: Server, cookies: list[dict]) -> None:
    """Another browser given the cookies copied before sign-out gets the sign-in prompt."""
    copied = new_context(page.context.browser)
    try:
        copied.add_cookies(cookies)
        thief = copied.new_page()
        open_page(thief, server.url("/"))
        expect(thief.get_by_role("button", name=t("access.sign_in"))).to_be_visible()
        expect(thief.get_by_test_id("stSidebarNav")).to_have_count(0)
    finally:
        copied.close()


def assert_audit_log_is_one_unbroken_chain(server: Server, kinds: set[str]) -> None:
    """Whatever ran before: every line of the log is a valid event chained to the one before,
    and the log holds (at least) these kinds of event."""
    assert audit.verify(server.store_root) == []
    frame = audit.read_events(server.store_root)
    assert set(frame["kind"]) >= kinds, sorted(set(frame["kind"]))
    assert None not in set(frame["user"])  # nobody signed out consulted anything


def user_events(server: Server, user: str) -> dict[str, list[dict]]:
    """The user's events by kind (oldest first), as the audit log holds them."""
    frame = audit.read_events(server.store_root, user=user).sort_values("line")
    kinds: dict[str, list[dict]] = {}
    for row in frame.to_dict("records"):
        kinds.setdefault(row["kind"], []).append(row)
    return kinds


# --- tests -------------------------------------------------------------------------------------


def test_serve_refuses_sign_in_without_a_cookie_secret(tmp_path, provider):
    """An [auth] section with no cookie_secret: exit status 2 and one line naming the fix."""
    store_root = tmp_path / "store"
    store_root.mkdir()
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(secrets_toml(port, provider, cookie_secret=False), encoding="utf-8")
    done = subprocess.run(
        serve_command(store_root, port),
        cwd=ROOT,
        env=serve_env(secrets),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 2, (done.returncode, done.stderr)
    last = done.stderr.strip().splitlines()[-1]
    assert "cookie_secret" in last and str(secrets) in last, done.stderr
    assert "Traceback" not in done.stderr
    assert not _healthy(f"http://localhost:{port}")


@pytest.mark.parametrize("role", ["leader", "analyst", "scrutiny"])
def test_role_signs_in_sees_its_pages_and_signs_out(
    role, page, oidc_server, provider, screenshot_dir
):
    claims, sub = USERS[role]
    set_claims(provider, sub, claims)
    started = time.monotonic()
    sign_in(page, oidc_server, provider, sub)

    # the sidebar offers exactly the role's pages (the statement is linked from the footer, not
    # the menu), and says who is signed in as what
    opens = expected_pages({role})  # every page the role may open
    allowed = opens - set(OFF_MENU)
    links = nav_links(page)
    assert set(links) == allowed, (role, sorted(links))
    assert links == {path: NAV_PAGES[path][1] for path in allowed}
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text(t("access.your_roles", roles=t(f"role.{role}")))
    assert main_titles(page) == [NAV_PAGES[DEFAULT_PAGE][1]]
    expect(page.get_by_test_id("stException")).to_have_count(0)
    full_page_screenshot(page, screenshot_dir / f"sign-in-{role}.png")

    # an address typed in another tab (a new Streamlit session, signed in by the cookie): a page
    # the role may not open gives "Page not found" and the default page; the analyst gets any.
    # One refused page per role here: every page for every role is checked in AppTest
    # (tests/test_app_roles.py), where a session costs a tenth of a browser's.
    refused = sorted(set(NAV_PAGES) - opens)[:1]
    typed = refused or ["audit"]
    tab = page.context.new_page()
    for path in typed:
        open_page(tab, oidc_server.url(f"/{path}"))
        expect(tab.get_by_test_id("stException")).to_have_count(0)
        if path in refused:
            expect(tab.get_by_role("dialog")).to_contain_text("Page not found")
            assert main_titles(tab) == [NAV_PAGES[DEFAULT_PAGE][1]], (path, main_titles(tab))
            assert urlsplit(tab.url).path.strip("/") != path
            expect(tab.get_by_test_id("stFileUploader")).to_have_count(0)
            assert set(nav_links(tab)) == allowed
        else:
            expect(tab.get_by_role("dialog")).to_have_count(0)
            assert main_titles(tab) == [NAV_PAGES[path][1]]
    tab.close()

    # a download (from the default page) is an export in the audit log; its address works only
    # with the user's own sign-in cookie, and each time it is fetched is audited
    name, media = download_first_table(page, oidc_server)
    assert name.endswith(".csv") and "/media/" in media
    cookies = page.context.cookies()
    served = len(user_events(oidc_server, claims["email"]).get("file_served", []))
    assert served >= 1  # the browser's own fetch (Chromium may fetch a download twice)
    assert fetch(media) == 403  # a stranger with the address
    assert fetch(media, cookies) == 200  # the user, from another program, with their cookie

    sign_out(page, oidc_server, provider)

    # the cookie copied before sign-out no longer fetches the file, nor (in a browser of its
    # own: once, for one role, as a browser costs seconds) signs anyone in
    assert fetch(media, cookies) == 403
    if role == "scrutiny":
        copied_cookie_signs_nobody_in(page, oidc_server, cookies)

    print(f"{role}: sign-in, pages, refusals and sign-out in {time.monotonic() - started:.1f} s")

    # the audit log: sign-in (OpenID Connect), page views, sign-out, all with the user and role
    user = claims["email"]
    kinds = user_events(oidc_server, user)
    assert kinds.get("sign_in"), f"no sign_in for {user}: {kinds}"
    assert {e["details"] for e in kinds["sign_in"]} == {"method: oidc"}
    assert {e["page"] for e in kinds.get("page_view", [])} == {DEFAULT_PAGE} | (
        set(typed) - set(refused)
    )
    assert len(kinds.get("sign_out", [])) == 1, kinds.get("sign_out")
    assert kinds["sign_out"][0]["session"] in {e["session"] for e in kinds["sign_in"]}
    for kind, rows in kinds.items():
        assert {e["roles"] for e in rows} == {role}, kind
    (export,) = kinds.get("export", [None])
    assert export is not None, f"the download is not in the audit log: {kinds}"
    assert re.search(r"rows: \d+", export["details"]), export["details"]
    assert export["page"] == DEFAULT_PAGE, "an export must name the page it came from"
    # the browser's fetches and the user's own; not the stranger's, nor the copied cookie's
    assert len(kinds.get("file_served", [])) == served + 1, kinds.get("file_served")
    assert {e["page"] for e in kinds["file_served"]} == {DEFAULT_PAGE}
    # the address of a page the role may not open, typed in: refused, and audited as refused
    assert {e["page"] for e in kinds.get("access_denied", [])} == set(refused)
    assert_audit_log_is_one_unbroken_chain(oidc_server, {"sign_in", "page_view", "sign_out"})


def test_user_without_a_role_is_told_whom_to_ask(page, oidc_server, provider, screenshot_dir):
    claims, sub = USERS["unknown"]
    set_claims(provider, sub, claims)
    sign_in(page, oidc_server, provider, sub)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(CONTACT)
    # the user's name is shown as text (an invisible word joiner keeps it from being a link)
    assert claims["email"] in main.inner_text().replace("\u2060", "")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.get_by_test_id("stMetric")).to_have_count(0)
    full_page_screenshot(page, screenshot_dir / "sign-in-no-role.png")

    open_page(page, oidc_server.url("/outcomes"))  # any page: the same refusal
    expect(page.get_by_test_id("stMain")).to_contain_text(CONTACT)
    expect(page.get_by_test_id("stMetric")).to_have_count(0)
    sign_out(page, oidc_server, provider)

    user = claims["email"]
    kinds = user_events(oidc_server, user)
    assert "page_view" not in kinds
    assert len(kinds.get("sign_out", [])) == 1
    assert kinds.get("sign_in"), f"no sign_in event for {user}, who signed in and was refused"
    assert kinds.get("access_denied"), f"no access_denied event for {user}, refused every page"
    assert {e["roles"] for rows in kinds.values() for e in rows} == {""}
    assert_audit_log_is_one_unbroken_chain(oidc_server, {"sign_in", "access_denied", "sign_out"})
