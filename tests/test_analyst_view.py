"""Issue 17, item 4: the analysts' pages in view (unit tests; the pages' own in test_app_upload)."""

from __future__ import annotations

from dashboard.access.roles import Identity
from dashboard.app.shell import PAGE_SECTIONS, section_order


def test_an_analyst_finds_the_analysts_pages_first():
    analyst = Identity("a@example.police.uk", roles=frozenset({"analyst"}))
    assert section_order(analyst) == ["nav.analysts", "nav.figures", "nav.disruption", "nav.data"]
    both = Identity("b@example.police.uk", roles=frozenset({"leader", "analyst"}))
    assert section_order(both)[0] == "nav.analysts"


def test_other_roles_keep_the_figures_first():
    for role in ("leader", "scrutiny"):
        who = Identity("c@example.police.uk", roles=frozenset({role}))
        assert section_order(who) == list(PAGE_SECTIONS)
