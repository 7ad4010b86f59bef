"""`make reindex`: rebuild the running service's index by replaying the event streams, while
it keeps answering searches. Logs in as a platform admin through the gateway, asks
POST /admin/reindex, then follows GET /admin/index until the new index serves.

The index has one writer, inside the service, so the rebuild runs there; this only asks for
it and reports. Environment: GATEWAY_URL (default the devstack's http://127.0.0.1:8000),
REINDEX_USERNAME (default `admin`), REINDEX_PASSWORD (default DEVSTACK_DEMO_PASSWORD, the
devstack's demo password).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable

import httpx

from search.indexing.schemas import IndexStatus

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
) -> IndexStatus:
    """Start a rebuild and wait for it; the final status, or ReindexFailed."""
    response = await client.post(f"{prefix}/admin/reindex", headers=headers)
    if response.status_code != 202:
        raise ReindexFailed(f"POST /admin/reindex: {response.status_code} {response.text[:300]}")
    while True:  # the POST reset the rebuild state: a finish time is this rebuild's
        response = await client.get(f"{prefix}/admin/index", headers=headers)
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
        f" documents, serving {status.documents}, pending {status.pending}",
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
