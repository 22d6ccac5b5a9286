"""`flightdeck serve`: load the bundled sample (and the published national figures) into an empty
store, then start Streamlit."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from dashboard import settings
from dashboard.access import roles
from dashboard.access.serve_policy import ServeRefused, decide
from dashboard.cli import CommandError
from dashboard.i18n import t
from dashboard.ingest import pipeline
from dashboard.national import loader
from dashboard.national.engine import current_engine
from dashboard.settings import DATA, ROOT, SAMPLE
from dashboard.store.versions import Store

APP = ROOT / "dashboard" / "app" / "streamlit_app.py"
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
) -> NoReturn:
    """Check the secure defaults, load the sample into an empty store, then replace this process
    with Streamlit serving the dashboard.

    ServeRefused (exit status 2) when the secure defaults forbid the requested mode.
    """
    store = Store(store_root)
    try:  # a broken roles file would only show on the page as "ask the administrator"
        roles.config_for_store(store.root)
    except roles.RolesConfigError as exc:
        raise ServeRefused(str(exc)) from None
    version = ensure_data(store)
    synthetic = bool(store.manifest(version).get("synthetic"))
    mode = decide(
        synthetic,
        allow_no_sign_in=allow_no_sign_in,
        demo_role=demo_role,
        proxy_headers=proxy_headers,
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
        )
    except ServeRefused as exc:
        raise CommandError(str(exc), 2) from None
