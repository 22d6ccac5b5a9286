"""The flight deck's board pack from the browser: the pack `flightdeck report` makes
(`dashboard.report.make`, through the session's own figures pipeline) for the period, filters
and language in view and the session's role (`report.role_of`: exact figures only for a role
that has them). Its `board_pack` audit line is written before the file is offered: without it,
no file and one sentence. The file is then offered to this user alone (`access.offered_files`),
and the guard sends it only after its `file_served` line."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from dashboard import i18n, report
from dashboard.access import audit, offered_files, roles
from dashboard.app import components, data_access, session
from dashboard.app.data_access import DataVersion
from dashboard.app.view_state import ViewState
from dashboard.figures.disruption import RepeatRule
from dashboard.figures.request import Request
from dashboard.i18n import t
from dashboard.store.versions import UnreadableVersion

WHAT = "board-pack"  # the audit log's name for the file (file_served), in every language
PAGE = "flight-deck"
KEY = "_board_pack"
log = logging.getLogger("flightdeck")


@dataclass(frozen=True)
class Made:
    """A pack made and recorded in this session, with what it was made of."""

    request: Request
    role: str
    language: str
    file_name: str
    pdf: bytes


def capability() -> str:
    """Who may make a pack: whoever may see the flight deck (`roles.PAGE_CAPABILITY`)."""
    return roles.page_capability(PAGE) or "view_aggregates"


def section(view: DataVersion, state: ViewState, rule: RepeatRule) -> None:
    """The heading, the button, the progress while the pack is made, then its download."""
    if not data_access.can(capability()):
        return
    role = report.role_of(data_access.access())
    request = view.request(state.period, state.filters, rule)
    st.header(t("board_pack.heading"))
    st.caption(t("board_pack.intro", role=t(f"report.role.{role}")))
    if st.button(t("board_pack.make"), key="board-pack-make", icon=":material/picture_as_pdf:"):
        st.session_state[KEY] = _make(view, state, request, role)
    made = st.session_state.get(KEY)
    if made is None or (made.request, made.role, made.language) != (
        request,
        role,
        i18n.current_language(),
    ):
        return  # none made yet, or made for another view: never offer a pack of another view
    st.download_button(
        t("board_pack.download"),
        made.pdf,
        file_name=made.file_name,
        mime="application/pdf",
        key="board-pack-download",
        icon=":material/download:",
        on_click="ignore",
    )


def _make(view: DataVersion, state: ViewState, request: Request, role: str) -> Made | None:
    """The pack made, recorded and offered to this user; None (and one sentence) if not."""
    file_name = f"{components.view_file_stem(WHAT, state)}.pdf"
    problem = None
    with st.status(t("board_pack.stage.figures"), expanded=True) as status:
        try:
            pdf = report.make(
                request,
                data_access.figures_pipeline(),
                view.as_at,
                view.manifest,
                progress=lambda stage: status.update(label=t(f"board_pack.stage.{stage}")),
            )
            status.update(label=t("board_pack.stage.recording"))
            _record(view, state, role, audit.file_entry(file_name, pdf))
        except report.NoChromium as exc:
            log.error("board pack not made: %s", exc)
            problem = t("board_pack.no_chromium")
        except report.PrintError as exc:
            log.error("board pack not made: %s", exc)
            problem = t("board_pack.print_failed")
        except UnreadableVersion as exc:  # the national figures' store, for the comparison
            log.error("board pack not made, national figures: %s", exc)
            problem = t("board_pack.national_unreadable")
        except audit.AuditError as exc:  # the detail names the log's path: for the server log
            log.error("board pack not offered, audit log: %s", exc)
            problem = t("board_pack.not_recorded")
        if problem is None:
            status.update(label=t("board_pack.ready"), state="complete", expanded=False)
        else:
            status.update(label=t("board_pack.failed"), state="error", expanded=False)
    if problem is not None:
        st.error(problem, icon=":material/error:")
        return None
    _offer(view, file_name, pdf)
    return Made(request, role, i18n.current_language(), file_name, pdf)


def _record(view: DataVersion, state: ViewState, role: str, entry: dict) -> None:
    """The pack's `board_pack` line: who (the session's user and roles), its file, period,
    role, language, filters and version; AuditError when it cannot be written."""
    session.log(view.store_root).board_pack(
        session.current(),
        session.session_id(),
        file=entry,
        period=state.period,
        role=role,
        language=i18n.current_language(),
        filters=state.filters.as_params(),
        version=view.id,
    )


def _offer(view: DataVersion, file_name: str, pdf: bytes) -> None:
    """The file registered as made for this user, so the guard sends it to them alone."""
    made_for = offered_files.Offer(
        session.current().user,
        capability(),
        WHAT,
        file_name,
        PAGE,
        view.id,
        session.session_id(),
        session.sign_in_cookie(),
    )
    offered_files.offer(pdf, made_for)
