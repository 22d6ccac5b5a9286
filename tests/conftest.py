"""Test-wide settings.

Every `AppTest` run starts by scanning every installed distribution's metadata for Streamlit
"v2" components (`streamlit.components.v2.manifest_scanner.scan_component_manifests`): about a
quarter of a second each time, in every one of the suite's hundreds of AppTest sessions, for a
result that cannot change while the tests run (nothing is installed meanwhile, and the
dashboard uses no v2 component). The scan is done once per test process instead.
"""

from __future__ import annotations

import functools

import pytest
from streamlit.components.v2 import manifest_scanner

manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests
)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """(pytest-xdist, in the controlling process) Tell each worker how the tests are shared out:
    a worker's own options say `--dist no`. The browser tests' order depends on it
    (tests/e2e/conftest.py)."""
    node.workerinput["flightdeck_dist"] = node.config.getoption("dist")
