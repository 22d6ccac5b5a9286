"""Behind an authenticating reverse proxy, in Chromium against the real `flightdeck serve`.

The test plays the proxy: it connects from loopback (the default `--trusted-proxy`) and adds
`X-Forwarded-Email`. Checked: the server listens on loopback alone; the proxy's user is signed in
with their role; their download's address works only for them, through the proxy, and every
fetch is audited; the same headers from any other address count for nothing.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.access import audit
from dashboard.i18n import t

from .conftest import Server, new_context, open_page, proxied_server
from .test_browser_sign_in import download_first_table

ANALYST = "ann.analyst@example.police.uk"
SCRUTINY = "sam.scrutiny@example.police.uk"
ROLES_TOML = f'[users]\n"{ANALYST}" = "analyst"\n"{SCRUTINY}" = "scrutiny"\n'


@pytest.fixture(scope="module")
def proxy_server(tmp_path_factory) -> Iterator[Server]:
    with proxied_server(tmp_path_factory, "e2e-proxy", ROLES_TOML) as started:
        yield started


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on `port` (Linux: /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def get(url: str, headers: dict[str, str], source: str = "127.0.0.1") -> int:
    """The status of a GET of `url` sent from the local address `source`."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("GET", parts.path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_behind_a_proxy_only_the_proxy_names_the_user(proxy_server, browser):
    port = urlsplit(proxy_server.base_url).port
    assert listening_addresses(port) == {"0100007F"}, "listens beyond 127.0.0.1"

    context = new_context(browser)
    try:
        context.set_extra_http_headers({"X-Forwarded-Email": ANALYST})
        page = context.new_page()
        open_page(page, proxy_server.url("/"))
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_contain_text(t("access.your_roles", roles=t("role.analyst")))
        name, media = download_first_table(page, proxy_server)
    finally:
        context.close()
    assert name.endswith(".csv")
    frame = audit.read_events(proxy_server.store_root, user=ANALYST)
    served = int((frame["kind"] == "file_served").sum())
    assert served >= 1

    analyst = {"X-Forwarded-Email": ANALYST}
    assert get(media, {}) == 403  # the address alone
    assert get(media, {"X-Forwarded-Email": SCRUTINY}) == 404  # another user, through the proxy
    assert get(media, analyst, source="127.0.0.2") == 403  # the analyst's name, not from the proxy
    assert get(media, analyst) == 200  # the analyst, through the proxy
    frame = audit.read_events(proxy_server.store_root, user=ANALYST)
    assert int((frame["kind"] == "file_served").sum()) == served + 1
    assert set(frame.loc[frame["kind"] == "sign_in", "details"]) == {"method: proxy"}
    assert audit.verify(proxy_server.store_root) == []
