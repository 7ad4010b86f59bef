"""A disclosure is dated on the Beijing day its ticket was replied, not the UTC date of the
stored timestamp (issue 14)."""

from __future__ import annotations

from test_disclosure import prepared

from govkit.testing.clocks import BEIJING_DAY, HALF_PAST_MIDNIGHT, at


async def test_a_disclosure_is_dated_on_the_beijing_day_of_the_reply(desk, client):
    with at(HALF_PAST_MIDNIGHT):  # the stored replied_at reads back as 16:30 UTC the day before
        _, draft = await prepared(desk, client)
    assert draft["replied_on"] == BEIJING_DAY.isoformat()
