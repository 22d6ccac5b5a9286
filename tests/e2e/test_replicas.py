"""Two `flightdeck serve` replicas over one store (docs/replicas.md): an analyst's ingest into
the store is served by both at their next page load, and a reader polling the store's current
version while the ingest runs never finds one that is half written."""

from __future__ import annotations

import subprocess
import sys
import threading

from dashboard.settings import ROOT
from dashboard.store.versions import Store, StoreError
from tests.app_helpers import load_sample
from tests.fixture_store import SMALL

from .conftest import TIMEOUT_S, new_context, open_page, running_server


def _shown_version(page) -> str:
    """The version id a page's footer names ("Data version v0001, as at …")."""
    footer = page.get_by_text("Data version ", exact=False).last.inner_text()
    return footer.split("Data version ", 1)[1].split(",", 1)[0]


def test_an_ingest_through_one_replica_is_served_by_both_never_half_written(browser, tmp_path):
    store = load_sample(tmp_path / "store")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    # The analyst ingests real (not synthetic) data: the replicas are started as a force without
    # sign-in yet would start them
    serve = ("--allow-no-sign-in",)
    with (
        running_server(tmp_path / "a", store.root, args=serve) as a,
        running_server(tmp_path / "b", store.root, args=serve) as b,
    ):
        context = new_context(browser)
        page = context.new_page()
        for replica in (a, b):
            open_page(page, replica.url("/definitions"))
            assert _shown_version(page) == "v0001"

        # a reader polls the current version as every run of either replica reads it
        seen: list[str] = []
        broken: list[str] = []
        done = threading.Event()

        def poll() -> None:
            reader = Store(store.root)
            while not done.is_set():
                try:
                    current = reader.current()  # the manifest and every table file checked
                except StoreError as exc:
                    broken.append(str(exc))
                    continue
                seen.append(current[0] if current else "none")
                done.wait(0.005)

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            ingest = subprocess.run(
                [sys.executable, "-m", "dashboard.cli", "ingest", str(SMALL)]
                + ["--store", str(store.root), "--mode", "upsert"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
            )
        finally:
            done.set()
            poller.join()
        assert ingest.returncode == 0, ingest.stderr
        assert not broken, broken[:3]
        assert seen[0] == "v0001" and seen[-1] == "v0002"
        assert set(seen) == {"v0001", "v0002"}
        switched = seen.index("v0002")
        assert set(seen[switched:]) == {"v0002"}  # once switched, never back

        for replica in (a, b):  # each replica's next page load: the new version
            open_page(page, replica.url("/definitions"))
            assert _shown_version(page) == "v0002"
        context.close()
