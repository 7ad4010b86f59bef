"""`/healthz`: the process is alive. `/readyz`: its database and NATS are reachable."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

ReadinessCheck = Callable[[], Awaitable[None]]

router = APIRouter(tags=["运维"])


@router.get("/healthz", summary="存活检查")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="就绪检查（数据库与消息总线）")
async def readyz(request: Request) -> JSONResponse:
    checks: dict[str, ReadinessCheck] = request.app.state.readiness_checks
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            async with asyncio.timeout(2.0):
                await check()
            results[name] = "ok"
        except Exception as exc:
            results[name] = f"unavailable: {type(exc).__name__}"
    ready = all(v == "ok" for v in results.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": results},
        status_code=200 if ready else 503,
    )
