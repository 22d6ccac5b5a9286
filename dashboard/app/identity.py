"""Who is using the dashboard, as a label for the data versions they make (manifest `uploader`)."""

from __future__ import annotations

from dashboard.access import roles
from dashboard.app import session
from dashboard.i18n import t


def user_label() -> str:
    """This session's user as the access layer resolved them (OpenID Connect, the proxy's
    headers, or a demo role); a plain label when nobody is signed in."""
    user = session.current().user
    if user is None or user == roles.open_identity().user:
        return t("identity.not_signed_in")
    return user
