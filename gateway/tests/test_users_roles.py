"""Accounts and role grants: scopes are validated, changes are audited and published."""

from __future__ import annotations

import pytest
from gateway_support import PASSWORD, admin_headers, bearer, login, make_org


def staff(username: str, **extra: object) -> dict:  # type: ignore[type-arg]
    return {
        "username": username,
        "display_name": "工作人员",
        "kind": "staff",
        "password": PASSWORD,
        "org_code": "city",
        **extra,
    }


async def test_admin_creates_staff_with_scoped_roles(gateway):
    headers = await admin_headers(gateway)
    await make_org(gateway, "xc", parent="city")
    r = await gateway.post(
        "/admin/users",
        json=staff(
            "wang",
            org_code="xc",
            grants=[
                {"role": "unit_handler", "scope": "org:xc"},
                {"role": "site_editor", "scope": "site:xc-gov"},
            ],
        ),
        headers=headers,
    )
    assert r.status_code == 201, r.text
    token = (await login(gateway, "wang"))["access_token"]
    me = (await gateway.get("/auth/me", headers=bearer(token))).json()
    assert {(g["role"], g["scope"]) for g in me["grants"]} == {
        ("unit_handler", "org:xc"),
        ("site_editor", "site:xc-gov"),
    }


@pytest.mark.parametrize(
    ("grant", "status", "code"),
    [
        ({"role": "site_editor", "scope": "*"}, 422, "role_scope_invalid"),
        ({"role": "unit_handler", "scope": "site:portal"}, 422, "role_scope_invalid"),
        ({"role": "platform_admin", "scope": "org:city"}, 422, "role_scope_invalid"),
        ({"role": "unit_handler", "scope": "org:no-such-unit"}, 404, "org_not_found"),
        ({"role": "emperor", "scope": "*"}, 422, "validation_failed"),
    ],
)
async def test_a_role_outside_its_scope_kind_is_refused(gateway, grant, status, code):
    headers = await admin_headers(gateway)
    r = await gateway.post("/admin/users", json=staff("li_si", grants=[grant]), headers=headers)
    assert r.status_code == status and r.json()["code"] == code
    listed = (await gateway.get("/admin/users", headers=headers)).json()["items"]
    assert [u["username"] for u in listed] == ["admin"]


async def test_staff_need_an_org_and_enterprises_a_credit_code(gateway):
    headers = await admin_headers(gateway)
    r = await gateway.post("/admin/users", json=staff("nobody", org_code=None), headers=headers)
    assert r.status_code == 422
    r = await gateway.post(
        "/admin/users", json=staff("firm", kind="enterprise", org_code=None), headers=headers
    )
    assert r.status_code == 422


async def test_grant_changes_are_audited_with_the_actor(gateway):
    headers = await admin_headers(gateway)
    created = (await gateway.post("/admin/users", json=staff("zhao"), headers=headers)).json()
    r = await gateway.patch(
        f"/admin/users/{created['id']}",
        json={"grants": [{"role": "dispatcher", "scope": "*"}]},
        headers=headers,
    )
    assert r.json()["grants"] == [{"role": "dispatcher", "scope": "*"}]
    audit = (
        await gateway.get("/admin/audit", params={"target_id": created["id"]}, headers=headers)
    ).json()["items"]
    actions = [e["action"] for e in audit]
    assert actions == ["user.updated", "user.created"]
    assert audit[0]["changes"]["grants"] == [{"role": "dispatcher", "scope": "*"}]
    assert audit[0]["actor"] != "anonymous"
    assert "password" not in str(audit)


async def test_disabled_user_cannot_log_in(gateway):
    headers = await admin_headers(gateway)
    created = (await gateway.post("/admin/users", json=staff("qian"), headers=headers)).json()
    await gateway.patch(f"/admin/users/{created['id']}", json={"active": False}, headers=headers)
    r = await gateway.post("/auth/login", json={"username": "qian", "password": PASSWORD})
    assert r.status_code == 401 and r.json()["code"] == "account_disabled"


async def test_users_are_listed_by_org_subtree(gateway):
    headers = await admin_headers(gateway)
    await make_org(gateway, "xc", parent="city")
    await make_org(gateway, "xc-dj", parent="xc")
    await gateway.post("/admin/users", json=staff("user_a1", org_code="xc-dj"), headers=headers)
    await gateway.post("/admin/users", json=staff("user_b1", org_code="city"), headers=headers)
    r = await gateway.get("/admin/users", params={"org": "xc"}, headers=headers)
    assert [u["username"] for u in r.json()["items"]] == ["user_a1"]


async def test_non_admins_cannot_manage_users(gateway):
    await admin_headers(gateway)
    r = await gateway.post(
        "/auth/register/citizen",
        json={"username": "sun", "display_name": "孙", "password": "abc12345"},
    )
    assert r.status_code == 201
    token = (await login(gateway, "sun", "abc12345"))["access_token"]
    assert (await gateway.get("/admin/users", headers=bearer(token))).status_code == 403
    r = await gateway.post("/admin/users", json=staff("xyz"), headers=bearer(token))
    assert r.status_code == 403


async def test_unknown_user_id_is_404_and_malformed_is_422(gateway):
    headers = await admin_headers(gateway)
    r = await gateway.get("/admin/users/00000000-0000-0000-0000-000000000000", headers=headers)
    assert r.status_code == 404
    assert (await gateway.get("/admin/users/not-a-uuid", headers=headers)).status_code == 422
