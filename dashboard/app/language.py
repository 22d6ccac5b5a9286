"""Which language this session reads: `?lang=` in a link or the sidebar's choice, kept across
pages. Adding a catalogue folder `locales/<code>/` is the only step a new language needs: the
choice appears in the sidebar as soon as there is more than one."""

from __future__ import annotations

import json

import streamlit as st

from dashboard.app import streamlit_words, url_params
from dashboard.app.markdown_text import LINK_CHARS, literal
from dashboard.i18n import (
    DEFAULT_LANGUAGE,
    accepted,
    available_languages,
    best_language,
    catalogue,
    t,
)

PARAM = "lang"
_CHOSEN, _URL, _WIDGET, _NOTICE = "_language", "_language_url", "w_language", "_language_notice"


def session_language() -> str:
    """The language for this run: a new link's valid `?lang=` wins, else the session's choice,
    else the browser's language. (Moving between pages drops the query string; the session's
    choice keeps it.)"""
    ss = st.session_state
    requested = st.query_params.get(PARAM)
    if requested is not None and requested != ss.get(_URL):
        ss[_URL] = requested
        if (code := url_params.code(requested, available_languages())) is not None:
            ss[_CHOSEN] = code
        else:
            ss[_NOTICE] = requested
    if _CHOSEN not in ss:
        ss[_CHOSEN] = browser_language()
    chosen = ss[_CHOSEN]
    return chosen if chosen in available_languages() else DEFAULT_LANGUAGE


def browser_language() -> str:
    """The browser's own language where it is one of ours ("cy-GB" -> cy), else English: the
    first visit's default, before any link or choice. Streamlit exposes the browser's
    `navigator.language` as `st.context.locale`; the Accept-Language header is the fallback."""
    wanted = []
    try:
        if locale := st.context.locale:
            wanted.append(locale)
        header = st.context.headers.get("Accept-Language") or ""
    except (AttributeError, RuntimeError):  # no browser behind this run (AppTest)
        header = ""
    return best_language(wanted + accepted(header))


def language_name(code: str) -> str:
    """A language's name in itself ("English", "Cymraeg"), from its own catalogue."""
    return catalogue(code).get("language.name", code)


def _switch() -> None:
    st.session_state[_CHOSEN] = st.session_state[_WIDGET]


def selector_and_url(language: str) -> None:
    """The sidebar's language choice (when there is one), the notice for a link's unknown
    language, and `?lang=` kept in the URL so that a copied link opens in the same language."""
    ss = st.session_state
    if (bad := ss.pop(_NOTICE, None)) is not None:
        st.warning(
            t("state.bad_language", value=literal(bad, LINK_CHARS)), icon=":material/link_off:"
        )
    languages = available_languages()
    if len(languages) > 1:
        ss[_WIDGET] = language
        st.sidebar.selectbox(
            t("sidebar.language"),
            languages,
            key=_WIDGET,
            format_func=language_name,
            on_change=_switch,
        )
    if language == DEFAULT_LANGUAGE:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get(PARAM) != language:
        st.query_params[PARAM] = language
    ss[_URL] = st.query_params.get(PARAM)
    mark_page_language(language)


def mark_page_language(language: str) -> None:
    """`<html lang>` names the language the page is in (WCAG 3.1.1), so that screen readers
    speak Welsh as Welsh. Streamlit writes `lang="en"` and offers no setting, so a one-line
    script sets it; the code is one of the catalogue folders' names, never user input. The
    same element carries `streamlit_words` (Streamlit's own words in the page's language)."""
    code = language if language in available_languages() else DEFAULT_LANGUAGE
    script = f"<script>document.documentElement.lang = {json.dumps(code)};</script>"
    # One element for both: Streamlit's own English words in the page's language too.
    st.html(script + streamlit_words.markup(), unsafe_allow_javascript=True)
