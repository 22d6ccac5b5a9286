"""The data version and view of the current run, handed from the shell to the page scripts."""

from __future__ import annotations

import streamlit as st

from dashboard.app.data_access import DataVersion
from dashboard.app.view_state import ViewState

_KEY = "_flightdeck_context"


def set_context(view: DataVersion, state: ViewState) -> None:
    st.session_state[_KEY] = (view, state)


def context() -> tuple[DataVersion, ViewState]:
    """(data version, view) for the page being drawn."""
    return st.session_state[_KEY]
