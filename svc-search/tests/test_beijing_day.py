"""Search counts by Beijing day: a search at 00:30 Beijing time (16:30 UTC the day before)
goes to that day's row, whatever the server's zone (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from search_builders import search
from test_query_log import held_log_client, rows

from govkit.testing.clocks import BEIJING_DAY, SERVER_DAY_DIFFERS, at
from search.engine.base import SearchDoc

__all__ = ["held_log_client"]  # the fixture, imported for pytest


@pytest.mark.parametrize(("moment", "zone"), SERVER_DAY_DIFFERS)
async def test_a_search_is_counted_on_the_beijing_day(held_log_client, moment, zone):
    client = held_log_client
    with at(moment, zone):
        await search(client, q="公积金提取")
        await client._transport.app.state.recorder.flush()
        assert await rows(client, "SELECT day, searches FROM query_daily") == [(BEIJING_DAY, 1)]
        hot = (await client.get("/analytics/hot")).json()
        assert hot["until"] == BEIJING_DAY.isoformat()
        assert hot["words"] == [{"query": "公积金提取", "count": 1}]


def test_the_year_facet_is_the_beijing_year() -> None:
    # Published at 00:30 on New Year's Day in Beijing, 16:30 UTC on New Year's Eve.
    doc = SearchDoc(
        id="content:x",
        kind="news",
        title="新年贺词",
        published_at=datetime(2026, 12, 31, 16, 30, tzinfo=UTC),
    )
    assert doc.year == "2027"
