"""A policy's days are Beijing days: a policy valid only on the Beijing today is in force,
matches in the calculator and is pushed at 00:30 Beijing time on a UTC server (whose date is
still yesterday) and at 23:30 on a server east of Beijing (already tomorrow) (issue 14)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from test_policy_api import officer
from test_policy_status import FACTS, add_published_measure, matched
from test_push import notified, profile, seed

from govkit.testing import eventually
from govkit.testing.clocks import BEIJING_DAY, SERVER_DAY_DIFFERS, at


async def policy_valid(client, tokens, valid_from: date, valid_to: date) -> str:  # type: ignore[no-untyped-def]
    r = await client.post(
        "/policies",
        json={
            "title": "江城市稳增长若干措施",
            "issuing_body": "江城市人民政府",
            "published_on": "2026-11-20",
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat(),
            "industries": ["C"],
        },
        headers=officer(tokens),
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("moment", "zone"), SERVER_DAY_DIFFERS)
async def test_a_policy_valid_only_on_the_beijing_today_is_in_force_matches_and_pushes(
    client, tokens, moment: datetime, zone: str
):
    with at(moment, zone):
        await seed(client, [profile("E1", **FACTS)])
        # Valid from today to today, Beijing time: the server's own date is outside it.
        policy_id = await policy_valid(client, tokens, BEIJING_DAY, BEIJING_DAY)
        measure_id = await add_published_measure(client, tokens, policy_id)
        detail = (await client.get(f"/policies/{policy_id}")).json()
        assert detail["in_force"] is True
        assert await matched(client) == [measure_id]

        async def pushed() -> bool:  # by the consumer of policy.measure.published
            return await notified(client) == ["E1"]

        await eventually(pushed)
