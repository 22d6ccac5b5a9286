"""The guard in front of Streamlit's server (`dashboard.app.guard`), driven as an ASGI app.

Each test sends one request (or WebSocket handshake) through `Guard` to a stand-in for Streamlit
that records what reached it and, for `/media/`, answers with a file; what the guard let through,
what it sent back and what it wrote in the audit log are checked.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit import config as st_config
from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

from dashboard.access import audit, offered_files, proxy_trust, signed_out
from dashboard.app import guard

FILE = b"Month,Charged\n2024-04,12\n"
ANALYST = "ann.analyst@example.police.uk"
SCRUTINY = "sam.scrutiny@example.police.uk"
ROLES_TOML = f"""
[users]
"{ANALYST}" = "analyst"
"{SCRUTINY}" = "scrutiny"
"""
HEADERS = {"X-Forwarded-Email": "email", "X-Forwarded-Groups": "groups"}
COOKIE_SECRET = "guard-test-cookie-secret-long-enough"


class Streamlit:
    """What Streamlit would be: records each scope; `/media/` answers FILE, the rest 200 ok."""

    def __init__(self) -> None:
        self.scopes: list[dict] = []

    async def __call__(self, scope, receive, send) -> None:
        self.scopes.append(scope)
        if scope["type"] == "websocket":
            return
        body = FILE if guard.is_media(scope["path"]) else b"ok"
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


def call(scope: dict) -> tuple[Streamlit, int | None, bytes]:
    """Send one request through the guard: what Streamlit saw, the status and body returned."""
    inner = Streamlit()
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    # on a thread of its own: a Playwright test earlier on this worker may leave a loop running
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, guard.Guard(inner)(scope, receive, send)).result()
    status = next((m["status"] for m in sent if m["type"] == "http.response.start"), None)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return inner, status, body


def request(path="/", *, client="127.0.0.1", headers=(), cookies=None, kind="http", method="GET"):
    raw = [(name.lower().encode(), value.encode()) for name, value in headers]
    if cookies:
        raw.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
    scope = {"type": kind, "path": path, "headers": raw, "client": (client, 50000)}
    if kind == "http":
        scope["method"] = method
    return scope


def seen_headers(inner: Streamlit) -> dict[str, str]:
    return {n.decode(): v.decode() for n, v in inner.scopes[0]["headers"]}


def events(store) -> list[dict]:
    path = audit.audit_path(store)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def store(tmp_path, monkeypatch):
    root = tmp_path / "store"
    root.mkdir()
    (root / "roles.toml").write_text(ROLES_TOML, encoding="utf-8")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(root))
    offered_files.forget_all()
    yield root
    offered_files.forget_all()


@pytest.fixture
def proxy(store, monkeypatch):
    """Served behind a proxy: identity headers from loopback alone (the default)."""
    monkeypatch.setenv("FLIGHTDECK_SIGN_IN", "proxy")
    st_config.set_option("server.trustedUserHeaders", HEADERS)
    yield store
    st_config.set_option("server.trustedUserHeaders", {})


@pytest.fixture
def oidc(store, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_SIGN_IN", "oidc")
    st_config.set_option("server.cookieSecret", COOKIE_SECRET)
    monkeypatch.setattr(
        "streamlit.runtime.secrets.secrets_singleton.load_if_toml_exists", lambda: False
    )
    return store


def sign_in_cookie(email: str, iat: int = 1) -> dict[str, str]:
    """Streamlit's signed sign-in cookie for `email`, as its /oauth2callback sets it."""
    payload = {"origin": "http://localhost", "is_logged_in": True, "email": email, "iat": iat}
    value = create_signed_value(COOKIE_SECRET, "_streamlit_user", json.dumps(payload))
    return {"_streamlit_user": value.decode()}


def offer(
    data: bytes, user: str, capability: str = "view_aggregates", sign_in: str | None = None
) -> None:
    made = offered_files.Offer(
        user, capability, "charged-by-month", "charged.csv", "outcomes", "v0001", "s1", sign_in
    )
    offered_files.offer(data, made)


# ---------------------------------------------------------------- identity headers


@pytest.mark.parametrize("kind", ["http", "websocket"])
def test_identity_headers_reach_streamlit_only_from_a_trusted_proxy(proxy, kind):
    sent = [("X-Forwarded-Email", ANALYST), ("X-Forwarded-Groups", "x"), ("Accept", "*/*")]
    inner, _, _ = call(request("/_stcore/stream", headers=sent, kind=kind))
    assert seen_headers(inner)["x-forwarded-email"] == ANALYST  # loopback: the proxy
    for outsider in ("192.0.2.7", "127.0.0.2", "::ffff:10.1.2.3", None):
        inner, _, _ = call(request("/_stcore/stream", headers=sent, kind=kind, client=outsider))
        seen = seen_headers(inner)
        assert "x-forwarded-email" not in seen and "x-forwarded-groups" not in seen
        assert seen["accept"] == "*/*"  # nothing else touched


def test_the_trusted_proxy_is_the_configured_one(proxy, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_TRUSTED_PROXIES", "10.0.0.0/24,2001:db8::5")
    sent = [("X-Forwarded-Email", ANALYST)]
    for client, kept in [
        ("10.0.0.9", True),
        ("::ffff:10.0.0.9", True),  # an IPv4 address seen through a dual-stack socket
        ("2001:db8::5", True),
        ("127.0.0.1", False),  # loopback is no longer trusted once a proxy is named
        ("10.0.1.9", False),
    ]:
        inner, _, _ = call(request(headers=sent, client=client))
        assert ("x-forwarded-email" in seen_headers(inner)) is kept, client


def test_bad_proxy_addresses_are_named():
    with pytest.raises(proxy_trust.BadProxyAddress, match="10.0.0.300"):
        proxy_trust.networks(["10.0.0.300"])


# ---------------------------------------------------------------- signed-out cookies


def test_a_signed_out_cookie_no_longer_reaches_streamlit(oidc):
    cookie = sign_in_cookie(ANALYST)
    others = {"_streamlit_xsrf": "abc", "lang": "cy"}
    inner, _, _ = call(request("/_stcore/stream", cookies={**cookie, **others}, kind="websocket"))
    assert "_streamlit_user=" in seen_headers(inner)["cookie"]
    signed_out.record(oidc, signed_out.fingerprint(cookie))
    inner, _, _ = call(request("/_stcore/stream", cookies={**cookie, **others}, kind="websocket"))
    left = seen_headers(inner)["cookie"]
    assert "_streamlit_user" not in left and "_streamlit_xsrf=abc" in left and "lang=cy" in left
    # a new sign-in is a new cookie: it works
    fresh = sign_in_cookie(ANALYST, iat=2)
    inner, _, _ = call(request("/_stcore/stream", cookies=fresh, kind="websocket"))
    assert "_streamlit_user=" in seen_headers(inner)["cookie"]


def test_a_signed_out_cookie_cannot_be_smuggled_past_the_guard(oidc):
    """Cookies the guard must read as Streamlit does: beside a malformed cookie, and in a second
    Cookie header (Starlette reads them all, a later one winning)."""
    cookie = sign_in_cookie(ANALYST)
    signed_out.record(oidc, signed_out.fingerprint(cookie))
    user = f"_streamlit_user={cookie['_streamlit_user']}"
    for headers in (
        [("Cookie", f'x="; {user}; y=\\; z')],
        [("Cookie", "lang=cy"), ("Cookie", user)],
        [("Cookie", "_streamlit_user=junk"), ("Cookie", user)],
    ):
        inner, _, _ = call(request("/_stcore/stream", headers=headers, kind="websocket"))
        from starlette.requests import HTTPConnection

        seen = HTTPConnection(inner.scopes[0]).cookies
        assert seen.get("_streamlit_user") != cookie["_streamlit_user"], headers


def test_sign_outs_older_than_a_cookie_lives_are_forgotten(tmp_path):
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 12, 6, tzinfo=UTC)
    signed_out.record(tmp_path, "a" * 64, now=now - timedelta(days=31))
    signed_out.record(tmp_path, "b" * 64, now=now - timedelta(days=29))
    assert not signed_out.is_signed_out(tmp_path, "a" * 64, now=now)
    assert signed_out.is_signed_out(tmp_path, "b" * 64, now=now)


def test_the_fingerprint_covers_a_cookie_split_in_chunks():
    whole = signed_out.fingerprint({"_streamlit_user": "a", "_streamlit_user__1": "b"})
    assert whole != signed_out.fingerprint({"_streamlit_user": "a", "_streamlit_user__1": "c"})
    assert signed_out.fingerprint({"_streamlit_user_tokens": "t", "other": "x"}) is None


# ---------------------------------------------------------------- media files


def test_a_file_goes_only_to_the_user_it_was_made_for_and_each_time_is_audited(proxy):
    offer(FILE, ANALYST)
    media = "/media/0123abcd.csv"
    _, status, body = call(request(media))  # no identity at all
    assert (status, body) == (403, b"Sign in to Flight Deck to download this file.")
    _, status, body = call(request(media, headers=[("X-Forwarded-Email", SCRUTINY)]))
    assert status == 404 and FILE not in body  # another user: as if there were no such file
    outside = [("X-Forwarded-Email", ANALYST)]
    _, status, _ = call(request(media, headers=outside, client="192.0.2.9"))
    assert status == 403  # the analyst's name, but not from the proxy
    assert events(proxy) == []
    _, status, body = call(request(media, headers=[("X-Forwarded-Email", ANALYST)]))
    assert (status, body) == (200, FILE)
    (line,) = events(proxy)
    assert line["kind"] == "file_served" and line["user"] == ANALYST
    assert line["file"] == audit.file_entry("charged.csv", FILE)
    assert (line["what"], line["page"], line["version"]) == (
        "charged-by-month",
        "outcomes",
        "v0001",
    )
    call(request(media, headers=[("X-Forwarded-Email", ANALYST)]))
    assert len(events(proxy)) == 2  # every time the bytes leave


def test_a_file_is_refused_once_its_capability_is_gone(proxy):
    offer(FILE, ANALYST, capability="view_suspect_level")
    (proxy / "roles.toml").write_text(f'[users]\n"{ANALYST}" = "scrutiny"\n', encoding="utf-8")
    _, status, _ = call(request("/media/x.csv", headers=[("X-Forwarded-Email", ANALYST)]))
    assert status == 404 and events(proxy) == []


def test_a_file_that_cannot_be_audited_is_not_sent(proxy):
    offer(FILE, ANALYST)
    audit.audit_path(proxy).parent.mkdir()
    audit.audit_path(proxy).mkdir()  # a folder where the log should be: nothing can be written
    _, status, body = call(request("/media/x.csv", headers=[("X-Forwarded-Email", ANALYST)]))
    assert status == 503 and FILE not in body


def test_signed_in_users_fetch_their_files_with_their_cookie_until_they_sign_out(oidc):
    cookie = sign_in_cookie(ANALYST)
    offer(FILE, ANALYST, sign_in=signed_out.fingerprint(cookie))
    elsewhere = sign_in_cookie(ANALYST, iat=2)  # the same user, signed in in another browser
    assert call(request("/media/x.csv", cookies=elsewhere))[1] == 404
    _, status, body = call(request("/media/x.csv", cookies=cookie))
    assert (status, body) == (200, FILE)
    forged = {"_streamlit_user": cookie["_streamlit_user"][:-4] + "AAAA"}
    assert call(request("/media/x.csv", cookies=forged))[1] == 403
    signed_out.record(oidc, signed_out.fingerprint(cookie))
    assert call(request("/media/x.csv", cookies=cookie))[1] == 403


def test_without_sign_in_everyone_is_the_one_open_user(store, monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_SIGN_IN", "none")
    offer(FILE, "no-sign-in")
    assert call(request("/media/x.csv"))[1:] == (200, FILE)
    assert [e["kind"] for e in events(store)] == ["file_served"]


def test_the_sign_out_route_still_gets_the_cookie_it_deletes(oidc):
    cookie = sign_in_cookie(ANALYST)
    signed_out.record(oidc, signed_out.fingerprint(cookie))
    inner, _, _ = call(request("/auth/logout", cookies=cookie))
    assert "_streamlit_user=" in seen_headers(inner)["cookie"]  # to end it at the provider too


def test_only_get_and_only_the_media_route(proxy):
    offer(FILE, ANALYST)
    who = [("X-Forwarded-Email", ANALYST)]
    assert call(request("/media/x.csv", headers=who, method="HEAD"))[1] == 405
    inner, status, body = call(request("/static/media/font.woff2"))  # the frontend's own files
    assert (status, body) == (200, b"ok") and len(inner.scopes) == 1


def test_the_guard_answers_in_the_browsers_language(proxy):
    _, status, body = call(request("/media/x.csv", headers=[("Accept-Language", "cy-GB,en;q=0.5")]))
    assert (status, body.decode()) == (403, "Mewngofnodwch i Flight Deck i lawrlwytho'r ffeil hon.")
