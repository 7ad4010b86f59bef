"""`/gateway/services`: which services the gateway routes to, and whether each is ready."""

from __future__ import annotations

import asyncio

import aiohttp
from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter(prefix="/gateway", tags=["网关"])


class UpstreamStatus(BaseModel):
    name: str
    title: str
    prefix: str
    ready: bool


@router.get("/services", response_model=list[UpstreamStatus], summary="后端服务及其就绪状态")
async def services(request: Request) -> list[UpstreamStatus]:
    session: aiohttp.ClientSession = request.app.state.upstream_session
    upstreams = request.app.state.upstreams

    async def ready(base_url: str) -> bool:
        try:
            async with session.get(
                f"{base_url}/readyz", timeout=aiohttp.ClientTimeout(total=2.0)
            ) as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    states = await asyncio.gather(*(ready(u.base_url) for u in upstreams.values()))
    return [
        UpstreamStatus(name=u.name, title=u.title, prefix=f"/api/{u.name}", ready=state)
        for u, state in zip(upstreams.values(), states, strict=True)
    ]
