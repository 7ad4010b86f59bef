"""`make reindex`: rebuild the running service's index by replaying the event streams, while
it keeps answering searches. Logs in as a platform admin through the gateway, asks
POST /admin/reindex, then follows GET /admin/index until the new index serves.

The index has one writer, inside the service, so the rebuild runs there; this only asks for
it and reports. If the service goes away meanwhile (crashed, restarted by the devstack), this
keeps asking for up to `outage_seconds`: the restarted service resumes the journalled rebuild
and `GET /admin/index` says so (`rebuild_attempts` 2+). Environment: GATEWAY_URL (default
the devstack's http://127.0.0.1:8000), REINDEX_USERNAME (default `admin`), REINDEX_PASSWORD
(default DEVSTACK_DEMO_PASSWORD, the devstack's demo password).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable

import httpx

from search.indexing.schemas import IndexStatus

UNAVAILABLE = {502, 503, 504}  # the gateway's answers while the service restarts
DEVSTACK_DEMO_PASSWORD = "Gov@2026demo"  # devstack's documented demo default, not a secret


class ReindexFailed(RuntimeError):
    pass


async def reindex(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    prefix: str = "/api/search",
    poll_seconds: float = 1.0,
    report: Callable[[IndexStatus], None] = lambda _status: None,
    outage_seconds: float = 120.0,
) -> IndexStatus:
    """Start a rebuild and wait for it; the final status, or ReindexFailed."""
    response = await client.post(f"{prefix}/admin/reindex", headers=headers)
    if response.status_code != 202:
        raise ReindexFailed(f"POST /admin/reindex: {response.status_code} {response.text[:300]}")
    away_since: float | None = None
    while True:  # the POST started a new journalled rebuild: a finish time is this one's
        try:
            response = await client.get(f"{prefix}/admin/index", headers=headers)
            unavailable = response.status_code in UNAVAILABLE
        except httpx.TransportError:
            unavailable = True
        if unavailable:
            away_since = away_since if away_since is not None else time.monotonic()
            if time.monotonic() - away_since > outage_seconds:
                raise ReindexFailed(f"搜索服务 {outage_seconds:.0f} 秒内未恢复")
            await asyncio.sleep(poll_seconds)
            continue
        away_since = None
        response.raise_for_status()
        status = IndexStatus.model_validate(response.json())
        report(status)
        if status.rebuild_error:
            raise ReindexFailed(status.rebuild_error)
        if not status.rebuilding and status.rebuild_finished_at is not None:
            return status
        await asyncio.sleep(poll_seconds)


async def login(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    response = await client.post("/auth/login", json={"username": username, "password": password})
    if response.status_code != 200:
        raise ReindexFailed(f"login as {username}: {response.status_code} {response.text[:300]}")
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _show(status: IndexStatus) -> None:
    print(
        f"  replayed {status.replayed_events} events, rebuilt {status.rebuilt_documents}"
        f" documents, serving {status.documents}, pending {status.pending}"
        + (
            f" (restarted after an interruption, attempt {status.rebuild_attempts})"
            if status.rebuild_attempts > 1
            else ""
        ),
        flush=True,
    )


async def main() -> int:
    gateway = os.environ.get("GATEWAY_URL", "http://127.0.0.1:8000")
    username = os.environ.get("REINDEX_USERNAME", "admin")
    password = os.environ.get(
        "REINDEX_PASSWORD", os.environ.get("DEVSTACK_DEMO_PASSWORD", DEVSTACK_DEMO_PASSWORD)
    )
    async with httpx.AsyncClient(base_url=gateway, timeout=30) as client:
        try:
            headers = await login(client, username, password)
            print(f"重建搜索索引（{gateway}），期间照常检索…", flush=True)
            status = await reindex(client, headers, report=_show)
        except (ReindexFailed, httpx.HTTPError) as exc:
            print(f"索引重建失败：{exc}", file=sys.stderr)
            return 1
    print(f"完成：{status.engine} 索引 {status.documents} 篇文档。", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
