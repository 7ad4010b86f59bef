"""The data export, composed from every service's own `GET /me/data` with the caller's
token (a read the gateway composes: ARCHITECTURE allows it to be synchronous). A service
that cannot answer fails the export (503, Retry-After): a partial export would claim to be
everything while it is not."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import aiohttp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import messages
from gateway.orgs.models import Org
from gateway.privacy.schemas import DataExport, MyAccount
from gateway.routing.upstreams import Upstream
from gateway.users.models import User
from govkit.errors import ServiceUnavailable

MY_DATA_PATH = "/me/data"


class ServiceMissing(Exception):
    def __init__(self, upstream: Upstream) -> None:
        super().__init__(upstream.name)
        self.upstream = upstream


async def fetch_one(
    session: aiohttp.ClientSession, upstream: Upstream, authorization: str, request_id: str | None
) -> dict[str, Any]:
    headers = {"Authorization": authorization, "Accept": "application/json"}
    if request_id:
        headers["X-Request-ID"] = request_id
    try:
        async with session.get(
            upstream.base_url + MY_DATA_PATH,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=upstream.timeout),
        ) as response:
            if response.status != 200:
                raise ServiceMissing(upstream)
            data: dict[str, Any] = await response.json()
            return data
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        raise ServiceMissing(upstream) from exc


async def collect(
    session: aiohttp.ClientSession,
    upstreams: dict[str, Upstream],
    authorization: str,
    *,
    request_id: str | None,
    retry_after: int,
) -> dict[str, dict[str, Any]]:
    names = list(upstreams)
    results = await asyncio.gather(
        *(fetch_one(session, upstreams[n], authorization, request_id) for n in names),
        return_exceptions=True,
    )
    for result in results:
        if isinstance(result, ServiceMissing):
            raise ServiceUnavailable(
                messages.EXPORT_UNAVAILABLE.format(service=result.upstream.title),
                code="export_incomplete",
                headers={"Retry-After": str(retry_after)},
            )
        if isinstance(result, BaseException):
            raise result
    return dict(zip(names, results, strict=True))  # type: ignore[arg-type]


async def account_of(session: AsyncSession, user: User) -> MyAccount:
    org = None
    if user.org_id is not None:
        org = await session.scalar(select(Org.code).where(Org.id == user.org_id))
    return MyAccount(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        kind=user.kind,
        credit_code=user.credit_code,
        org_code=org,
        active=user.active,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        grants=[{"role": g.role, "scope": g.scope} for g in user.grants],
    )


def assemble(account: MyAccount, services: dict[str, dict[str, Any]]) -> DataExport:
    return DataExport(generated_at=datetime.now(UTC), account=account, services=services)
