"""The accessibility statement (docs/accessibility.md), linked from every page's footer."""

import streamlit as st

from dashboard.i18n import current_language, t
from dashboard.settings import ROOT

st.title(t("page.accessibility"))
if current_language() != "en":
    st.info(t("accessibility.english_only"))
statement = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
# The file's own first heading is the page's title above, in the page's language.
st.markdown(statement.split("\n", 1)[1] if statement.startswith("# ") else statement)
