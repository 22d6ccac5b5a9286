"""Every FLIGHTDECK_* setting is read in dashboard/settings.py: defaults, checked values, and a
fallback (never an error) for a value that cannot be used."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard import settings
from dashboard.settings import (
    DEFAULT_ROUNDING_BASE,
    DEFAULT_THRESHOLD,
    ROOT,
    ROUNDING_ENV,
    THRESHOLD_ENV,
    from_environ,
)


def test_an_empty_environment_gives_the_defaults():
    s = from_environ({})
    assert s.store == Path("store")
    assert s.secrets == ROOT / ".streamlit" / "secrets.toml"
    assert s.roles_file is None
    assert (s.suppression_threshold, s.rounding_base) == (10, 5)
    assert (s.sign_in, s.demo_role, s.no_sign_in_accepted) == ("none", None, False)
    assert s.test_pause_at is None


@pytest.mark.parametrize(
    "raw, value", [("5", 5), (" 20 ", 20), ("1", 1), ("", None), ("0", None), ("-3", None),
                   ("ten", None), ("7.5", None), ("1e3", None), ("²", None), ("٣", None)]
)  # fmt: skip
def test_threshold_and_rounding_base_are_whole_numbers_of_one_or_more(raw, value):
    s = from_environ({THRESHOLD_ENV: raw, ROUNDING_ENV: raw})
    assert s.suppression_threshold == (value or DEFAULT_THRESHOLD)
    assert s.rounding_base == (value or DEFAULT_ROUNDING_BASE)


def test_an_unknown_sign_in_mode_is_none():
    assert from_environ({"FLIGHTDECK_SIGN_IN": "oidc"}).sign_in == "oidc"
    assert from_environ({"FLIGHTDECK_SIGN_IN": "magic"}).sign_in == "none"


def test_current_follows_a_changed_environment(monkeypatch):
    monkeypatch.setenv("FLIGHTDECK_STORE", "/tmp/one")
    assert settings.current().store == Path("/tmp/one")
    monkeypatch.setenv("FLIGHTDECK_STORE", "/tmp/two")
    assert settings.default_store() == Path("/tmp/two")


def test_no_other_module_reads_the_environment():
    package = ROOT / "dashboard"
    readers = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "settings.py" and path.parent == package:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == [], "read FLIGHTDECK_* settings through dashboard.settings"
