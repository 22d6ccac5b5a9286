"""Figures as a reader may see them: the one pipeline (`pipeline.build`) that the dashboard's
pages (through `dashboard.app.data_access`, with Streamlit's cache) and the board pack (through
`dashboard.report`, with a cache of its own) both call."""

from dashboard.shown.pipeline import Pipeline, build, memo, standard

__all__ = ["Pipeline", "build", "memo", "standard"]
