from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from gateway_support import MIGRATIONS

from gateway.app import create_app
from gateway.settings import Settings
from govkit.servers import free_port
from govkit.testing import serve_app


def echo_app() -> FastAPI:
    """A stand-in upstream that reports what reached it, over real HTTP."""
    app = FastAPI()

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(path: str, request: Request):  # type: ignore[no-untyped-def]
        if path == "slow":
            await asyncio.sleep(2)
        if path == "stream":

            async def chunks():  # type: ignore[no-untyped-def]
                for i in range(5):
                    yield f"chunk{i}\n".encode()

            return StreamingResponse(chunks(), media_type="text/plain")
        body = await request.body()
        return JSONResponse(
            {
                "method": request.method,
                "path": "/" + path,
                "query": request.url.query,
                "headers": dict(request.headers),
                "body_length": len(body),
                "body_head": body[:32].decode(errors="replace"),
            },
            status_code=201 if request.method == "POST" else 200,
            headers={"x-upstream": "echo"},
        )

    return app


@pytest.fixture(scope="session")
def echo_url() -> Iterator[str]:
    with serve_app(echo_app()) as url:
        yield url


@pytest.fixture
async def gateway(service_app, echo_url) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """The gateway with content/tickets/search routed to the echo upstream, policy to a port
    where nothing listens, and a short search timeout."""
    dead = f"http://127.0.0.1:{free_port()}"
    async with service_app(
        create_app,
        Settings,
        "gateway",
        MIGRATIONS,
        trust_test_tokens=False,
        # Tests log in many times from one address; the login limit has its own test.
        ratelimit_login_burst=10_000,
        ratelimit_anonymous_burst=10_000,
        ratelimit_anonymous_read_burst=10_000,
        content_url=echo_url,
        tickets_url=echo_url,
        policy_url=dead,
        search_url=echo_url,
        search_timeout=0.3,
        max_body_bytes=4 * 1_048_576,
    ) as client:
        yield client
