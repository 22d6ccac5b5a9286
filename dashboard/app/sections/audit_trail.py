"""The Audit page's sections: filters, the events table, the chain check, a logged download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import formatting
from dashboard.access import audit, roles
from dashboard.app import session
from dashboard.app.data_access import DataVersion
from dashboard.app.widget_labels import worded
from dashboard.i18n import t


def filtered_events(view: DataVersion) -> pd.DataFrame:
    """The events the analyst asked for, newest first, columns named for people."""
    roles.require(session.current(), "view_audit")
    left, right = st.columns(2)
    kinds = left.multiselect(
        t("audit.filter.kinds"),
        list(audit.KINDS),
        format_func=worded(audit.KINDS, lambda k: t(f"audit.kind.{k}")),
        key="audit_kinds",
    )
    user = right.text_input(t("audit.filter.user"), key="audit_user")
    dates = left.date_input(
        t("audit.filter.dates"), value=(), format="DD/MM/YYYY", key="audit_dates"
    )
    text = right.text_input(t("audit.filter.text"), key="audit_text")
    since, until = (dates + (None, None))[:2] if isinstance(dates, tuple) else (dates, None)
    events = audit.read_events(
        view.store_root,
        kinds=kinds or None,
        user=user or None,
        since=since,
        until=until,
        text=text or None,
    )
    events["kind"] = events["kind"].map(lambda k: t(f"audit.kind.{k}"))
    events["time"] = events["time"].map(formatting.time_uk)  # UK time, UTC beside it
    events["line"] = events["line"].map(formatting.count)
    return events.rename(columns={c: t(f"audit.column.{c}") for c in audit.COLUMNS})


def chain_status(view: DataVersion) -> None:
    problems = audit.verify(view.store_root)
    if problems:
        st.error(t("audit.chain_problems", count=formatting.count(len(problems))))
        st.dataframe(pd.DataFrame({t("audit.column.details"): problems}), hide_index=True)
    else:
        st.success(t("audit.chain_ok"), icon=":material/verified:")
