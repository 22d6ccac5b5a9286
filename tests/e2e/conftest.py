"""The real dashboard (`flightdeck serve`) and a real browser (Debian's Chromium), once a session.

The server loads the bundled synthetic sample into an empty temporary store, exactly as a user's
first `flightdeck serve` does. Every page load is a new Streamlit session; the tests that need no
fresh browser context (no sign-in, so no cookies that matter) share one tab per worker, because
Chromium draws a page in a tab it has drawn in before in half the time (it keeps the renderer,
the compiled scripts and the cache), and the browser, not the server, is most of a test's time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.settings import ROOT
from dashboard.store.versions import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    f"Chromium is not installed at {CHROMIUM}: the end-to-end tests need it. "
    "Install it with `apt-get install -y chromium` (never `playwright install`)."
)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_S = 60  # shared CI machines: generous, for the server start and for every page wait
TIMEOUT_MS = TIMEOUT_S * 1000
SETTLE_S = 1.0  # how long a page must stay finished before a test reads it, after a click
# ... and after a load. A click's rerun may start only when the server has had the click, so it
# needs the longer wait; a load runs the script once (the URL is rewritten during that run), and
# a rerun the app itself asks for would start as the run ends: a short wait sees it.
LOAD_SETTLE_S = 0.5
VIEWPORT = {"width": 1400, "height": 900}
SCREENSHOTS = pytest.StashKey[Path]()

# After a user's action, a run of the script that started after it and has finished needs only
# a short wait (for a rerun the app itself asks for, which starts as the run ends); an action
# that starts no run (opening an expander) waits SETTLE_S as before.
AFTER_RUN_SETTLE_S = 0.25
# In every document of a test's browser: when the user last acted (a click, a key, a file
# given) and when a run of the script last started, on the page's clock.
ACTIVITY_JS = """
window.__fdLastInput = null;
window.__fdLastRunStart = null;
for (const type of ["pointerdown", "click", "keydown", "input", "change"]) {
    window.addEventListener(type, () => { window.__fdLastInput = performance.now(); }, true);
}
new MutationObserver((changes) => {
    for (const change of changes) {
        if (change.target.dataset.testScriptState === "running" && change.oldValue !== "running") {
            window.__fdLastRunStart = performance.now();
        }
    }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ["data-test-script-state"]});
"""
READY_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    const input = window.__fdLastInput, run = window.__fdLastRunStart;
    return {
        state: app ? app.dataset.testScriptState : null,
        skeletons: document.querySelectorAll("[data-testid='stSkeleton']").length,
        ranAfterInput: input !== null && input !== undefined && run !== null && run > input,
    };
}"""

# Resolves after two animation frames: the resize event, the re-render it causes and its paint.
NEXT_FRAMES_JS = """() => new Promise(
    done => requestAnimationFrame(() => requestAnimationFrame(done)))"""


# --- the order the tests run in -----------------------------------------------------------------

# The modules here and roughly how long each takes (seconds of one worker's time, measured on the
# 2-core machine with the rest of the suite running beside them; docs/performance.md). The test
# command runs pytest-xdist with `--dist worksteal`: each worker first gets an equal, contiguous
# share of the collected tests, and a worker that runs out takes tests from the end of another's
# share. Collected as they are (tests/e2e sorts first), every browser test would fall in the first
# worker's share: one worker running about 250 s of browser tests one after another while the
# others ran the rest, the browser tests' waits (for Chromium to draw, for a page to settle)
# unshared, and that one chain of tests a floor under the suite's time.
E2E_SECONDS = {  # measured with --durations on 3 workers, 2026-12-07
    "test_browser_sign_in.py": 100,
    "test_browser.py": 65,  # with a board pack made, downloaded and compared
    "test_browser_welsh.py": 100,  # with the accessibility checks of every page (a11y_checks)
    "test_browser_accessibility.py": 45,
    "test_browser_upload.py": 85,
    "test_browser_comparison.py": 25,
    "test_browser_proxy.py": 17,
    "test_browser_audit_first.py": 25,
    "test_replicas.py": 20,  # two servers on one store and an ingest (no browser)
}


def _e2e_groups(items: list[pytest.Item], workers: int) -> list[list[pytest.Item]]:
    """The modules' tests in `workers` groups of about equal time: the longest module first, each
    into the group with the least so far (a module stays whole, so that its module-scoped server
    and browser context are started on one worker only). In each group the longest module runs
    first; the tests of a module keep their order."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.path.name, []).append(item)
    names = sorted(modules, key=lambda name: (-E2E_SECONDS.get(name, 20), name))
    groups: list[list[str]] = [[] for _ in range(workers)]
    totals = [0] * workers
    for name in names:
        least = totals.index(min(totals))
        groups[least].append(name)
        totals[least] += E2E_SECONDS.get(name, 20)
    return [[item for name in group for item in modules[name]] for group in groups]


def _worksteal_shares(total: int, workers: int) -> list[int]:
    """The sizes of the first shares `--dist worksteal` sends (xdist 3.x, WorkStealingScheduling:
    once every worker has collected, each in turn gets the pending tests // the workers left)."""
    sizes = []
    for left in range(workers, 0, -1):
        sizes.append((total - sum(sizes)) // left)
    return sizes


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `--dist worksteal` with several workers: each worker's share begins with one group of
    the browser tests (`_e2e_groups`), the other tests in their collected order after them. Else
    (one process): the browser modules first, the longest first. The tests run are the same."""
    here = Path(__file__).parent
    mine = [item for item in items if item.path.parent == here]
    if not mine:
        return
    others = [item for item in items if item.path.parent != here]
    worker = getattr(config, "workerinput", {})  # tests/conftest.py: pytest_configure_node
    workers = worker.get("workercount", 1)
    if workers < 2 or worker.get("flightdeck_dist") != "worksteal":
        (ordered,) = _e2e_groups(mine, 1)
        items[:] = ordered + others
        return
    ordered = []
    # One worker fewer than all run browser tests: each that does starts a Chromium and a
    # dashboard server of its own, and the suite is bound by CPU on two cores; the last
    # worker's share is other tests only.
    groups = _e2e_groups(mine, max(workers - 1, 1)) + [[]]
    shares = _worksteal_shares(len(items), workers)
    for group, size in zip(groups[:workers], shares, strict=True):
        rest = max(size - len(group), 0)
        ordered += group + others[:rest]
        del others[:rest]
    ordered += others
    assert len(ordered) == len(items) and set(ordered) == set(items)
    items[:] = ordered


# --- the server --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """A running `flightdeck serve`: where it answers, its store, and its log."""

    base_url: str
    store_root: Path
    log: Path

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @property
    def store(self) -> Store:
        return Store(self.store_root)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(log: Path, lines: int = 40) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(no server log: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    """End the server and the Streamlit process it started (its own process group)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


# The identity headers an authenticating proxy sends, as `--trusted-user-headers` reads them
PROXY_HEADERS = json.dumps({"X-Forwarded-Email": "email", "X-Forwarded-Groups": "groups"})


@contextmanager
def proxied_server(tmp_path_factory, name: str, roles_toml: str) -> Iterator[Server]:
    """`flightdeck serve --trusted-user-headers` on an empty store (the sample is loaded) with
    this roles file: the test plays the proxy, naming the user in each request's headers. Its
    address is 127.0.0.1, the proxy's address the server trusts by default."""
    work = tmp_path_factory.mktemp(name)
    store_root = work / "store"
    store_root.mkdir()
    (store_root / "roles.toml").write_text(roles_toml, encoding="utf-8")
    with running_server(
        work, store_root, args=("--trusted-user-headers", PROXY_HEADERS)
    ) as started:
        yield Server(started.base_url.replace("localhost", "127.0.0.1"), store_root, started.log)


@contextmanager
def running_server(
    work: Path,
    store_root: Path,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """`flightdeck serve --store <store_root> [args]` on a port, healthy on entry, stopped on
    exit; a server that exits or stays silent fails the test with the tail of its log."""
    log = work / "server.log"
    port = port or free_port()
    command = [sys.executable, "-m", "dashboard.cli", "serve"]
    command += ["--store", str(store_root), "--port", str(port), *args]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # so the Streamlit child is stopped with it
        )
    base_url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while not _healthy(base_url):
            if process.poll() is not None:
                pytest.fail(
                    f"`flightdeck serve` exited with status {process.returncode} before it was "
                    f"healthy. Server log ({log}):\n{log_tail(log)}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"`flightdeck serve` did not answer `ok` on {base_url}/_stcore/health within "
                    f"{TIMEOUT_S} s. Server log ({log}):\n{log_tail(log)}"
                )
            time.sleep(0.25)
        yield Server(base_url, store_root, log)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`flightdeck serve --store <empty tmp dir> --port <free port>`: healthy, stopped at end."""
    work = tmp_path_factory.mktemp("e2e-server")
    store_root = work / "store"
    store_root.mkdir()
    with running_server(work, store_root) as started:
        yield started


@pytest.fixture(scope="session")
def cli_metrics(server: Server) -> Callable[..., dict]:
    """`flightdeck metrics --json --store <the server's store> [args]` as a dict (cached)."""
    results: dict[tuple[str, ...], dict] = {}

    def run(*args: str) -> dict:
        if args not in results:
            command = [sys.executable, "-m", "dashboard.cli", "metrics", "--json"]
            command += ["--store", str(server.store_root), *args]
            done = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S
            )
            assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr}"
            results[args] = json.loads(done.stdout)
        return results[args]

    return run


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; the tests fail (not skip) when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


def new_context(browser):
    """A fresh browser context (its own cookies and cache) with the tests' viewport and waits."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-GB")
    context.add_init_script(ACTIVITY_JS)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture(scope="session")
def shared_context(browser):
    """The worker's one browser context for the tests that need no fresh one."""
    context = new_context(browser)
    try:
        yield context
    finally:
        context.close()


def reused_tab(context):
    """The context's first tab, the others closed; a new tab if there is none (a tab whose page
    crashed is closed, so the next test does not inherit the crash)."""
    tabs = [p for p in context.pages if not p.is_closed()]
    for extra in tabs[1:]:
        extra.close()
    if tabs:
        tab = tabs[0]
    else:
        tab = context.new_page()
        tab.on("crash", lambda crashed: crashed.close())
    tab.set_viewport_size(VIEWPORT)
    return tab


@pytest.fixture
def page(shared_context):
    """The worker's shared tab. Each test starts with `open_page`, and every load is a new
    Streamlit session: only the browser (its renderer, compiled scripts and cache) is shared."""
    return reused_tab(shared_context)


@pytest.fixture(scope="session")
def screenshot_dir(request: pytest.FixtureRequest, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("e2e-screenshots")
    request.config.stash[SCREENSHOTS] = path
    return path


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    path = config.stash.get(SCREENSHOTS, None)
    if path is not None:
        terminalreporter.write_line(f"e2e screenshots: {path}")


# --- helpers for tests -------------------------------------------------------------------------


def wait_until_settled(page, timeout_s: float = TIMEOUT_S, settle_s: float = SETTLE_S) -> None:
    """Wait until the script has run and stays finished for `settle_s` with no skeleton left.

    Right after a load the app may rewrite the URL (query parameters) and run again, so one
    `notRunning` is not enough: it must hold. After a user's action, once a run that started
    after it has finished, AFTER_RUN_SETTLE_S is enough (the wait is for the action's run to
    start, and it has)."""
    deadline = time.monotonic() + timeout_s
    stable_since = None
    status: dict = {}
    while time.monotonic() < deadline:
        status = page.evaluate(READY_JS)
        if status["state"] == "notRunning" and status["skeletons"] == 0:
            stable_since = stable_since or time.monotonic()
            quiet = min(settle_s, AFTER_RUN_SETTLE_S) if status["ranAfterInput"] else settle_s
            if time.monotonic() - stable_since >= quiet:
                return
        else:
            stable_since = None
        time.sleep(0.1)
    raise AssertionError(f"{page.url} did not finish running within {timeout_s} s: {status}")


def wait_until_loaded(page) -> None:
    """After a load (`goto`, a redirect): the app is there and has finished drawing the page."""
    page.wait_for_selector("[data-testid='stApp']", state="attached")
    wait_until_settled(page, settle_s=LOAD_SETTLE_S)


def open_page(page, url: str) -> None:
    """Go to `url` and wait until Streamlit has finished drawing it."""
    page.goto(url, wait_until="domcontentloaded")
    wait_until_loaded(page)


def open_expander(page, label: str):
    """Open the expander of the main area whose own heading reads `label` (a reader's click),
    wait for the run that may start, and return it."""
    main = page.get_by_test_id("stMain")
    summary = main.locator("[data-testid='stExpander'] summary").filter(has_text=label).first
    summary.click()
    wait_until_settled(page)
    return summary.locator("xpath=ancestor::*[@data-testid='stExpander'][1]")


def full_page_screenshot(page, path: Path) -> Path:
    """The whole page: Streamlit scrolls inside `stMain`, so grow the viewport to its height."""
    height = page.evaluate(
        "() => { const m = document.querySelector(\"[data-testid='stMain']\");"
        " return m ? m.scrollHeight : document.documentElement.scrollHeight; }"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(height, 900), 16000)})
    try:
        page.evaluate(NEXT_FRAMES_JS)  # the page has laid itself out again for the new size
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(VIEWPORT)
    print(f"screenshot: {path}")
    return path
