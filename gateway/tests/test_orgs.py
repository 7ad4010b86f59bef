"""The unit tree: building, reading subtrees and ancestors, moving, removing, events."""

from __future__ import annotations

import json

from gateway_support import admin_headers, app_of, bearer, login, make_user

from govkit.testing import eventually, stream_messages


async def build_tree(client, headers) -> None:  # type: ignore[no-untyped-def]
    for code, name, kind, parent in [
        ("xc", "新城区", "district", "city"),
        ("xc-dj", "东街街道", "street", "xc"),
        ("xc-dj-1", "东街第一社区", "community", "xc-dj"),
        ("xc-nj", "南街街道", "street", "xc"),
        ("pq", "平桥区", "district", "city"),
        ("fgw", "市发展改革委", "department", "city"),
    ]:
        r = await client.post(
            "/admin/orgs",
            json={"code": code, "name": name, "kind": kind, "parent_code": parent},
            headers=headers,
        )
        assert r.status_code == 201, r.text


async def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [o["code"] for o in response.json()["items"]]


async def test_subtree_is_listed_in_tree_order_and_paged(gateway):
    headers = await admin_headers(gateway)
    await build_tree(gateway, headers)
    r = await gateway.get("/orgs/xc/subtree")
    assert await codes(r) == ["xc", "xc-dj", "xc-dj-1", "xc-nj"]
    page1 = (await gateway.get("/orgs/city/subtree", params={"limit": 4})).json()
    page2 = (
        await gateway.get("/orgs/city/subtree", params={"limit": 4, "cursor": page1["next_cursor"]})
    ).json()
    all_codes = [o["code"] for o in page1["items"] + page2["items"]]
    assert len(all_codes) == 7 == len(set(all_codes))
    shallow = await gateway.get("/orgs/city/subtree", params={"max_depth": 1})
    assert set(await codes(shallow)) == {"city", "xc", "pq", "fgw"}


async def test_ancestors_run_from_the_root_down(gateway):
    await build_tree(gateway, await admin_headers(gateway))
    r = await gateway.get("/orgs/xc-dj-1/ancestors")
    assert [o["code"] for o in r.json()] == ["city", "xc", "xc-dj", "xc-dj-1"]


async def test_moving_an_org_re_roots_its_whole_subtree(gateway):
    headers = await admin_headers(gateway)
    await build_tree(gateway, headers)
    r = await gateway.patch("/admin/orgs/xc-dj", json={"parent_code": "pq"}, headers=headers)
    assert r.status_code == 200
    assert r.json()["path_codes"] == ["city", "pq", "xc-dj"]
    leaf = (await gateway.get("/orgs/xc-dj-1")).json()
    assert leaf["path_codes"] == ["city", "pq", "xc-dj", "xc-dj-1"] and leaf["depth"] == 3
    assert await codes(await gateway.get("/orgs/xc/subtree")) == ["xc", "xc-nj"]


async def test_moving_an_org_under_its_own_descendant_is_409(gateway):
    headers = await admin_headers(gateway)
    await build_tree(gateway, headers)
    r = await gateway.patch("/admin/orgs/xc", json={"parent_code": "xc-dj-1"}, headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "org_cycle"
    assert (await gateway.get("/orgs/xc")).json()["path_codes"] == ["city", "xc"]


async def test_an_org_with_children_or_users_cannot_be_removed(gateway):
    headers = await admin_headers(gateway)
    await build_tree(gateway, headers)
    r = await gateway.delete("/admin/orgs/xc-dj", headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "org_has_children"
    await make_user(gateway, "handler1", org="xc-nj")
    r = await gateway.delete("/admin/orgs/xc-nj", headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "org_has_users"
    assert (await gateway.delete("/admin/orgs/xc-dj-1", headers=headers)).status_code == 204
    assert (await gateway.get("/orgs/xc-dj-1")).status_code == 404


async def test_duplicate_code_unknown_parent_and_bad_input_change_nothing(gateway):
    headers = await admin_headers(gateway)
    await build_tree(gateway, headers)
    dup = await gateway.post(
        "/admin/orgs",
        json={"code": "xc", "name": "重复", "kind": "district", "parent_code": "city"},
        headers=headers,
    )
    assert dup.status_code == 409 and dup.json()["code"] == "org_code_taken"
    orphan = await gateway.post(
        "/admin/orgs",
        json={"code": "zz", "name": "孤儿", "kind": "street", "parent_code": "nope"},
        headers=headers,
    )
    assert orphan.status_code == 404 and orphan.json()["code"] == "org_not_found"
    bad = await gateway.post(
        "/admin/orgs", json={"code": "Bad Code!", "name": "", "kind": "planet"}, headers=headers
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"code", "name", "kind"}
    assert len((await gateway.get("/orgs/city/subtree")).json()["items"]) == 7


async def test_only_platform_admins_change_the_tree(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "editor", grants=[("site_editor", "site:portal")])
    token = (await login(gateway, "editor"))["access_token"]
    r = await gateway.post(
        "/admin/orgs",
        json={"code": "x1", "name": "x", "kind": "district", "parent_code": "city"},
        headers=bearer(token),
    )
    assert r.status_code == 403
    assert (await gateway.post("/admin/orgs", json={})).status_code == 401


async def test_org_changes_are_published_as_identity_events(gateway):
    headers = await admin_headers(gateway)
    await build_tree(gateway, headers)
    js = app_of(gateway).state.nats.js

    async def all_published() -> bool:
        return await stream_messages(js, "IDENTITY") >= 7 + 1  # 7 orgs + the admin user

    await eventually(all_published)
    types = []
    for seq in range(1, await stream_messages(js, "IDENTITY") + 1):
        envelope = json.loads((await js.get_msg("IDENTITY", seq=seq)).data)
        types.append(envelope["type"])
        if envelope["data"].get("code") == "xc-dj-1":
            assert envelope["data"]["path"] == ["city", "xc", "xc-dj", "xc-dj-1"]
            assert envelope["data"]["parent_code"] == "xc-dj"
    assert types.count("identity.org.upserted.v1") == 7
    assert "identity.user.upserted.v1" in types
