"""The site registry: the tiny real endpoint that proves content's wiring end to end."""

from __future__ import annotations

import json

import pytest

from govkit.testing import eventually, stream_messages


async def test_admin_creates_site_and_event_is_published(client, tokens):
    r = await client.put(
        "/sites",
        json={"code": "portal", "name": "市政府门户网站"},
        headers=tokens.bearer(tokens.admin()),
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 1
    js = client._transport.app.state.nats.js  # type: ignore[attr-defined]

    async def published() -> bool:
        return await stream_messages(js, "CONTENT") == 1

    await eventually(published)
    msg = await js.get_msg("CONTENT", seq=1)
    envelope = json.loads(msg.data)
    assert envelope["type"] == "content.site.upserted.v1"
    assert envelope["data"]["code"] == "portal"
    assert envelope["data"]["payload_version"] == 1


async def test_updating_a_site_bumps_its_version(client, tokens):
    admin = tokens.bearer(tokens.admin())
    await client.put("/sites", json={"code": "fgw", "name": "发展改革委"}, headers=admin)
    r = await client.put(
        "/sites", json={"code": "fgw", "name": "市发展和改革委员会"}, headers=admin
    )
    assert r.json()["version"] == 2
    r = await client.get("/sites/fgw")
    assert r.json()["name"] == "市发展和改革委员会"


async def test_sites_list_is_paged_with_a_cursor(client, tokens):
    admin = tokens.bearer(tokens.admin())
    for code in ("a1", "a2", "a3"):
        await client.put("/sites", json={"code": code, "name": code}, headers=admin)
    first = (await client.get("/sites", params={"limit": 2})).json()
    assert [s["code"] for s in first["items"]] == ["a1", "a2"]
    second = (
        await client.get("/sites", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    assert [s["code"] for s in second["items"]] == ["a3"] and second["next_cursor"] is None


async def test_only_platform_admin_may_write_sites(client, tokens):
    editor = tokens.issue("e1", roles=[{"role": "site_editor", "scope": "site:portal"}])
    r = await client.put("/sites", json={"code": "x", "name": "x"}, headers=tokens.bearer(editor))
    assert r.status_code == 403
    assert r.json()["code"] == "role_missing"
    r = await client.put("/sites", json={"code": "x", "name": "x"})
    assert r.status_code == 401
    assert (await client.get("/sites/x")).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"code": "Bad Code", "name": "x"},
        {"code": "ok"},
        {"code": "ok", "name": ""},
        {"code": "ok", "name": "x", "extra": 1},
    ],
)
async def test_bad_site_input_is_422_and_changes_nothing(client, tokens, body):
    r = await client.put("/sites", json=body, headers=tokens.bearer(tokens.admin()))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "validation_failed"
    assert (await client.get("/sites")).json()["items"] == []


async def test_a_site_editor_edits_only_their_own_site(client, tokens):
    admin = tokens.bearer(tokens.admin())
    for code in ("portal", "xc-district"):
        await client.put("/sites", json={"code": code, "name": code}, headers=admin)
    editor = tokens.bearer(
        tokens.issue("e1", roles=[{"role": "site_editor", "scope": "site:portal"}])
    )
    r = await client.patch("/sites/portal", json={"name": "江城市人民政府门户网站"}, headers=editor)
    assert r.status_code == 200 and r.json()["version"] == 2
    r = await client.patch("/sites/xc-district", json={"name": "改名"}, headers=editor)
    assert r.status_code == 403 and r.json()["code"] == "outside_scope"
    assert (await client.get("/sites/xc-district")).json()["name"] == "xc-district"
    reviewer = tokens.bearer(
        tokens.issue("r1", roles=[{"role": "site_reviewer", "scope": "site:portal"}])
    )
    assert (
        await client.patch("/sites/portal", json={"name": "x"}, headers=reviewer)
    ).status_code == 403


async def test_bus_status_is_for_platform_admins(client, tokens):
    r = await client.get("/admin/events", headers=tokens.bearer(tokens.admin()))
    assert r.status_code == 200
    assert r.json() == {
        "outbox_unsent": 0,
        "outbox_parked": 0,
        "dead_letters_open": 0,
        "consumers": ["svc-content-erasure"],  # identity.user.erased: the data-rights consumer
    }
    editor = tokens.issue("e", roles=[{"role": "site_editor", "scope": "site:portal"}])
    assert (await client.get("/admin/events", headers=tokens.bearer(editor))).status_code == 403


async def test_a_site_carries_its_identity_block_for_the_footer(client, tokens):
    admin = tokens.bearer(tokens.admin())
    await client.put("/sites", json={"code": "portal", "name": "江城市人民政府"}, headers=admin)
    block = {
        "name": "江城市人民政府",
        "sponsor": "江城市人民政府办公室",
        "site_identifier": "3601000001",
        "icp_number": "赣ICP备05004152号",
    }
    r = await client.patch("/sites/portal", json=block, headers=admin)
    assert r.status_code == 200, r.text
    shown = (await client.get("/sites/portal")).json()
    assert {k: shown[k] for k in block} == block and shown["kind"] == "department"
    # A rename alone keeps the block.
    await client.patch("/sites/portal", json={"name": "江城市人民政府门户网站"}, headers=admin)
    assert (await client.get("/sites/portal")).json()["sponsor"] == "江城市人民政府办公室"


@pytest.mark.parametrize("field", [{"site_identifier": "12345"}, {"icp_number": "x"}])
async def test_a_bad_identity_block_is_422_and_changes_nothing(client, tokens, field):
    admin = tokens.bearer(tokens.admin())
    await client.put("/sites", json={"code": "portal", "name": "门户"}, headers=admin)
    r = await client.patch("/sites/portal", json={"name": "门户", **field}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"
    assert (await client.get("/sites/portal")).json()["version"] == 1
