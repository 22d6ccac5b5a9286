"""Caches stay bounded: once a store's current version changes, the old version's cached figures
and its DuckDB engine are released (`dashboard.app.version_lifetime`), but not under a run that
is still drawing from it; the pages then serve the new version's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import periods
from dashboard.app import data_access, version_lifetime
from dashboard.figures import engine
from dashboard.figures import request as figures
from dashboard.figures.disruption import DEFAULT_RULE
from dashboard.filters import Filters
from dashboard.ingest import pipeline
from dashboard.store.versions import Store
from tests.app_helpers import (
    SAMPLE,
    app,
    captions,
    serve_without_sign_in,
    shown_tiles,
)
from tests.fixture_store import SMALL

FORCE = version_lifetime.FORCE


def _ingest(store: Store, source: Path, **options) -> str:
    version, upload = pipeline.ingest(store, [source], uploader="tests", **options)
    assert not upload.report.has_errors, upload.report.as_text()
    return version


def _drawn(at) -> None:
    """The run raised nothing and drew the flight deck's tiles (the one error box allowed is
    the red banner of real data served without sign-in)."""
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) <= 1, [e.value for e in at.error]
    assert at.metric, "no tiles drawn"


def _footer_version(at) -> str:
    """The version id the page's footer names."""
    footers = [c for c in captions(at) if "Version" in c or "version" in c]
    assert footers, captions(at)
    return footers[-1]


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    """A store holding the hand-made fixture (v0001), served as with --allow-no-sign-in."""
    s = Store(tmp_path / "store")
    _ingest(s, SMALL)
    serve_without_sign_in(monkeypatch, s)
    return s


def test_an_ingest_releases_the_old_versions_engine_and_cache_entries(store, monkeypatch):
    root = str(store.root.resolve())
    first = app().run()
    _drawn(first)
    assert engine.cached_versions(root) == ["v0001"]
    assert version_lifetime.remembered(FORCE, root).get("v0001", 0) > 0
    old_tiles = shown_tiles(first)
    assert "v0001" in _footer_version(first)

    # an analyst ingests the bundled sample: v0002 becomes current (another process could
    # have done it: the pointer is read afresh on every run)
    assert _ingest(store, SAMPLE, allow_shrink=True) == "v0002"
    second = app().run()
    _drawn(second)
    assert "v0002" in _footer_version(second)
    assert engine.cached_versions(root) == ["v0002"]
    remembered = version_lifetime.remembered(FORCE, root)
    assert "v0001" not in remembered and remembered["v0002"] > 0
    new_tiles = shown_tiles(second)
    assert new_tiles != old_tiles  # the sample's figures, not the fixture's

    # Streamlit's cache itself let go of v0001's figures: asking again computes them again,
    # while v0002's are still served from the cache
    computed = []
    real = figures.kpis
    monkeypatch.setattr(figures, "kpis", lambda request: computed.append(request) or real(request))
    year = periods.financial_year(2024)
    for version in ("v0001", "v0002"):
        data_access._kpis(data_access.Request(root, version, year, Filters(), DEFAULT_RULE))
    assert [r.version for r in computed] == ["v0001"]


def test_a_run_still_drawing_from_the_old_version_keeps_it_until_it_ends(store):
    root = str(store.root.resolve())
    app().run()
    assert engine.cached_versions(root) == ["v0001"]
    with version_lifetime.running(root, "v0001"):  # a run that read v0001 is still drawing
        assert _ingest(store, SAMPLE, allow_shrink=True) == "v0002"
        _drawn(app().run())  # another session's run sees v0002
        assert engine.cached_versions(root) == ["v0001", "v0002"]
        assert version_lifetime.remembered(FORCE, root).get("v0001", 0) > 0
    # the last run on v0001 has ended: released
    assert engine.cached_versions(root) == ["v0002"]
    assert "v0001" not in version_lifetime.remembered(FORCE, root)


def test_a_run_that_read_the_pointer_just_before_it_moved_is_released_when_it_ends(store):
    root = str(store.root.resolve())
    version_lifetime.seen_current(FORCE, root, "v0001")
    assert _ingest(store, SAMPLE, allow_shrink=True) == "v0002"
    version_lifetime.seen_current(FORCE, root, "v0002")  # another session saw the change
    with version_lifetime.running(root, "v0001"):  # this run read v0001 a moment before
        engine.engine_for(store.version_dir("v0001"), "v0001")
        assert "v0001" in engine.cached_versions(root)
    assert "v0001" not in engine.cached_versions(root)


def test_a_rollback_releases_the_version_rolled_back_from(store):
    root = str(store.root.resolve())
    _ingest(store, SAMPLE, allow_shrink=True)
    assert "v0002" in _footer_version(app().run())
    assert engine.cached_versions(root) == ["v0002"]
    store.rollback("v0001")
    at = app().run()
    _drawn(at)
    assert "v0001" in _footer_version(at)
    assert engine.cached_versions(root) == ["v0001"]
    assert "v0002" not in version_lifetime.remembered(FORCE, root)
