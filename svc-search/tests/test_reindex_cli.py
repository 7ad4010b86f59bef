"""`make reindex` keeps following a rebuild while the service restarts (the gateway answers
503 or the connection is refused meanwhile) and gives up only after a long outage."""

from __future__ import annotations

import httpx
import pytest

from search.reindex import ReindexFailed, reindex

FINISHED = {
    "engine": "tantivy",
    "documents": 3,
    "pending": 0,
    "rebuilding": False,
    "rebuild_started_at": "2026-12-03T10:00:00Z",
    "rebuild_finished_at": "2026-12-03T10:00:09Z",
    "replayed_events": 3,
    "rebuilt_documents": 3,
    "rebuild_error": None,
    "rebuild_attempts": 2,
    "rebuild_interrupted_at": "2026-12-03T10:00:04Z",
}


def _service(outage: list[str]) -> httpx.MockTransport:
    """POST accepted; then each GET answers what `outage` says, then the finished status."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(202, json={**FINISHED, "rebuild_finished_at": None})
        if outage:
            step = outage.pop(0)
            if step == "refused":
                raise httpx.ConnectError("connection refused", request=request)
            return httpx.Response(int(step), json={"code": "upstream_unavailable"})
        return httpx.Response(200, json=FINISHED)

    return httpx.MockTransport(answer)


async def test_the_rebuild_is_followed_through_the_services_restart():
    transport = _service(["503", "refused", "502"])
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
        status = await reindex(client, {}, poll_seconds=0.01)
    assert status.rebuild_attempts == 2 and status.rebuild_finished_at is not None


async def test_an_outage_longer_than_the_limit_fails_the_reindex():
    transport = _service(["503"] * 1000)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
        with pytest.raises(ReindexFailed):
            await reindex(client, {}, poll_seconds=0.01, outage_seconds=0.05)
