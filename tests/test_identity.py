"""The uploader recorded in a version's manifest is the user the access layer resolved."""

from __future__ import annotations

import pytest

from dashboard.access import roles
from dashboard.app import session
from dashboard.i18n import t


@pytest.mark.parametrize(
    "who, label",
    [
        (roles.Identity("a.analyst@gwent.police.uk", roles=frozenset({"analyst"})), None),
        (roles.demo_identity("analyst"), None),  # --demo-role analyst
        (roles.open_identity(), "identity.not_signed_in"),  # no sign-in at all
        (roles.ANONYMOUS, "identity.not_signed_in"),
    ],
)
def test_uploader_label(monkeypatch, who, label):
    monkeypatch.setattr(session, "current", lambda: who)
    assert session.user_label() == (t(label) if label else who.user)
