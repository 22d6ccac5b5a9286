"""The data version and view of the current run, handed from the shell to the page scripts."""

from __future__ import annotations

import streamlit as st

from dashboard.app.data_access import DataVersion
from dashboard.app.view_state import ViewState

_KEY = "_flightdeck_context"
_UNREADABLE = "_flightdeck_unreadable"


def set_context(view: DataVersion, state: ViewState) -> None:
    st.session_state[_KEY] = (view, state)


def context() -> tuple[DataVersion, ViewState]:
    """(data version, view) for the page being drawn."""
    return st.session_state[_KEY]


def set_unreadable_context(store_root: str, version_id: str) -> None:
    """For the Versions page drawn while the current version cannot be read."""
    st.session_state[_UNREADABLE] = (store_root, version_id)


def unreadable_context() -> tuple[str, str]:
    """(store root, id of the current version that cannot be read)."""
    return st.session_state[_UNREADABLE]
