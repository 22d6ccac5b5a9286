"""Glossary: the words and abbreviations a page uses, in plain English, each with an anchor that
a page's first use of the term links to."""

import streamlit as st

from dashboard.app import components, glossary
from dashboard.app.context import context
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.glossary"), view, state)
st.markdown(t("glossary.intro"))
for key, term, meaning in glossary.entries():
    st.subheader(term, anchor=glossary.anchor(key))
    st.markdown(meaning)
