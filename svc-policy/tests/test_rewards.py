from __future__ import annotations


async def test_the_fourteen_reward_types_are_listed(client):
    r = await client.get("/reward-types")
    assert r.status_code == 200
    names = [t["name"] for t in r.json()]
    assert len(names) == 14
    assert names[0] == "资金奖励" and names[-1] == "其他"


async def test_service_is_ready_with_its_database_and_nats(client):
    r = await client.get("/readyz")
    assert r.status_code == 200, r.text
    assert r.json()["checks"] == {"database": "ok", "nats": "ok"}
