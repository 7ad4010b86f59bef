"""The identities the gateway issues carry scopes that services can enforce: a unit handler
acts within their subtree only, a site editor on their site only. Tokens come from real
logins; org paths come from the gateway's own tree, as services get them from its events."""

from __future__ import annotations

import pytest
from gateway_support import admin_headers, app_of, login, make_org, make_user

from govkit.auth import Identity

USERS = {
    "district_handler": [("unit_handler", "org:xc")],
    "street_handler": [("unit_handler", "org:xc-01")],
    "other_supervisor": [("unit_supervisor", "org:pq")],
    "city_dispatcher": [("dispatcher", "*")],
    "portal_editor": [("site_editor", "site:portal")],
}
ORGS = ["xc", "xc-01", "xc-01-01", "xc-02", "pq", "pq-01"]
# (user, role used) → orgs where it acts
EXPECTED = {
    ("district_handler", "unit_handler"): {"xc", "xc-01", "xc-01-01", "xc-02"},
    ("street_handler", "unit_handler"): {"xc-01", "xc-01-01"},
    ("other_supervisor", "unit_supervisor"): {"pq", "pq-01"},
    ("city_dispatcher", "dispatcher"): set(ORGS),
    ("portal_editor", "unit_handler"): set(),
    ("street_handler", "unit_supervisor"): set(),
}


@pytest.fixture
async def identities(gateway) -> dict[str, Identity]:  # type: ignore[no-untyped-def]
    await admin_headers(gateway)
    for code, parent in [
        ("xc", "city"),
        ("xc-01", "xc"),
        ("xc-01-01", "xc-01"),
        ("xc-02", "xc"),
        ("pq", "city"),
        ("pq-01", "pq"),
    ]:
        await make_org(gateway, code, parent=parent)
    keyring = app_of(gateway).state.keyring
    result = {}
    for username, grants in USERS.items():
        await make_user(gateway, username, grants=grants)
        claims = keyring.verify((await login(gateway, username))["access_token"])
        result[username] = Identity.from_claims(claims)
    return result


async def test_unit_roles_act_only_within_their_subtree(gateway, identities):
    paths = {
        code: [o["code"] for o in (await gateway.get(f"/orgs/{code}/ancestors")).json()]
        for code in ORGS
    }
    for (user, role), expected in EXPECTED.items():
        acting = {code for code in ORGS if identities[user].acts_on_org(paths[code], role)}
        assert acting == expected, (user, role)


async def test_site_roles_act_only_on_their_site(identities):
    editor = identities["portal_editor"]
    assert editor.acts_on_site("portal", "site_editor")
    assert not editor.acts_on_site("xc-district", "site_editor")
    assert not identities["district_handler"].acts_on_site("portal", "site_editor")
