"""Helpers for the dashboard's AppTest tests: the app, a store loaded with the sample, the CLI's
numbers (the real `flightdeck metrics --json`, run as a subprocess) and what the tiles show."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import filters as crime_filters
from dashboard import formatting, i18n
from dashboard.app import data_access
from dashboard.figures import engine
from dashboard.i18n import t
from dashboard.ingest import pipeline
from dashboard.store.versions import Store

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app" / "streamlit_app.py"
PAGES = ROOT / "dashboard" / "app" / "app_pages"
SAMPLE = ROOT / "data" / "sample"
SAMPLE_AS_AT = date(2025, 3, 31)
TIMEOUT = 60

# URL parameter -> `flightdeck metrics` option (the names view_state.py and metrics.md §5 use).
CLI_FILTER_OPTIONS = {
    "la": "--local-authority",
    "subgroup": "--subgroup",
    "age": "--age-band",
    "da": "--domestic-abuse",
}

Filters = tuple[tuple[str, str], ...]  # sorted (url parameter, value) pairs: hashable


def load_sample(root: Path) -> Store:
    """A new store under `root` holding one version: the bundled synthetic sample, loaded by the
    real ingest once per test process (`_sample_store`) and copied for each caller. A copy of the
    store directory is the same store (the store keeps no absolute paths), and costs a hundredth
    of an ingest: the suite's stores of the sample were a sixth of its CPU."""
    shutil.copytree(_sample_store(), root, dirs_exist_ok=True, symlinks=True)
    return Store(root)


@functools.cache
def shared_sample() -> Store:
    """One store of the sample for every module of this test process that only reads it (page
    views add audit lines, nothing else): at one path, so the app's caches, keyed by the store,
    serve each module what another already worked out, as they serve the users of one server."""
    root = Path(tempfile.mkdtemp(prefix="flightdeck-shared-")) / "store"
    atexit.register(shutil.rmtree, root.parent, ignore_errors=True)
    return load_sample(root)


@functools.cache
def _sample_store() -> Path:
    """The bundled sample ingested (uploader "tests") into a store of this process's own."""
    root = Path(tempfile.mkdtemp(prefix="flightdeck-sample-")) / "store"
    atexit.register(shutil.rmtree, root.parent, ignore_errors=True)
    version, upload = pipeline.ingest(Store(root), [SAMPLE], uploader="tests")
    assert not upload.report.has_errors, upload.report.as_text()
    (root / ".lock").unlink(missing_ok=True)
    # its database file built once here, so that every copy opens it rather than build its own
    engine.engine_for(Store(root).version_dir(version), version)
    return root


def serve_without_sign_in(monkeypatch, store: Store) -> None:
    """The app serves `store` as when started with --allow-no-sign-in (as the browser tests
    start it): real (not synthetic) data, which an upload makes current, is shown only then."""
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.setenv("FLIGHTDECK_NO_SIGN_IN_ACCEPTED", "1")
    monkeypatch.delenv("FLIGHTDECK_SIGN_IN", raising=False)
    monkeypatch.delenv("FLIGHTDECK_DEMO_ROLE", raising=False)


def app(params: dict[str, str] | None = None) -> AppTest:
    """A fresh session of the dashboard, with a URL query string when given (not yet run)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at


def page_path(name: str) -> str:
    """The absolute path `AppTest.switch_page` wants for `dashboard/app_pages/<name>.py`."""
    return str(PAGES / f"{name}.py")


def open_on(at: AppTest, name: str) -> AppTest:
    """Run a new session on the page `dashboard/app_pages/<name>.py`: at once, as its address
    opens it, where the file is named as its address (before a first run AppTest knows a page
    only by its file's name); otherwise from the flight deck, as a user moves to it. Opening at
    once spares drawing the flight deck, the heaviest page, in every such test."""
    from dashboard.app.shell import PAGE_SECTIONS

    address = {f.removesuffix(".py"): p for e in PAGE_SECTIONS.values() for f, p, _, _ in e}
    if name == "flight_deck":
        return at.run()
    if address.get(name) != name:
        at.run()
    return at.switch_page(page_path(name)).run()


def open_trends(at: AppTest) -> AppTest:
    """Open the flight deck's monthly trends, folded until a reader opens them, and run again."""
    at.session_state[f"fd-trends-{i18n.current_language()}"] = True
    return at.run()


def open_trend_tab(at: AppTest, label: str) -> AppTest:
    """Open the flight deck's trends at the tab named `label` (a reader's clicks on the fold
    and the tab) and run again."""
    at.session_state[f"fd-trend-{i18n.current_language()}"] = label
    return open_trends(at)


def filters_key(filters: dict[str, str] | None) -> Filters:
    return tuple(sorted((filters or {}).items()))


class CliMetrics:
    """`flightdeck metrics --json` for a store, each distinct request run once, in a pool so the
    subprocesses overlap with the AppTest runs (start them early with `prefetch`)."""

    def __init__(self, store_root: Path, workers: int = 3) -> None:
        self.store_root = Path(store_root)
        self._pool = ThreadPoolExecutor(max_workers=workers)
        self._runs: dict[tuple[date, date, Filters], Future] = {}

    def _command(self, start: date, end: date, filters: Filters) -> list[str]:
        cmd = [sys.executable, "-m", "dashboard.cli", "metrics"]
        cmd += ["--from", start.isoformat(), "--to", end.isoformat()]
        cmd += ["--store", str(self.store_root), "--json"]
        for param, value in filters:
            cmd += [CLI_FILTER_OPTIONS[param], value]
        return cmd

    def _run(self, cmd: list[str]) -> dict:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
        assert done.returncode == 0, f"{' '.join(cmd)} failed: {done.stderr}"
        return json.loads(done.stdout)

    def _future(self, start: date, end: date, filters: dict[str, str] | None) -> Future:
        key = (start, end, filters_key(filters))
        if key not in self._runs:
            self._runs[key] = self._pool.submit(self._run, self._command(*key))
        return self._runs[key]

    def prefetch(self, requests) -> None:
        """Start (start, end, filters) requests in the background."""
        for start, end, filters in requests:
            self._future(start, end, filters)

    def __call__(self, start: date, end: date, filters: dict[str, str] | None = None) -> dict:
        """The whole JSON document for a period and filters (url parameter names)."""
        return self._future(start, end, filters).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def tile_units() -> dict[str, tuple[str, str]]:
    """kpi key -> (label, unit) for every tile of the flight deck, from the SQL headers."""
    from dashboard.app.tiles import TILE_GROUPS

    headers = data_access.headers("kpi")
    keys = [key for group in TILE_GROUPS.values() for key in group]
    return {key: (headers[key]["label"], headers[key]["unit"]) for key in keys}


def shown_tiles(at: AppTest) -> dict[str, str]:
    """Tile label -> displayed value on the page just run."""
    labels = [m.label for m in at.metric]
    assert len(labels) == len(set(labels)), f"two tiles share a label: {labels}"
    return {m.label: m.value for m in at.metric}


def expected_tiles(document: dict) -> dict[str, str]:
    """Tile label -> the CLI's number formatted for its unit, as a tile should show it."""
    values = document["metrics"]
    return {label: formatting.value(values[k], unit) for k, (label, unit) in tile_units().items()}


def tile_number(at: AppTest, label: str) -> int:
    """A count tile's value as an integer ('1,831' -> 1831)."""
    return int(shown_tiles(at)[label].replace(",", ""))


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def page_caption(
    period_text: str,
    version: str,
    as_at: date = SAMPLE_AS_AT,
    filters: crime_filters.Filters | None = None,
) -> str:
    """The caption under every page title: period, filters in words, data version, as-at."""
    from dashboard.app.view_state import filter_words

    return t(
        "page.showing",
        period=period_text,
        filters=filter_words(filters or crime_filters.Filters()),
        version=version,
        as_at=formatting.date_long(as_at),
    )


def assert_clean(at: AppTest) -> None:
    """The run raised nothing and showed no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def outcomes_of(calls: dict) -> dict[str, str]:
    """Inside an app script: call each function and record what it did ("allowed",
    "denied:<capability>", or "error:<kind>: <message>" for anything else, so that a crash
    shows in the assertion rather than as one)."""
    from dashboard.access import roles

    outcome = {}
    for name, call in calls.items():
        try:
            call()
            outcome[name] = "allowed"
        except roles.AccessDenied as exc:
            outcome[name] = f"denied:{exc.capability}"
        except Exception as exc:  # noqa: BLE001 (shown in the assertion, not as a crash)
            outcome[name] = f"error:{type(exc).__name__}: {exc}"
    return outcome
