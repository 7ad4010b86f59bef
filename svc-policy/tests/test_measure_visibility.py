"""Draft and withdrawn reward measures are the policy officers' working material: the public
sees a published measure or a 404, and a policy's public detail lists published ones only."""

from __future__ import annotations

from test_policy_api import GROWTH, officer

POLICY = {
    "title": "江城市促进制造业高质量发展若干政策",
    "issuing_body": "江城市人民政府",
    "published_on": "2026-03-01",
    "industries": ["C"],
}


async def measure(client, tokens, policy_id: str, title: str) -> str:  # type: ignore[no-untyped-def]
    body = {"title": title, "reward_type": "资金奖励", "condition": GROWTH}
    r = await client.post(f"/policies/{policy_id}/measures", json=body, headers=officer(tokens))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def three_measures(client, tokens) -> tuple[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    policy_id = (await client.post("/policies", json=POLICY, headers=officer(tokens))).json()["id"]
    ids = {
        s: await measure(client, tokens, policy_id, f"{s}措施") for s in ("草稿", "发布", "撤回")
    }
    for state in ("发布", "撤回"):
        r = await client.post(f"/measures/{ids[state]}/publish", headers=officer(tokens))
        assert r.status_code == 200, r.text
    await client.post(f"/measures/{ids['撤回']}/withdraw", headers=officer(tokens))
    return policy_id, ids


async def test_a_measure_not_published_is_missing_to_the_public(client, tokens):
    _, ids = await three_measures(client, tokens)
    enterprise = tokens.bearer(tokens.enterprise("91360100MA35K8Q2X9"))
    for headers in ({}, enterprise):
        for state in ("草稿", "撤回"):
            r = await client.get(f"/measures/{ids[state]}", headers=headers)
            assert r.status_code == 404 and r.json()["code"] == "measure_not_found"
            assert f"{state}措施" not in r.text
        assert (await client.get(f"/measures/{ids['发布']}", headers=headers)).status_code == 200
    for state in ("草稿", "撤回"):
        r = await client.get(f"/measures/{ids[state]}", headers=officer(tokens))
        assert r.status_code == 200 and r.json()["title"] == f"{state}措施"


async def test_a_policys_public_detail_lists_only_published_measures(client, tokens):
    policy_id, _ = await three_measures(client, tokens)
    public = (await client.get(f"/policies/{policy_id}")).json()["measures"]
    assert [m["title"] for m in public] == ["发布措施"]
    staff = (await client.get(f"/policies/{policy_id}", headers=officer(tokens))).json()
    assert sorted(m["status"] for m in staff["measures"]) == ["draft", "published", "withdrawn"]
