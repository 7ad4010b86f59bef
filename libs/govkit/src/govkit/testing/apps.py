"""Run an app for a test: in-process with its lifespan, or served by uvicorn over real HTTP."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import uvicorn
from fastapi import FastAPI

from govkit.servers.ports import free_port
from govkit.testing.tokens import TokenFactory


@asynccontextmanager
async def app_client(app: FastAPI, **client_kwargs: object) -> AsyncIterator[httpx.AsyncClient]:
    """The app's lifespan runs (database, NATS, relay, consumers) around an in-process client."""
    async with app.router.lifespan_context(app):
        # Like a real server: an unhandled error is a 500 response, not an exception here.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://testserver",
            **client_kwargs,  # type: ignore[arg-type]
        ) as client:
            yield client


@contextmanager
def serve_app(app: FastAPI, port: int | None = None) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 in a background thread; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        if not thread.is_alive():
            raise RuntimeError("uvicorn failed to start")
        threading.Event().wait(0.025)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@asynccontextmanager
async def service_client(
    create_app: Callable[..., FastAPI], settings: object, tokens: TokenFactory | None
) -> AsyncIterator[httpx.AsyncClient]:
    """A service app on the given settings, connected to NATS, trusting `tokens` (or, with
    None, its own verifier: the gateway verifies the tokens it issues itself)."""
    app = create_app(settings, verifier=tokens.verifier()) if tokens else create_app(settings)
    async with app_client(app) as client:
        await app.state.nats.wait_connected(10)
        yield client
