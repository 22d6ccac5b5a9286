"""This session's identity, sign-in and audit trail, for the app shell and the data functions.

The identity comes from the way `flightdeck serve` started the app (`settings`: sign-in mode,
demo role) and the signed-in user's claims; roles come from the roles file.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import settings
from dashboard.access import audit, roles, signed_out
from dashboard.access.roles import Identity
from dashboard.app.markdown_text import literal
from dashboard.i18n import t

_KEY = "_flightdeck_identity"
log_ = logging.getLogger("flightdeck")


def session_id() -> str | None:
    """The id of the running Streamlit session (None outside a script run): audit lines name it."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.session_id


def sign_in_mode() -> str:
    return settings.current().sign_in


def _claims(store_root: str) -> dict:
    """The signed-in user's claims; none for a cookie whose session signed out (the guard drops
    such cookies before Streamlit reads them; this holds where no guard runs)."""
    if signed_out.is_signed_out(store_root, sign_in_cookie()):
        return {}
    try:
        return st.user.to_dict()
    except (AttributeError, KeyError):
        return {}


def sign_in_cookie() -> str | None:
    """The fingerprint of this session's sign-in cookie (`access.signed_out`), if it has one."""
    try:
        return signed_out.fingerprint(dict(st.context.cookies))
    except Exception:  # noqa: BLE001 (no request context, as in some tests: no cookie)
        return None


def intended_page() -> str | None:
    """The page address the browser asked for (`/audit` -> "audit"), before navigation chose
    what to draw: a page this identity may not open is drawn as the default page instead."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    name = None if ctx is None else ctx.pages_manager.intended_page_name
    return name.strip("/") or None if isinstance(name, str) else None


def log_denied_page(store_root: str, identity: Identity, shown: str | None) -> None:
    """An audit line, once per session and address, when the address asked for names a page
    this identity may not open (or no page at all) and another page is drawn instead."""
    asked = intended_page()
    if not asked or asked == shown or roles.page_allowed(identity, asked):
        return
    seen = st.session_state.setdefault("_denied_pages", set())
    if asked in seen:
        return
    log(store_root).access_denied(
        identity, session_id(), page=asked[:100], capability=roles.page_capability(asked)
    )
    seen.add(asked)


def session_identity(store_root: str) -> Identity | None:
    """Who this session is; None (after drawing the sign-in or no-access page) when nobody may
    see anything yet."""
    try:
        config = roles.config_for_store(store_root)
    except roles.RolesConfigError as exc:  # the detail names server paths: for the log only
        log_.error("roles file: %s", exc)
        st.error(t("access.roles_file_broken"), icon=":material/error:")
        return None
    mode = sign_in_mode()
    identity = roles.identity_for(mode, _claims(store_root), config, settings.current().demo_role)
    if mode == "oidc" and not identity.signed_in:
        st.title(t("app.title"))
        st.markdown(t("access.sign_in_prompt"))
        if st.button(t("access.sign_in"), type="primary"):
            st.login()
        return None
    if not st.session_state.get("_signed_in_logged"):  # refused users too: who tried, when
        method = "demo" if settings.current().demo_role else mode
        log(store_root).sign_in(identity, session_id(), method=method)
        st.session_state["_signed_in_logged"] = True
    if not identity.roles:
        if not st.session_state.get("_refusal_logged"):
            log(store_root).access_denied(identity, session_id(), capability="view_aggregates")
            st.session_state["_refusal_logged"] = True
        st.title(t("app.title"))
        message = roles.no_access_message(identity, config, shown=literal)
        st.warning(message, icon=":material/lock:")
        _sign_out_button(identity, store_root)
        return None
    st.session_state[_KEY] = identity
    return identity


def serving_refusal(synthetic: bool) -> str | None:
    """Why the current data may not be shown the way the app was started, else None.

    Checked on every run, not only by `flightdeck serve` at start-up: an ingest while the
    dashboard serves can replace the synthetic demo data with real data.
    """
    if sign_in_mode() != "none" or synthetic:
        return None
    if settings.current().demo_role:
        return t("access.demo_needs_synthetic")
    if settings.current().no_sign_in_accepted:
        return None
    return t("access.real_data_needs_sign_in")


def current() -> Identity:
    """The identity of the session being drawn (anonymous, with no roles, outside one)."""
    return st.session_state.get(_KEY, roles.ANONYMOUS)


def user_label() -> str:
    """This session's user as the access layer resolved them (OpenID Connect, the proxy's
    headers, or a demo role), for the versions they make (manifest `uploader`); a plain label
    when nobody is signed in."""
    user = current().user
    if user is None or user == roles.open_identity().user:
        return t("identity.not_signed_in")
    return user


def log(store_root: str) -> audit.AuditLog:
    return audit.AuditLog(store_root)


def sidebar_status(identity: Identity, store_root: str) -> None:
    """Who is signed in with which roles, and the sign-out button."""
    names = ", ".join(t(f"role.{r}") for r in sorted(identity.roles)) or t("access.no_role_held")
    st.sidebar.caption(t("access.your_roles", roles=names))
    _sign_out_button(identity, store_root)


def _sign_out_button(identity: Identity, store_root: str) -> None:
    if sign_in_mode() == "oidc" and identity.signed_in:
        if st.sidebar.button(t("access.sign_out"), key="sign_out"):
            log(store_root).sign_out(identity, session_id())
            cookie = sign_in_cookie()
            if cookie is not None:  # the cookie stops working here too, wherever copies went
                try:
                    signed_out.record(store_root, cookie)
                except signed_out.SignOutNotRecorded as exc:  # signed out in this browser only
                    log_.error("sign-out of %s not recorded on the server: %s", identity.user, exc)
            st.logout()


def banners(synthetic: bool) -> None:
    """Red banner when real data is served with no sign-in; notice for a demo role."""
    if settings.current().no_sign_in_accepted and not synthetic:
        st.error(t("access.no_sign_in_banner"), icon=":material/warning:")
    if role := settings.current().demo_role:
        st.info(t("access.demo_role", role=t(f"role.{role}")), icon=":material/theater_comedy:")


def log_page_view(store_root: str, page: str, state, version: str) -> None:
    """One audit line per page, period and filters shown (not per rerun)."""
    st.session_state["_page"] = page  # downloads name the page they came from
    seen = (page, state.period, state.filters, version)
    if st.session_state.get("_last_page_view") == seen:
        return
    log(store_root).page_view(
        current(),
        session_id(),
        page=page,
        period=state.period,
        filters=state.filters,
        version=version,
    )
    st.session_state["_last_page_view"] = seen
