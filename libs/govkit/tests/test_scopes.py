"""Role scopes: a site role covers its site; an org role covers the org's subtree."""

from __future__ import annotations

import pytest

from govkit.auth import Identity, RoleGrant
from govkit.errors import Forbidden

STREET = ["city", "xc", "xc-01"]
COMMUNITY = ["city", "xc", "xc-01", "xc-01-02"]
NEIGHBOUR = ["city", "xc", "xc-02"]
OTHER_DISTRICT = ["city", "pq", "pq-01"]


def who(*grants: tuple[str, str]) -> Identity:
    return Identity(subject="u", roles=[RoleGrant(role=r, scope=s) for r, s in grants])


@pytest.mark.parametrize(
    ("org", "allowed"),
    [
        (STREET, True),
        (COMMUNITY, True),
        (NEIGHBOUR, False),
        (OTHER_DISTRICT, False),
        (["city"], False),
    ],
)
def test_a_street_handler_covers_its_subtree_only(org, allowed):
    handler = who(("unit_handler", "org:xc-01"))
    assert handler.acts_on_org(org, "unit_handler") is allowed


def test_a_role_does_not_stand_in_for_another():
    handler = who(("unit_handler", "org:xc"))
    assert not handler.acts_on_org(STREET, "unit_supervisor")
    with pytest.raises(Forbidden):
        handler.ensure_org(STREET, "unit_supervisor")


def test_platform_wide_grants_and_admins_cover_everything():
    assert who(("dispatcher", "*")).acts_on_org(OTHER_DISTRICT, "dispatcher")
    assert who(("platform_admin", "*")).acts_on_site("any", "site_editor")


def test_a_site_editor_acts_on_their_site_only():
    editor = who(("site_editor", "site:portal"))
    assert editor.acts_on_site("portal", "site_editor")
    assert not editor.acts_on_site("xc-district", "site_editor")
    assert not editor.acts_on_site("portal", "site_reviewer")
    with pytest.raises(Forbidden) as raised:
        editor.ensure_site("xc-district", "site_editor")
    assert raised.value.code == "outside_scope"
