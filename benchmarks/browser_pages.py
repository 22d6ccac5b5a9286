"""What a user waits for, in a real browser: each page's first load and a filter change.

    .venv/bin/python benchmarks/browser_pages.py [--size sample|10k|100k|1M] [--runs 3]
        [--role ROLE] [--pages flight-deck,outcomes,...] [--store STORE]

Starts `flightdeck serve` on a fresh store holding the bundled sample (or a synthetic extract of
the given size, or on an existing store: `--store`, e.g. one of 10M crimes ingested once),
opens every page in Debian's Chromium (Playwright, `/usr/bin/chromium`), and for each page
measures, median over `runs`:

- load: from navigation to the page's last change on screen (the script finished and nothing
  redrawn for a second after it);
- change: from choosing a filter in the sidebar (an area, then the rape subgroup: views the page
  has not been asked for) to the page's last change on screen;
- browser CPU: the renderer's main-thread time for that change (Chromium's TaskDuration);
- server CPU: the dashboard process's CPU time for that change.

"Ready" is the time of the last DOM change (a MutationObserver in the page), read after the page
has stayed still for a second; the wait itself is not counted. Prints a table for
docs/performance.md, and the dashboard server's peak memory over the whole run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, extract, group_cpu, group_peak_mb, machine, median  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
QUIET_S = 1.0  # the page must stay unchanged this long after the script ends
# Installed in every document before the app's own scripts: the time of the last DOM change.
WATCH_JS = """
window.__lastChange = 0;
new MutationObserver(() => { window.__lastChange = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
STATE_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return {
        state: app ? app.dataset.testScriptState : null,
        skeletons: document.querySelectorAll("[data-testid='stSkeleton']").length,
        last: window.__lastChange, now: performance.now(),
    };
}"""
# Each measurement of a page: a local authority (a different one each run), then the rape
# subgroup on top: two views that page has not been asked for before (the caches are warm only
# with what other pages shared). The warm-up takes the last authority, which no run uses.
AREAS = ("Newport", "Caerphilly", "Torfaen", "Monmouthshire", "Blaenau Gwent")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, port: int, role: str | None, real: bool = False) -> subprocess.Popen:
    """`flightdeck serve` on `store`; `real`: the store may hold data not proven synthetic (an
    extract ingested without its synth marker), served on this machine without sign-in."""
    args = [sys.executable, "-m", "dashboard.cli", "serve", "--store", str(store)]
    args += ["--port", str(port)]
    if role:
        args += ["--demo-role", role]
    if real:
        args += ["--allow-no-sign-in"]
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.25)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("the dashboard did not start within 120 s")


def settled(page) -> float:
    """Wait until the script has finished and the page has not changed for QUIET_S; return the
    time (page clock, ms) of its last change."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        s = page.evaluate(STATE_JS)
        if (
            s["state"] == "notRunning"
            and not s["skeletons"]
            and s["now"] - s["last"] > QUIET_S * 1e3
        ):
            return s["last"]
        time.sleep(0.05)
    raise SystemExit(f"{page.url} did not settle within 300 s")


def renderer_cpu(cdp) -> float:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "TaskDuration")


def measure_page(browser, base: str, path: str, pgid: int, changes: list) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(f"{base}/{path}", wait_until="commit")
    load_s = settled(page) / 1e3  # the page clock starts at navigation
    measured = []
    for label, value in changes:
        page.get_by_role("combobox", name=label).click()
        page.keyboard.type(value)  # typed, as a user does: the list narrows to the one option
        page.get_by_role("option", name=value, exact=True).wait_for()
        browser_cpu, server_cpu = renderer_cpu(cdp), group_cpu(pgid)
        start = page.evaluate("() => performance.now()")
        page.keyboard.press("Enter")  # chooses it
        time.sleep(0.3)  # the rerun has begun (the script state leaves notRunning)
        end = settled(page)
        if f"{value}" not in page.get_by_role("combobox", name=label).input_value():
            raise SystemExit(f"choosing {value!r} in {label!r} did not take")
        measured.append(
            {
                "change": (end - start) / 1e3,
                "browser": renderer_cpu(cdp) - browser_cpu,
                "server": group_cpu(pgid) - server_cpu,
            }
        )
    context.close()
    return {"load": load_s, **{k: median([m[k] for m in measured]) for k in measured[0]}}


def main() -> None:
    from playwright.sync_api import sync_playwright

    from dashboard.app.shell import PAGE_SECTIONS
    from dashboard.i18n import set_language, t

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="sample", help="sample (bundled), 10k, 100k or 1M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--role", default=None, help="a --demo-role (e.g. scrutiny)")
    parser.add_argument("--pages", default=None, help="url paths, comma-separated")
    parser.add_argument("--store", default=None, help="serve this store (adds audit lines only)")
    args = parser.parse_args()
    set_language("en")
    figures = [p for section in PAGE_SECTIONS.values() for p in section]
    # the default page (the flight deck) answers at "/" only
    paths = [
        "" if default else path
        for _, path, _, default in figures
        if path not in ("upload", "history", "audit")
    ]
    if args.pages:
        paths = args.pages.split(",")
    if args.runs >= len(AREAS):
        parser.error(f"--runs must be less than {len(AREAS)} (one area a run, one for warming up)")
    area, subgroup = t("filter.local_authority"), t("filter.subgroup")

    def changes(run: int) -> list:
        return [(area, AREAS[run]), (subgroup, t("subgroup.rape"))]

    work = Path(tempfile.mkdtemp(prefix="fd-browser-bench-"))
    store = Path(args.store) if args.store else work / "store"
    if args.store:
        args.size = f"store {args.store}"
    elif args.size != "sample":  # the bundled sample is what an empty store loads on serve
        from dashboard.ingest import pipeline
        from dashboard.store.versions import Store
        from dashboard.synth import proof

        pipeline.ingest(Store(store), [extract(args.size)], regenerate=proof.regenerate)
    port = free_port()
    server = start_server(store, port, args.role, real=bool(args.store))
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            base = f"http://localhost:{port}"
            measure_page(browser, base, "", server.pid, changes(-1))  # warm the server
            for path in paths:
                runs = [
                    measure_page(browser, base, path, server.pid, changes(run))
                    for run in range(args.runs)
                ]
                row = {k: median([r[k] for r in runs]) for k in runs[0]}
                rows.append((path or "flight-deck", row))
                print(
                    f"{path or 'flight-deck':16} load {row['load']:5.2f} s  "
                    f"change {row['change']:5.2f} s  browser CPU {row['browser']:5.2f} s  "
                    f"server CPU {row['server']:5.2f} s",
                    flush=True,
                )
            browser.close()
        peak_mb = group_peak_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"{machine()}; size {args.size}; role {args.role or 'no sign-in'}; median of {args.runs}")
    print("| page | first load | filter change | browser CPU (change) | server CPU (change) |")
    print("|---|---|---|---|---|")
    for path, r in rows:
        print(
            f"| {path} | {r['load']:.2f} s | {r['change']:.2f} s | {r['browser']:.2f} s "
            f"| {r['server']:.2f} s |"
        )
    print(f"The dashboard server's peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
