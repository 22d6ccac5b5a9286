"""`flightdeck serve`: load the bundled sample (and the published national figures) into an empty
store, then start Streamlit."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from pathlib import Path
from typing import NoReturn

from dashboard import settings
from dashboard.access import roles
from dashboard.access.serve_policy import PROXY_ADDRESS, ServeRefused, decide
from dashboard.cli import CommandError
from dashboard.i18n import t
from dashboard.ingest import pipeline
from dashboard.national import loader
from dashboard.national.engine import current_engine
from dashboard.settings import DATA, ROOT, SAMPLE
from dashboard.store.versions import Store, UnreadableVersion

# Streamlit's server with Flight Deck's guard in front (`dashboard.app.guard`), running the app
# `dashboard/app/streamlit_app.py`
APP = ROOT / "dashboard" / "app" / "flightdeck_server.py"
SAMPLE_UPLOADER = "flightdeck serve (bundled synthetic sample)"
# The Home Office outcomes open data shipped with the project (data/public/PROVENANCE.md)
PUBLISHED = DATA / "public" / "ho-outcomes-open-data-2017-18.csv.gz"


def ensure_data(store: Store) -> str:
    """The current version id, loading `data/sample/` first when the store is empty, with the
    published national figures of `data/public/` for the comparison page when it has none."""
    current = store.current_id()
    if current is None:
        print(t("serve.loading_sample", store=store.root.resolve()), file=sys.stderr)
        current, _ = pipeline.ingest(store, [SAMPLE], uploader=SAMPLE_UPLOADER)
        if PUBLISHED.is_file() and current_engine(store.root) is None:
            print(t("serve.loading_national", name=PUBLISHED.name), file=sys.stderr)
            loader.load(store.root, [PUBLISHED])
    return current


# What Streamlit binds when no --address is given: the dual-stack IPv6 wildcard, else (no IPv6
# on this machine) every IPv4 interface.
ALL_INTERFACES = ("::", "0.0.0.0")
_NO_IPV6 = {
    errno.EADDRNOTAVAIL,
    errno.EAFNOSUPPORT,
    errno.EPROTONOSUPPORT,
    errno.ENOPROTOOPT,
    errno.EINVAL,
}


def _bind(address: str, port: int) -> None:
    """Bind (address, port) as Streamlit's server binds it (SO_REUSEADDR except on Windows, as
    Streamlit sets it; dual stack for IPv6), then let it go. OSError when Streamlit could not."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if os.name != "nt":  # a socket in TIME_WAIT from the last run is no obstacle
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind((address, port))


def check_port(port: int, address: str | None = None) -> None:
    """CommandError (exit status 1) when Streamlit could not listen on the port: in use, or an
    address this machine does not have. A unix:// address has no port to check."""
    if address and address.startswith("unix://"):
        return
    shown = address or t("serve.all_interfaces")
    candidates = (address,) if address else ALL_INTERFACES
    if not address and not socket.has_ipv6:
        candidates = candidates[1:]
    for candidate in candidates:
        try:
            _bind(candidate, port)
            return
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(t("serve.port_in_use", port=port, address=shown), 1) from None
            if candidate != candidates[-1] and exc.errno in _NO_IPV6:
                continue  # no IPv6 here: Streamlit falls back to IPv4, and so does this check
            reason = exc.strerror or str(exc)
            raise CommandError(
                t("serve.cannot_listen", address=shown, port=port, reason=reason), 1
            ) from None


def streamlit_command(
    port: int, address: str | None = None, proxy_headers: str | None = None
) -> list[str]:
    """The Streamlit command line, headless and quiet, settings from `.streamlit/config.toml`."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    if address:
        command += ["--server.address", address]
    if proxy_headers:
        command += ["--server.trustedUserHeaders", proxy_headers]
    secrets = settings.current().secrets
    if secrets.is_file():
        command += ["--secrets.files", str(secrets.resolve())]
    return command


def serve(
    store_root: Path,
    port: int,
    address: str | None = None,
    *,
    allow_no_sign_in: bool = False,
    demo_role: str | None = None,
    proxy_headers: str | None = None,
    trusted_proxies: tuple[str, ...] = (),
) -> NoReturn:
    """Check the secure defaults, load the sample into an empty store, then replace this process
    with Streamlit serving the dashboard.

    CommandError (exit status 1) when the port cannot be listened on, before anything is loaded
    or printed; ServeRefused (exit status 2) when the secure defaults forbid the requested mode.
    """
    if proxy_headers is not None and address is None:
        address = PROXY_ADDRESS  # behind a proxy: only the proxy on this machine may connect
    check_port(port, address)
    store = Store(store_root)
    try:  # a broken roles file would only show on the page as "ask the administrator"
        roles.config_for_store(store.root)
    except roles.RolesConfigError as exc:
        raise ServeRefused(str(exc)) from None
    try:
        version = ensure_data(store)
        synthetic = bool(store.check(version).get("synthetic"))
    except UnreadableVersion as exc:
        # Served all the same: the pages say so, and analysts can roll back in the browser.
        # Whether it was synthetic cannot be read: as real data (no demo without sign-in).
        print(exc.sentence(), file=sys.stderr)
        version, synthetic = exc.version_id, False
    mode = decide(
        synthetic,
        allow_no_sign_in=allow_no_sign_in,
        demo_role=demo_role,
        proxy_headers=proxy_headers,
        trusted_proxies=trusted_proxies,
    )
    if mode.no_sign_in_accepted:
        print(t("serve.no_sign_in_warning"), file=sys.stderr)
    print(t("serve.starting", version=version, port=port), file=sys.stderr)
    env = settings.child_environment(
        {settings.STORE_ENV: str(store.root.resolve()), **mode.environment()}
    )
    command = streamlit_command(port, address, proxy_headers)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become Streamlit (same process id): a service manager's SIGTERM or a Ctrl+C reaches the
    # server itself, and no orphaned child keeps the port.
    os.chdir(ROOT)
    os.execve(command[0], command, env)


def run(args: argparse.Namespace) -> int:
    try:
        serve(
            args.store,
            args.port,
            args.address,
            allow_no_sign_in=args.allow_no_sign_in,
            demo_role=args.demo_role,
            proxy_headers=args.trusted_user_headers,
            trusted_proxies=tuple(args.trusted_proxy or ()),
        )
    except ServeRefused as exc:
        raise CommandError(str(exc), 2) from None
