"""The accessibility statement, linked from every page's footer: docs/accessibility.md, or its
Welsh translation docs/accessibility-cy.md when the page is in Welsh (Welsh Language
Standards)."""

import streamlit as st

from dashboard.i18n import current_language, t
from dashboard.settings import ROOT

STATEMENTS = {"en": "accessibility.md", "cy": "accessibility-cy.md"}

st.title(t("page.accessibility"))
name = STATEMENTS.get(current_language(), STATEMENTS["en"])
statement = (ROOT / "docs" / name).read_text(encoding="utf-8")
# The file's own first heading is the page's title above, in the page's language.
st.markdown(statement.split("\n", 1)[1] if statement.startswith("# ") else statement)
