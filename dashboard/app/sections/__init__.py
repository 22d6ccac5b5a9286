"""Sections: the parts pages are composed of, one module per page family (charts and tables common
to several pages, profile, quality, disruption, comparison, audit trail, versions, upload)."""
