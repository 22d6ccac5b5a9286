"""`flightdeck serve` becomes the Streamlit server: a SIGTERM to the process a service manager
started stops the dashboard, and nothing is left holding the port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from dashboard.settings import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return answer.read() == b"ok"
    except OSError:
        return False


def test_sigterm_to_serve_stops_the_dashboard(tmp_path):
    port = free_port()
    url = f"http://localhost:{port}"
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--store", str(tmp_path / "s")]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not healthy(url):
            assert process.poll() is None, "serve exited before it was healthy"
            assert time.monotonic() < deadline, "serve never became healthy"
            time.sleep(0.5)
        process.send_signal(signal.SIGTERM)  # to that one process, as systemd would
        process.wait(timeout=30)
        assert not healthy(url), "something still answers on the port"
    finally:  # whatever happened, nothing of this test's outlives it
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
