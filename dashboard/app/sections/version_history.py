"""Version history sections: compare any two versions, roll back with a confirmation step."""

from __future__ import annotations

import logging
from datetime import date

import streamlit as st

from dashboard import formatting
from dashboard.access import audit, roles
from dashboard.app import data_access, records_access, session
from dashboard.app.data_access import DataVersion
from dashboard.app.sections import common_tables
from dashboard.figures import version_changes
from dashboard.i18n import t
from dashboard.store.versions import Record, Switch

log = logging.getLogger("flightdeck")


def _ids(view: DataVersion) -> list[str]:
    return [m["id"] for m in records_access.version_list(view.store_root)]


def compare_section(view: DataVersion) -> None:
    """Rows added, changed and removed per table between two versions, and headline figures."""
    roles.require(session.current(), "rollback")
    ids = _ids(view)
    if len(ids) < 2:
        st.caption(t("history.one_version"))
        return
    left, right = st.columns(2)
    older = left.selectbox(t("history.from"), ids, index=1, key="cmp_from")
    newer = right.selectbox(t("history.to"), ids, index=0, key="cmp_to")
    store = data_access.store()
    changes = version_changes.table_changes(
        records_access.version_tables(store, older), records_access.version_tables(store, newer)
    )
    in_older, in_newer = t("history.in", version=older), t("history.in", version=newer)
    named = {"rows_before": t("history.rows_in", version=older)}
    named["rows_after"] = t("history.rows_in", version=newer)
    changes = changes.rename(columns=lambda c: named.get(c) or t(f"upload.change.{c}"))
    st.dataframe(changes, hide_index=True)
    as_at = date.fromisoformat(store.manifest(newer)["as_at"])
    period = version_changes.headline_period(as_at)
    st.caption(
        t("history.headlines", period=formatting.period_label(period), older=older, newer=newer)
    )
    before = records_access.headlines_of_version(store, older, period)
    after = records_access.headlines_of_version(store, newer, period)
    table = common_tables.headline_table(before, after)
    table = table.rename(
        columns={t("upload.headline.before"): in_older, t("upload.headline.after"): in_newer}
    )
    st.dataframe(table, hide_index=True)


def rollback_section(view: DataVersion) -> None:
    """Make an earlier version current again, after an explicit confirmation."""
    roles.require(session.current(), "rollback")
    if done := st.session_state.pop("_rolled_back", None):
        st.success(t("history.rolled_back", version=done), icon=":material/history:")
    others = [i for i in _ids(view) if i != view.id]
    if not others:
        st.caption(t("history.nothing_to_roll_back"))
        return
    target = st.selectbox(t("history.rollback_to"), others, key="rollback_target")
    sure = st.checkbox(
        t("history.confirm", version=target, current=view.id), key="rollback_confirm"
    )
    if st.button(t("history.rollback"), disabled=not sure, type="primary"):
        roles.require(session.current(), "rollback")
        try:
            data_access.store().rollback(target, record=_record_rollback(view))
        except audit.AuditError as exc:  # the detail names the log's path: for the server log
            log.error("rollback not made, audit log: %s", exc)
            st.error(t("audit.not_changed"), icon=":material/error:")
            return
        st.session_state["_rolled_back"] = target
        st.session_state.pop("rollback_confirm", None)
        st.rerun()


def _record_rollback(view: DataVersion) -> Record:
    """The store's record step: the rollback's audit line, written under the store's lock
    before CURRENT moves (no line, no rollback); a second line if the move then failed."""
    log_ = session.log(view.store_root)
    who, session_id = session.current(), session.session_id()

    def record(switch: Switch) -> None:
        failed = switch.failed is not None
        before = switch.before or ""
        log_.rollback(who, session_id, from_version=before, to_version=switch.after, failed=failed)

    return record
