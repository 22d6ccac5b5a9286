"""Load a hand-made fixture extract through the real ingest path; return its version directory.

The fixture CSVs are written in the canonical form (ISO dates, canonical codes, GSS codes), and
they go through exactly the code an analyst's upload goes through: contract, parser, store.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.ingest import pipeline
from dashboard.store.versions import Store

SMALL = Path(__file__).parent / "fixtures" / "small"


def load_fixture(tmp_path: Path, source: Path = SMALL) -> Path:
    """Ingest `source` into a fresh store under `tmp_path`; return the new version's directory."""
    store = Store(Path(tmp_path) / "fixture-store")
    version, upload = pipeline.ingest(store, [source], uploader="tests")
    assert not upload.report.has_errors, upload.report.as_text()
    return store.version_dir(version)
