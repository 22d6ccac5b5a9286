"""Flight Deck's guard in front of Streamlit's server: what reaches Streamlit, which files leave.

An ASGI middleware (`flightdeck_server.app` puts it in front of every request and WebSocket):

- **Identity headers only from the proxy.** With `--trusted-user-headers`, Streamlit puts the
  named headers into `st.user`, and they override a signed-in user. They are removed from every
  connection that does not come from a `--trusted-proxy` address (`access.proxy_trust`).
- **A signed-out cookie is no cookie.** Streamlit's sign-in cookies are dropped from any request
  whose cookie was signed out (`access.signed_out`), so a copy taken before sign-out signs
  nobody in.
- **Files only to whom they were made for, and audited.** Streamlit serves `/media/<id>` to
  anyone with the address. Here a file is sent only to the user it was made for, through the
  same sign-in (cookie) as the session that made it, while they still hold the capability of
  the page that offered it (`access.offered_files`), and only once an audit line
  (`file_served`) has been written; otherwise 403, 404 or 503, and no bytes.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from dashboard import settings
from dashboard.access import audit, offered_files, proxy_trust, roles, signed_out
from dashboard.access.roles import Identity
from dashboard.i18n import accepted, best_language, t_in

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("flightdeck")
SIGN_OUT = "auth/logout"  # Streamlit's sign-out route
TOKENS_COOKIE = "_streamlit_user_tokens"  # Streamlit's, beside its user cookie


def _header_mapping() -> dict[str, str]:
    """`server.trustedUserHeaders`: request header -> `st.user` key ({} when not set)."""
    from streamlit import config

    mapping = config.get_option("server.trustedUserHeaders") or {}
    if isinstance(mapping, str):  # as given on the command line, before Streamlit parses it
        try:
            mapping = json.loads(mapping)
        except ValueError:
            mapping = {}
    return dict(mapping)


def identity_headers() -> frozenset[str]:
    """The header names `server.trustedUserHeaders` maps into `st.user`, in lower case."""
    return frozenset(str(name).lower() for name in _header_mapping())


def _trust() -> proxy_trust.ProxyTrust:
    return _trust_of(identity_headers(), settings.current().trusted_proxies)


@functools.lru_cache(maxsize=8)
def _trust_of(headers: frozenset[str], proxies: tuple[str, ...]) -> proxy_trust.ProxyTrust:
    """Parsed once per setting, not on every request."""
    return proxy_trust.ProxyTrust(headers, proxy_trust.networks(proxies))


def _client_host(scope: Scope) -> str | None:
    client = scope.get("client")
    return client[0] if client else None


def _cookies(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """The request's cookies exactly as Starlette (and so Streamlit) reads them: every Cookie
    header, by Starlette's own lenient parser, a later one winning. A stricter parser here
    could be made to see no cookie where Streamlit sees one."""
    from starlette.requests import cookie_parser

    jar: dict[str, str] = {}
    for name, value in headers:
        if name == b"cookie":
            jar.update(cookie_parser(value.decode("latin-1")))
    return jar


def _without_cookies(headers: list[tuple[bytes, bytes]], prefixes: tuple[str, ...]):
    """The headers with every cookie whose name starts with one of `prefixes` taken out."""
    kept = []
    for name, value in headers:
        if name != b"cookie":
            kept.append((name, value))
            continue
        parts = [p.strip() for p in value.decode("latin-1").split(";")]
        parts = [p for p in parts if p and not p.split("=", 1)[0].strip().startswith(prefixes)]
        if parts:
            kept.append((b"cookie", "; ".join(parts).encode("latin-1")))
    return kept


def _route(path: str, route: str) -> bool:
    """Whether `path` is Streamlit's `route` (under `server.baseUrlPath`, if set)."""
    from streamlit import config

    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return path.startswith(f"/{base}/{route}" if base else f"/{route}")


def is_media(path: str) -> bool:
    """Whether a request path is Streamlit's media route (`[/<baseUrlPath>]/media/<id>`), not
    the frontend's own static files (`/static/media/...`)."""
    return _route(path, "media/")


def cleaned(scope: Scope, store_root: str, trust: proxy_trust.ProxyTrust) -> Scope:
    """The request as Streamlit may see it: identity headers only from a trusted proxy, and no
    sign-in cookie that was signed out (except on the way out: Streamlit's sign-out route reads
    it to end the session at the identity provider too, and deletes it)."""
    headers = list(scope.get("headers") or [])
    if trust.headers and not trust.vouches(_client_host(scope)):
        headers = [(n, v) for n, v in headers if n.decode("latin-1").lower() not in trust.headers]
    cookie = signed_out.fingerprint(_cookies(headers))
    leaving = _route(scope.get("path", ""), SIGN_OUT)
    if cookie is not None and not leaving and signed_out.is_signed_out(store_root, cookie):
        headers = _without_cookies(headers, (signed_out.COOKIE_PREFIX,))
    return {**scope, "headers": headers}


def _oidc_claims(cookies: dict[str, str]) -> dict:
    """The signed-in user's claims from Streamlit's signed cookie ({} if none or forged)."""
    from streamlit.web.server.starlette.starlette_websocket import (
        _get_signed_cookie_with_chunks,
    )

    try:
        raw = _get_signed_cookie_with_chunks(cookies, signed_out.COOKIE_PREFIX)
        payload = json.loads(raw) if raw else {}
    except Exception:  # noqa: BLE001 (a bad signature or encoding: nobody)
        return {}
    if not isinstance(payload, dict):
        return {}
    payload.pop("origin", None)
    return {**payload, "is_logged_in": payload.get("is_logged_in", False) is True}


def request_identity(scope: Scope, store_root: str) -> Identity:
    """Who sends this (already `cleaned`) request, as the pages would resolve them."""
    conf = settings.current()
    try:
        config = roles.config_for_store(store_root)
    except roles.RolesConfigError:
        return roles.ANONYMOUS
    headers = list(scope.get("headers") or [])
    if conf.demo_role or conf.sign_in == "none":
        return roles.identity_for(conf.sign_in, {}, config, conf.demo_role)
    if conf.sign_in == "oidc":
        return roles.identity_for("oidc", _oidc_claims(_cookies(headers)), config)
    claims: dict[str, str] = {}
    for header, key in _header_mapping().items():
        values = [v for n, v in headers if n.decode("latin-1").lower() == header.lower()]
        if values:
            claims[key] = values[0].decode("latin-1")
    return roles.identity_for("proxy", claims, config)


async def _plain(send: Send, scope: Scope, status: int, key: str) -> None:
    """A one-sentence answer (`guard.<key>` in the catalogue), in the browser's language."""
    header = next((v for n, v in scope.get("headers") or [] if n == b"accept-language"), b"")
    language = best_language(accepted(header.decode("latin-1")))
    body = t_in(language, f"guard.{key}").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The ASGI middleware (see the module's docstring)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        store_root = str(settings.default_store().resolve())
        try:
            scope = cleaned(scope, store_root, _trust())
        except Exception:  # noqa: BLE001 (cannot tell: refuse rather than let through)
            log.exception("guard: request refused")
            if scope["type"] == "http":
                await _plain(send, scope, 503, "cannot_check")
            return
        if scope["type"] == "http" and is_media(scope.get("path", "")):
            await self._media(scope, receive, send, store_root)
            return
        await self.app(scope, receive, send)

    async def _media(self, scope: Scope, receive: Receive, send: Send, store_root: str) -> None:
        """A file from Streamlit's media store: only to its user, only once audited."""
        if scope.get("method") != "GET":
            await _plain(send, scope, 405, "only_get")
            return
        identity = request_identity(scope, store_root)
        if identity.user is None:
            await _plain(send, scope, 403, "sign_in_to_download")
            return
        # The bytes as made (no compression), to be matched with what was offered
        plain = [(n, v) for n, v in scope.get("headers", []) if n.lower() != b"accept-encoding"]
        scope = {**scope, "headers": plain}
        start: Message = {}
        body = bytearray()

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, keep)
        if start.get("status") != 200:
            await _plain(send, scope, int(start.get("status") or 404), "not_found")
            return
        data = bytes(body)
        sign_in = signed_out.fingerprint(_cookies(list(scope.get("headers") or [])))
        offer = offered_files.allowed(identity, offered_files.digest(data), sign_in)
        if offer is None:  # not made for this user (or never offered): as if it did not exist
            log.warning("guard: %s refused a file not made for them", identity.user)
            await _plain(send, scope, 404, "not_found")
            return
        try:
            await asyncio.to_thread(
                audit.AuditLog(store_root).file_served,
                identity,
                offer.session,
                what=offer.what,
                file=audit.file_entry(offer.file_name, data),
                page=offer.page,
                version=offer.version,
            )
        except audit.AuditError as exc:
            log.error("guard: file %s not sent, audit log: %s", offer.what, exc)
            await _plain(send, scope, 503, "not_recorded")
            return
        headers = [(n, v) for n, v in start.get("headers", []) if n.lower() != b"cache-control"]
        await send({**start, "headers": [*headers, (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": data})
