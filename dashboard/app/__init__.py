"""App: the Streamlit dashboard, the only subpackage that imports Streamlit: the shell, the
session's identity and view, data access for pages (roles, disclosure, caches), components,
charts, sections and the pages themselves (composition only)."""
