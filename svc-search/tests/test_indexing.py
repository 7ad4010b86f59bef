"""The index follows the other services through their events only."""

from __future__ import annotations

import pytest
from search_builders import (
    ids,
    index,
    item,
    knowledge,
    measure,
    search,
    ticket,
    withdrawn,
)

from govkit.contracts import TicketUndisclosed
from govkit.testing import eventually
from search.indexing.schemas import IndexStatus
from search.reindex import ReindexFailed, reindex


async def test_a_published_item_becomes_searchable(client):
    news = item(title="全市不动产登记实现一网通办")
    await index(client, news)
    assert ids(await search(client, q="不动产登记")) == [f"content:{news.item_id}"]


async def test_a_withdrawn_item_is_gone(client):
    news = item(title="关于调整公积金缴存基数的通知")
    await index(client, news)
    await index(client, withdrawn(news, 2))
    assert (await search(client, q="公积金缴存"))["total"] == 0


async def test_a_late_stale_publish_does_not_resurrect_a_withdrawn_item(client):
    news = item(title="养老保险待遇调整公告", payload_version=1)
    await index(client, withdrawn(news, 2), news)
    assert (await search(client, q="养老保险"))["total"] == 0


async def test_a_newer_edition_replaces_the_older_one(client):
    first = item(title="公积金贷款额度调整")
    second = item(item_id=first.item_id, title="公积金贷款利率下调", payload_version=2)
    await index(client, first, second)
    result = await search(client, q="公积金贷款")
    assert result["total"] == 1
    assert "利率" in result["hits"][0]["title"]


async def test_measures_tickets_and_knowledge_are_searchable(client):
    m = measure(title="专精特新企业奖励")
    t = ticket(title="工地夜间施工噪音扰民")
    k = knowledge("失业金怎么领取", "符合条件的失业人员可在线申领失业保险金。")
    await index(client, m, t, k)
    assert ids(await search(client, q="专精特新")) == [f"measure:{m.measure_id}"]
    assert ids(await search(client, q="噪音扰民")) == [f"ticket:{t.ticket_id}"]
    assert ids(await search(client, q="失业金")) == [f"knowledge:{k.entry_id}"]


async def test_an_undisclosed_ticket_leaves_the_index(client):
    t = ticket(title="小区垃圾清运不及时", payload_version=1)
    await index(
        client, t, TicketUndisclosed(ticket_id=t.ticket_id, number=t.number, payload_version=2)
    )
    assert (await search(client, q="垃圾清运"))["total"] == 0


async def test_rebuild_replays_the_streams_while_search_keeps_serving(client, tokens):
    kept = item(title="医疗保险异地就医备案")
    await index(client, kept)
    app = client._transport.app
    engine = app.state.engine
    generation = engine.generation
    admin = tokens.bearer(tokens.admin())
    response = await client.post("/admin/reindex", headers=admin)
    assert response.status_code == 202, response.text
    # Still answering while the shadow fills.
    assert ids(await search(client, q="异地就医")) == [f"content:{kept.item_id}"]

    async def rebuilt() -> bool:
        status = (await client.get("/admin/index", headers=admin)).json()
        return status["rebuild_finished_at"] is not None

    await eventually(rebuilt)
    assert engine.generation == generation + 1
    status = (await client.get("/admin/index", headers=admin)).json()
    assert status["replayed_events"] == 1 and status["documents"] == 1
    assert ids(await search(client, q="异地就医")) == [f"content:{kept.item_id}"]


async def test_reindex_needs_a_platform_admin(client, tokens):
    editor = tokens.issue("ed", roles=[{"role": "site_editor", "scope": "site:portal"}])
    response = await client.post("/admin/reindex", headers=tokens.bearer(editor))
    assert response.status_code == 403


async def test_make_reindex_follows_the_rebuild_until_the_new_index_serves(client, tokens):
    kept = item(title="医疗保险异地就医备案")
    await index(client, kept)
    seen: list[IndexStatus] = []
    admin = tokens.bearer(tokens.admin())
    status = await reindex(client, admin, prefix="", poll_seconds=0.02, report=seen.append)
    assert status.rebuild_finished_at is not None and not status.rebuilding
    assert status.replayed_events == 1 and status.rebuilt_documents == 1
    assert seen[-1] == status
    assert ids(await search(client, q="异地就医")) == [f"content:{kept.item_id}"]
    editor = tokens.bearer(tokens.issue("ed", roles=[{"role": "site_editor", "scope": "site:x"}]))
    with pytest.raises(ReindexFailed):
        await reindex(client, editor, prefix="")
