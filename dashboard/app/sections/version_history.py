"""Version history sections: compare any two versions, roll back with a confirmation step."""

from __future__ import annotations

import logging
from datetime import date

import pandas as pd
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


def _ids(store_root: str) -> list[str]:
    return [m["id"] for m in records_access.version_list(store_root)]


def compare_section(view: DataVersion) -> None:
    """Rows added, changed and removed per table between two versions, and headline figures."""
    roles.require(session.current(), "rollback")
    ids = _ids(view.store_root)
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


def rollback_section(store_root: str, current: str, *, readable_only: bool = False) -> None:
    """Make another version current again, after an explicit confirmation; `readable_only`
    offers only versions that can be served (when the current one cannot)."""
    roles.require(session.current(), "rollback")
    if done := st.session_state.pop("_rolled_back", None):
        st.success(t("history.rolled_back", version=done), icon=":material/history:")
    store = data_access.store()
    others = [i for i in _ids(store_root) if i != current]
    if readable_only:
        others = [i for i in others if store.readable(i)]
    if not others:
        st.caption(t("history.nothing_to_roll_back"))
        return
    target = st.selectbox(t("history.rollback_to"), others, key="rollback_target")
    # Free text from a user: capped here and in the log, and only ever shown as text.
    reason = audit.clean_reason(
        st.text_input(
            t("history.reason"),
            max_chars=audit.REASON_MAX_CHARS,
            help=t("history.reason_help", limit=audit.REASON_MAX_CHARS),
            key="rollback_reason",
        )
    )
    sure = st.checkbox(
        t("history.confirm", version=target, current=current), key="rollback_confirm"
    )
    if sure and not reason:
        st.caption(t("history.reason_needed"))
    if st.button(t("history.rollback"), disabled=not (sure and reason), type="primary"):
        roles.require(session.current(), "rollback")
        try:
            store.rollback(target, record=_record_rollback(store_root, reason))
        except audit.AuditError as exc:  # the detail names the log's path: for the server log
            log.error("rollback not made, audit log: %s", exc)
            st.error(t("audit.not_changed"), icon=":material/error:")
            return
        st.session_state["_rolled_back"] = target
        st.session_state.pop("rollback_confirm", None)
        st.session_state.pop("rollback_reason", None)
        st.rerun()


def readable_versions_table(store_root: str) -> pd.DataFrame:
    """Every version, newest first, with whether it can be served (for choosing a rollback
    target when the current version cannot be read; analysts only, so exact row counts)."""
    roles.require(session.current(), "rollback")
    store = data_access.store()
    rows = []
    for m in records_access.version_list(store_root):
        rows.append(
            {
                t("column.version"): m["id"],
                t("column.as_at"): m.get("as_at"),
                t("column.created"): formatting.time_uk(m.get("created", "")),
                t("column.mode"): m.get("mode"),
                t("column.rows"): formatting.count(
                    sum(int(i.get("rows") or 0) for i in m.get("tables", {}).values())
                ),
                t("column.current"): t("yes") if m.get("current") else t("no"),
                t("column.readable"): t("yes")
                if store.readable(m["id"])
                else t("version.unreadable.status"),
            }
        )
    return pd.DataFrame(rows)


def _record_rollback(store_root: str, reason: str) -> Record:
    """The store's record step: the rollback's audit line, with the analyst's reason, written
    under the store's lock before CURRENT moves (no line, no rollback); a second line if the
    move then failed."""
    log_ = session.log(store_root)
    who, session_id = session.current(), session.session_id()

    def record(switch: Switch) -> None:
        failed = switch.failed is not None
        before = switch.before or ""
        log_.rollback(
            who,
            session_id,
            from_version=before,
            to_version=switch.after,
            reason=reason,
            failed=failed,
        )

    return record
