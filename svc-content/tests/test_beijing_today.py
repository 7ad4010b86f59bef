"""Content's dates are Beijing dates: 成文日期 may be today but not tomorrow, and a 索引号 takes
the year and month of the Beijing day it is published on, whatever the server's zone
(issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from content_support import POLICY_FIELDS, make_desk
from sqlalchemy import update

from content.sites.models import Site
from govkit.testing.clocks import BEIJING_DAY, SERVER_DAY_DIFFERS, at


@pytest.mark.parametrize(("moment", "zone"), SERVER_DAY_DIFFERS)
async def test_written_on_may_be_the_beijing_today_but_not_tomorrow(client, tokens, moment, zone):
    with at(moment, zone):
        desk = await make_desk(client, tokens)
        item = await desk.create(**{**POLICY_FIELDS, "written_on": BEIJING_DAY.isoformat()})
        assert item["working"]["written_on"] == BEIJING_DAY.isoformat()
        tomorrow = BEIJING_DAY + timedelta(days=1)
        r = await client.post(
            f"/editorial/sites/{desk.site}/items",
            json={**POLICY_FIELDS, "written_on": tomorrow.isoformat()},
            headers=desk.editor,
        )
        assert r.status_code == 422, r.text
        assert "成文日期不能晚于今天" in r.text


NEW_YEARS_MORNING = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 2027-01-01 00:30 in Beijing


async def test_the_index_number_has_the_beijing_month_of_publication(client, tokens):
    with at(NEW_YEARS_MORNING):
        desk = await make_desk(client, tokens)
        async with client._transport.app.state.db.transaction() as session:
            await session.execute(
                update(Site)
                .where(Site.code == desk.site)
                .values(index_rule="{org_code}/{year}{month:02d}-{seq:05d}")
            )
        published = await desk.publish(**{**POLICY_FIELDS, "written_on": "2027-01-01"})
        assert published["index_number"] == "PORTAL/202701-00001"


async def test_an_item_without_written_on_is_listed_under_the_beijing_year_of_publication(
    client, tokens
):
    with at(NEW_YEARS_MORNING):
        desk = await make_desk(client, tokens)
        news = await desk.publish(title="新年贺词")
        listed = (await client.get(f"/sites/{desk.site}/items", params={"year": 2027})).json()
        assert [i["id"] for i in listed["items"]] == [news["id"]]
