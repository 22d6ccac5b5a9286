"""Who is using the dashboard, as far as the app knows (sign-in comes from Streamlit's st.user)."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t


def signed_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        return False


def user_label() -> str:
    """The signed-in user's e-mail or name; a plain label when nobody is signed in."""
    if signed_in():
        return str(st.user.get("email") or st.user.get("name") or st.user.get("sub"))
    return t("identity.not_signed_in")
