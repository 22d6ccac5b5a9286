"""The dashboard's frame: page config, data version, sidebar view, navigation, footer, errors."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import streamlit as st

from dashboard.access import audit, roles
from dashboard.app import components, data_access, language, session, version_lifetime
from dashboard.app.context import set_context, set_unreadable_context
from dashboard.app.sidebar import view_from_sidebar
from dashboard.i18n import set_language, t
from dashboard.settings import ROOT
from dashboard.store.versions import UnreadableVersion

PAGES = ROOT / "dashboard" / "app" / "app_pages"
log = logging.getLogger("flightdeck")

# section key -> (file, url path, title key, default)
PAGE_SECTIONS = {
    "nav.figures": (
        ("flight_deck.py", "flight-deck", "page.flight_deck", True),
        ("outcomes.py", "outcomes", "page.outcomes", False),
        ("signals.py", "signals", "page.signals", False),
        ("problem_profile.py", "problem-profile", "page.problem_profile", False),
        ("comparison.py", "comparison", "page.comparison", False),
    ),
    "nav.disruption": (
        ("suspects.py", "suspects", "page.suspects", False),
        ("bail_breaches.py", "bail-breaches", "page.bail_breaches", False),
        ("orders.py", "orders", "page.orders", False),
        ("s63g.py", "s63g", "page.s63g", False),
        ("training.py", "training", "page.training", False),
    ),
    "nav.data": (
        ("data.py", "data", "page.data", False),
        ("data_quality.py", "data-quality", "page.data_quality", False),
        ("definitions.py", "definitions", "page.definitions", False),
        ("glossary.py", "glossary", "page.glossary", False),
    ),
    "nav.analysts": (
        ("upload.py", "upload", "page.upload", False),
        ("history.py", "history", "page.history", False),
        ("audit.py", "audit", "page.audit", False),
    ),
}


# role -> the sections it works in most, first in its menu (the others keep their order)
ROLE_SECTIONS_FIRST = {"analyst": ("nav.analysts",)}


def section_order(identity: roles.Identity) -> list[str]:
    """The menu's sections for this identity: its role's own first (an analyst's Upload,
    Versions and Audit at the top, never below a long list of figures), then the others."""
    first = [s for r in sorted(identity.roles) for s in ROLE_SECTIONS_FIRST.get(r, ())]
    return list(dict.fromkeys([*first, *PAGE_SECTIONS]))


def navigation(identity: roles.Identity) -> st.navigation:
    """The pages this identity may open, by section (a page it may not open does not exist)."""
    pages = {}
    for section in section_order(identity):
        entries = PAGE_SECTIONS[section]
        allowed = [
            st.Page(PAGES / file, title=t(title), url_path=path, default=default)
            for file, path, title, default in entries
            if roles.page_allowed(identity, path)
        ]
        if allowed:
            pages[t(section)] = allowed
    # The accessibility statement: out of the menu, linked from every page's footer.
    if roles.page_allowed(identity, "accessibility") and pages:
        statement = st.Page(
            PAGES / "accessibility.py",
            title=t("page.accessibility"),
            url_path="accessibility",
            visibility="hidden",
        )
        pages[next(reversed(pages))].append(statement)
    # Every page in view: a collapsed menu hides the analysts' pages behind Streamlit's own
    # English "View 5 more".
    return st.navigation(pages, expanded=True)


def main() -> None:
    """Draw one run of the app: every page goes through here."""
    chosen = language.session_language()
    set_language(chosen)
    st.set_page_config(page_title=t("app.title"), layout="wide")
    try:
        _run(str(data_access.store().root), chosen)
    except audit.AuditError as exc:  # the detail names the log's path: for the server log
        log.error("audit log: %s", exc)
        st.error(t("app.audit_unavailable"), icon=":material/error:")


def _unreadable(
    identity: roles.Identity, store_root: str, chosen_language: str, exc: UnreadableVersion
) -> None:
    """The current version cannot be read: one sentence on every page; analysts get the
    Versions page (a list of the versions that can be read, and rollback), nobody else a page."""
    language.selector_and_url(chosen_language)
    session.sidebar_status(identity, store_root)
    st.error(exc.sentence(), icon=":material/error:")
    # Whether the data is synthetic cannot be known: as for real data (no rollback by a demo).
    if session.serving_refusal(False) or not roles.page_allowed(identity, "history"):
        st.info(t("version.unreadable.ask_analyst"))
        return
    st.info(t("version.unreadable.only_versions"))
    set_unreadable_context(store_root, exc.version_id)
    page = st.navigation(
        [st.Page(PAGES / "recovery.py", title=t("page.history"), url_path="history")]
    )
    no_view = SimpleNamespace(period={}, filters={})  # no period or filters on this page
    session.log_page_view(store_root, "history", no_view, exc.version_id)
    try:
        page.run()
    except roles.AccessDenied as denied:
        st.error(str(denied), icon=":material/lock:")


def _run(store_root: str, chosen_language: str) -> None:
    """Identity, data version, secure defaults, sidebar, then the page and the footer.
    AuditError (nothing may be shown unrecorded) goes up to `main`."""
    identity = session.session_identity(store_root)
    if identity is None:
        return
    try:
        view = data_access.current_version()
    except UnreadableVersion as exc:
        log.error("current version cannot be served: %s", exc)
        _unreadable(identity, store_root, chosen_language, exc)
        return
    if view is None:
        st.error(t("app.no_data"))
        return
    if refusal := session.serving_refusal(view.synthetic):
        session.log(store_root).access_denied(
            identity, session.session_id(), capability="view_aggregates"
        )
        st.error(refusal, icon=":material/lock:")
        return
    with version_lifetime.running(store_root, view.id):  # the page is drawn from this one
        _draw(store_root, chosen_language, identity, view)


def _draw(
    store_root: str, chosen_language: str, identity: roles.Identity, view: data_access.DataVersion
) -> None:
    """Sidebar, navigation, the page view's audit line, the page and its footer, all from
    `view` (the version this run read). AuditError goes up to `main`."""
    # Before the page view is recorded only controls are drawn (sidebar, navigation): the view
    # they choose is what the audit line names. Nothing of the page, banners included, until
    # that line is written; if it cannot be, AuditError goes up to `main`.
    state = view_from_sidebar(view.as_at, allow_custom=data_access.can("exact_figures"))
    language.selector_and_url(chosen_language)
    session.sidebar_status(identity, store_root)
    set_context(view, state)
    page = navigation(identity)
    session.log_denied_page(store_root, identity, page.url_path)
    session.log_page_view(store_root, page.url_path or "flight-deck", state, view.id)
    session.banners(view.synthetic)
    try:
        page.run()
    except roles.AccessDenied as exc:
        session.log(store_root).access_denied(
            identity, session.session_id(), page=page.url_path, capability=exc.capability
        )
        st.error(str(exc), icon=":material/lock:")
    except audit.AuditError:
        raise
    except Exception:  # noqa: BLE001 (users see a plain message; details go to the log)
        log.exception("page failed")
        st.error(t("app.page_error"), icon=":material/error:")
    components.provenance_footer(view)
