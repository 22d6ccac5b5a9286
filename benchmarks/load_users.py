"""Many users at once: N browser sessions on the flight deck while an analyst ingests.

    .venv/bin/python benchmarks/load_users.py [--users 10,25,50] [--changes 6]
        [--size sample|10k|100k|1M] [--next 10k] [--browsers N]

For each N: a fresh store holding the bundled sample (or a synthetic extract of `--size`),
`flightdeck serve` on it, and N sessions in one Chromium (a Playwright context each, driven at
once with Playwright's async API). Each session opens the flight deck, then makes `--changes`
changes in the sidebar in turn (a financial year, an area, the rape subgroup, back to every
area, ...), each time waiting until the page is ready. When every session has loaded its first
page, an analyst ingests another extract (`flightdeck ingest` of a synthetic extract of
`--next`, seed 12, in a separate process) while the sessions carry on; at the end each session
loads the page again and must show the new version.

With `--browsers K` (fewer than N), only K sessions are browsers; the other N - K make the same
steps through Streamlit's own messages (`message_sessions.py`: the app's websocket, no drawing),
so that N users' browsers do not take the cores the server is measured on (on a 2-core machine,
50 Chromium contexts took nine tenths of the CPU: docs/performance.md). Their times are the
server's: from asking for the page to its last message.

Reported per N:

- errors (must be 0): a Streamlit exception box, an error box, a page not ready within the
  timeout, an HTTP status of 400 or more or a failed request, a session not on the new version
  at the end;
- page-ready time, p50 and p95 over every load and change of every session: from the action
  (navigation, or the key press that chooses an option) to the page's last change on screen,
  as in `browser_pages.py` (the script finished, no skeleton, nothing redrawn for a second;
  that second is not counted);
- the server's peak memory: the resident set of every process of the server's process group,
  summed, sampled every 0.2 s;
- with `--browsers`: the message sessions' times, p50 and p95 (the server's answer, whole);
- the CPU the machine was busy over the run, and the dashboard server's share of it;
- the ingest's own time, and the versions the sessions saw;
- requests the browser itself cancelled (`net::ERR_ABORTED`: a navigation leaving a page while
  its favicon loads), which are not errors of the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_pages import (  # noqa: E402
    CHROMIUM,
    QUIET_S,
    STATE_JS,
    WATCH_JS,
    free_port,
    start_server,
)
from common import ROOT, SIZES, busy_cpu, group_cpu, group_rss_mb, machine  # noqa: E402
from message_sessions import MessageSession, version_named  # noqa: E402

READY_TIMEOUT_S = 180
ERROR_JS = """() => ({
    exceptions: document.querySelectorAll("[data-testid='stException']").length,
    errors: document.querySelectorAll("[data-testid='stAlertContentError']").length,
    footer: Array.from(document.querySelectorAll("[data-testid='stCaptionContainer']"))
        .map(e => e.innerText).filter(t => t.includes("Data version")).pop() || "",
})"""


@dataclass
class Session:
    """One user's run: its ready times, its errors, the versions its pages named."""

    ready: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    aborted: int = 0
    stopped: bool = False  # its run ended at an error


async def sample_memory(pgid: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], group_rss_mb(pgid))
        await asyncio.sleep(0.2)


class NotReady(Exception):
    """A page not ready within READY_TIMEOUT_S: the session's run ends there (its later steps
    would only count the same failure again)."""


async def ready_after(page, start: float, session: Session, what: str) -> None:
    """Wait until the page is ready; note the time since `start` (page clock, ms), any error
    box on it and the version its footer names. Raises NotReady after READY_TIMEOUT_S."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        s = await page.evaluate(STATE_JS)
        if (
            s["state"] == "notRunning"
            and not s["skeletons"]
            and s["now"] - s["last"] > QUIET_S * 1e3
        ):
            session.ready.append((s["last"] - start) / 1e3)
            shown = await page.evaluate(ERROR_JS)
            if shown["exceptions"] or shown["errors"]:
                session.errors.append(f"{what}: an error on the page")
            session.versions.append(version_named(shown["footer"]))
            return
        await asyncio.sleep(0.1)
    raise NotReady(f"{what}: not ready within {READY_TIMEOUT_S} s")


async def choose(page, label: str, value: str, session: Session) -> None:
    """Choose `value` in the sidebar's `label` as a user does (typed, then Enter)."""
    box = page.get_by_role("combobox", name=label)
    await box.click(timeout=READY_TIMEOUT_S * 1000)  # the same wait as for a page
    await page.keyboard.type(value)
    option = page.get_by_role("option", name=value, exact=True)
    await option.wait_for(timeout=READY_TIMEOUT_S * 1000)
    start = await page.evaluate("() => performance.now()")
    await page.keyboard.press("Enter")
    await asyncio.sleep(0.3)  # the rerun has begun
    await ready_after(page, start, session, f"{label} = {value}")


@dataclass
class Crowd:
    """What the sessions of one run share: how many there are, how many have loaded their first
    page (`loaded` is set when all have, or one has failed), and whether the analyst's ingest
    has finished (`go_on`)."""

    users: int
    loaded: asyncio.Event = field(default_factory=asyncio.Event)
    go_on: asyncio.Event = field(default_factory=asyncio.Event)
    arrived: int = 0

    def first_page_loaded(self) -> None:
        self.arrived += 1
        if self.arrived == self.users:
            self.loaded.set()

    def stopped(self, session: Session, error: str) -> None:
        """A session's run ends at its first error (the others do not wait for it)."""
        session.errors.append(error)
        session.stopped = True
        self.loaded.set()


def failure(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


async def user(browser, base: str, steps: list, crowd: Crowd, session: Session) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    await context.add_init_script(WATCH_JS)
    page = await context.new_page()

    def on_response(response) -> None:
        if response.status >= 400:
            session.errors.append(f"HTTP {response.status} {response.url}")

    page.on("response", on_response)

    def on_failed(request) -> None:
        # a request the browser itself cancels (a navigation leaving the page while the
        # favicon loads) is not the server's failure: counted apart, as `aborted`
        if request.failure == "net::ERR_ABORTED":
            session.aborted += 1
        else:
            session.errors.append(f"request failed ({request.failure}) {request.url}")

    page.on("requestfailed", on_failed)
    try:
        await page.goto(base, wait_until="commit", timeout=READY_TIMEOUT_S * 1000)
        await ready_after(page, 0.0, session, "first load")
        crowd.first_page_loaded()
        await crowd.loaded.wait()
        for label, value in steps:
            await choose(page, label, value, session)
        await crowd.go_on.wait()  # the ingest has finished: a fresh load shows the new version
        await page.goto(base, wait_until="commit", timeout=READY_TIMEOUT_S * 1000)
        await ready_after(page, 0.0, session, "load after the ingest")
    except NotReady as exc:
        crowd.stopped(session, str(exc))
    except Exception as exc:  # noqa: BLE001 (a Playwright timeout or a closed page: an error)
        crowd.stopped(session, failure(exc))
    finally:
        await context.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def message_user(base: str, steps: list, crowd: Crowd, session: Session) -> None:
    """One user driven through Streamlit's messages (`message_sessions`): the same steps as a
    browser's, each timed to the server's last message of the page, nothing drawn."""
    connection = MessageSession(base, READY_TIMEOUT_S)

    def seen(what: str, seconds: float) -> None:
        session.ready.append(seconds)
        if connection.page.exceptions or connection.page.errors:
            session.errors.append(f"{what}: an error on the page")
        session.versions.append(connection.page.version)

    try:
        seen("first load", await connection.open())
        crowd.first_page_loaded()
        await crowd.loaded.wait()
        for label, value in steps:
            seen(f"{label} = {value}", await connection.choose(label, value))
        await crowd.go_on.wait()
        seen("load after the ingest", await connection.open())
    except TimeoutError:
        crowd.stopped(session, f"not ready within {READY_TIMEOUT_S} s")
    except Exception as exc:  # noqa: BLE001 (a closed connection, a missing widget: an error)
        crowd.stopped(session, failure(exc))
    finally:
        await connection.close()


async def run(users: int, changes: int, size: str, next_size: str, browsers: int) -> dict:
    from playwright.async_api import async_playwright

    from dashboard import periods
    from dashboard.i18n import set_language, t

    set_language("en")
    area, subgroup, fy = (
        t("filter.local_authority"),
        t("filter.subgroup"),
        t("sidebar.financial_year"),
    )
    cycle = [
        (fy, periods.financial_year_label(2023)),
        (area, "Newport"),
        (subgroup, t("subgroup.rape")),
        (area, "Caerphilly"),
        (fy, periods.financial_year_label(2022)),
        (subgroup, t("filter.all")),
    ]
    steps = [cycle[i % len(cycle)] for i in range(changes)]
    work = Path(tempfile.mkdtemp(prefix="fd-load-users-"))
    store = work / "store"
    if size != "sample":
        from common import extract

        from dashboard.ingest import pipeline
        from dashboard.store.versions import Store
        from dashboard.synth import proof

        pipeline.ingest(Store(store), [extract(size)], regenerate=proof.regenerate)
    following = work / "next"
    from dashboard.synth import generator

    generator.generate(following, crimes=SIZES[next_size], seed=12)
    port = free_port()
    server = start_server(store, port, None)
    base = f"http://localhost:{port}"
    browsers = min(browsers, users)
    sessions = [Session() for _ in range(users)]  # the browsers' first, then the messages'
    by_browser, by_message = sessions[:browsers], sessions[browsers:]
    peak = [0.0]
    stop = asyncio.Event()
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            memory = asyncio.create_task(sample_memory(server.pid, peak, stop))
            busy_before, server_before = busy_cpu(), group_cpu(server.pid)
            crowd = Crowd(users)
            started = time.perf_counter()
            tasks = [
                asyncio.create_task(user(browser, base, steps, crowd, s)) for s in by_browser
            ] + [asyncio.create_task(message_user(base, steps, crowd, s)) for s in by_message]
            await crowd.loaded.wait()
            ingest_start = time.perf_counter()
            analyst = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "dashboard.cli",
                "ingest",
                str(following),
                "--store",
                str(store),
                "--allow-shrink",
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            _, err = await analyst.communicate()
            ingest_s = time.perf_counter() - ingest_start
            if analyst.returncode != 0:
                raise SystemExit(f"the analyst's ingest failed: {err.decode()[-2000:]}")
            crowd.go_on.set()
            await asyncio.gather(*tasks)
            wall = time.perf_counter() - started
            busy, server_cpu = busy_cpu() - busy_before, group_cpu(server.pid) - server_before
            stop.set()
            await memory
            await browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    for s in sessions:  # the store held v0001; the analyst's ingest made v0002
        if s.versions and not s.stopped and s.versions[-1] != "v0002":
            s.errors.append(f"the last page showed {s.versions[-1]!r}, not the new version v0002")
    ready = [r for s in by_browser for r in s.ready]
    answered = [r for s in by_message for r in s.ready]
    errors = [e for s in sessions for e in s.errors]
    seen = sorted({v for s in sessions for v in s.versions})
    return {
        "users": users,
        "pages": len(ready),
        "errors": errors,
        "p50": statistics.median(ready) if ready else float("nan"),
        "p95": percentile(ready, 0.95) if ready else float("nan"),
        "browsers": browsers,
        "answered": len(answered),
        "server_p50": statistics.median(answered) if answered else float("nan"),
        "server_p95": percentile(answered, 0.95) if answered else float("nan"),
        "peak_mb": peak[0],
        "ingest_s": ingest_s,
        "wall_s": wall,
        "versions": seen,
        "aborted": sum(s.aborted for s in sessions),
        "failed_sessions": sum(bool(s.errors) for s in sessions),
        "busy_cpu": busy,
        "server_cpu": server_cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="10,25,50", help="session counts, comma-separated")
    parser.add_argument("--changes", type=int, default=6, help="sidebar changes per session")
    parser.add_argument("--size", default="sample", help="sample (bundled), 10k, 100k or 1M")
    parser.add_argument(
        "--next", default="10k", help="the extract ingested midway: 10k, 100k or 1M"
    )
    parser.add_argument(
        "--browsers",
        type=int,
        default=None,
        help="browser sessions among the users (default: all); the rest by messages",
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.users.split(",")]
    if args.next not in SIZES:
        parser.error(f"--next must be one of {', '.join(SIZES)}")
    rows = []
    for users in counts:
        load = os.getloadavg()[0]
        browsers = users if args.browsers is None else args.browsers
        row = asyncio.run(run(users, args.changes, args.size, args.next, browsers))
        row["load"] = load
        rows.append(row)
        print(
            f"{users:3} users: {row['pages']} pages, {len(row['errors'])} errors, "
            f"p50 {row['p50']:.2f} s, p95 {row['p95']:.2f} s, peak {row['peak_mb']:.0f} MB, "
            f"ingest {row['ingest_s']:.1f} s, wall {row['wall_s']:.0f} s, "
            f"versions {','.join(row['versions'])}, {row['aborted']} requests cancelled by the "
            f"browser, load average before {load:.1f}",
            flush=True,
        )
        if row["browsers"] < users:
            print(
                f"    {row['browsers']} browsers (pages ready above); {users - row['browsers']} "
                f"sessions by messages: {row['answered']} pages answered, p50 "
                f"{row['server_p50']:.2f} s, p95 {row['server_p95']:.2f} s",
                flush=True,
            )
        print(
            f"    {row['failed_sessions']} sessions with an error; CPU over the run: "
            f"{row['busy_cpu']:.0f} s busy on the machine, of which the dashboard server "
            f"{row['server_cpu']:.0f} s (the rest: the sessions' Chromium, Playwright, the ingest)",
            flush=True,
        )
        kinds = Counter(error.split(": ", 1)[-1] for error in row["errors"])
        for kind, count in kinds.most_common(10):
            print(f"    {count} x {kind}", flush=True)
    print()
    print(
        f"{machine()}; data {args.size}, then {args.next} ingested midway; "
        f"{args.changes} changes a session"
    )
    print(
        "| users | browsers | pages ready | errors | p50 ready | p95 ready | pages answered by "
        "messages | p50 answered | p95 answered | server CPU of busy CPU | server peak memory | "
        "ingest meanwhile | load average before |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['users']} | {r['browsers']} | {r['pages']} | {len(r['errors'])} "
            f"| {r['p50']:.2f} s | {r['p95']:.2f} s | {r['answered']} "
            f"| {r['server_p50']:.2f} s | {r['server_p95']:.2f} s "
            f"| {r['server_cpu']:.0f} s of {r['busy_cpu']:.0f} s | {r['peak_mb']:.0f} MB "
            f"| {r['ingest_s']:.1f} s | {r['load']:.1f} |"
        )
    if any(r["errors"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
