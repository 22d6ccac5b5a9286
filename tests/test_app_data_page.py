"""The data page for the scrutiny role (review defect 4): row counts under disclosure control,
no per-file counts, no uploader, no warnings quoting rows; an analyst still sees all of it.

The store is the data-quality fixture (tables of fewer than 10 rows, two warnings) uploaded by
an e-mail address; it is not synthetic, so the roles come from a real (mocked) sign-in."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app.markdown_text import literal
from dashboard.i18n import t
from dashboard.ingest import pipeline
from dashboard.store.versions import Store
from tests.app_helpers import open_on

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app" / "streamlit_app.py")
FEW = "fewer than 10"
UPLOADER = "ana.lyst@example.police.uk"


def number(value: object) -> float | None:
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def small_numbers(frame: pd.DataFrame) -> list:
    return [
        (c, v)
        for c in frame.columns
        if pd.api.types.is_integer_dtype(frame[c]) and "line" not in str(c).lower()
        for v in frame[c]
        if v < 10
    ]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """The data-quality fixture: tables of fewer than 10 rows, two warnings, an e-mail."""
    s = Store(tmp_path_factory.mktemp("small") / "store")
    fixture = ROOT / "tests" / "fixtures" / "checks" / "extract"
    pipeline.ingest(s, [fixture], uploader=UPLOADER)
    return s


def data_page(store, monkeypatch, tmp_path, role: str) -> AppTest:
    """The data page signed in (the demonstration roles show synthetic data only)."""
    roles_toml = tmp_path / "roles.toml"
    roles_toml.write_text(f'[groups]\n"FlightDeck.{role}" = "{role}"\n', encoding="utf-8")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.setenv("FLIGHTDECK_SIGN_IN", "oidc")
    monkeypatch.setenv("FLIGHTDECK_ROLES", str(roles_toml))
    monkeypatch.delenv("FLIGHTDECK_DEMO_ROLE", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {
        "is_logged_in": True,
        "email": f"{role}@example.police.uk",
        "groups": [f"FlightDeck.{role}"],
    }
    at.query_params["period"], at.query_params["month"] = "month", "2024-06"
    open_on(at, "data")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def test_defect_4_data_page_for_scrutiny(small_store, monkeypatch, tmp_path):
    at = data_page(small_store, monkeypatch, tmp_path, "scrutiny")
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert UPLOADER not in text and literal(UPLOADER) not in text
    files = table_with(at, t("column.file"), t("column.sha256"), t("column.synthetic"))
    assert t("column.rows") not in files.columns  # a file's rows less its table's: set aside
    tables = table_with(at, t("column.table"), t("column.loaded_in"))
    assert set(tables[t("column.rows")]) <= {FEW} | {
        v for v in tables[t("column.rows")] if (number(v) or 0) >= 10
    }
    assert FEW in set(tables[t("column.rows")])
    assert not any(t("column.line") in d.value.columns for d in at.dataframe)  # no warnings
    assert any("warnings" in c.value for c in at.caption)  # but it says there are some
    versions = table_with(at, t("column.version"), t("column.mode"))
    assert t("column.uploader") not in versions.columns
    for d in at.dataframe:
        assert small_numbers(d.value) == []


def test_data_page_for_an_analyst_is_unchanged(small_store, monkeypatch, tmp_path):
    at = data_page(small_store, monkeypatch, tmp_path, "analyst")
    text = " ".join(m.value for m in at.markdown)
    assert literal(UPLOADER) in text  # named as text: a name from sign-in is not Markdown
    warnings = table_with(at, t("column.line"), t("column.value"))
    assert len(warnings) >= 1
    files = table_with(at, t("column.file"), t("column.sha256"))
    assert (files[t("column.rows")] < 10).any()
