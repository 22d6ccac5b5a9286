"""The accessibility statement, linked from every page's footer: docs/accessibility.md, or its
Welsh translation docs/accessibility-cy.md when the page is in Welsh (Welsh Language
Standards). Where the file has its `<!-- contact -->` line (invisible where the file is read on
its own), the page names this dashboard's contact: the roles file's `contact`."""

import streamlit as st

from dashboard.app import data_access
from dashboard.app.markdown_text import literal
from dashboard.i18n import current_language, t
from dashboard.settings import ROOT

STATEMENTS = {"en": "accessibility.md", "cy": "accessibility-cy.md"}
CONTACT_MARKER = "<!-- contact -->"

st.title(t("page.accessibility"))
name = STATEMENTS.get(current_language(), STATEMENTS["en"])
statement = (ROOT / "docs" / name).read_text(encoding="utf-8")
# The file's own first heading is the page's title above, in the page's language.
body = statement.split("\n", 1)[1] if statement.startswith("# ") else statement
before, marker, after = body.partition(CONTACT_MARKER)
st.markdown(before)
if marker:
    st.info(
        t("accessibility.contact", contact=literal(data_access.contact())), icon=":material/mail:"
    )
    st.markdown(after)
