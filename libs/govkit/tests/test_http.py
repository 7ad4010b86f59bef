"""The coalescing uvicorn protocol: one write per loop turn, and whole answers over HTTP."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from govkit.http import CoalescingHttpToolsProtocol, CoalescingTransport
from govkit.servers import free_port


class RecordingTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str) -> str:
        return f"info:{name}"


async def test_writes_in_one_loop_turn_leave_in_one_piece():
    real = RecordingTransport()
    transport = CoalescingTransport(real, asyncio.get_running_loop())  # type: ignore[arg-type]
    transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
    transport.write(b"body")
    assert real.writes == []
    await asyncio.sleep(0)
    assert real.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
    transport.write(b"more")
    transport.close()  # nothing written is lost on close
    assert real.writes[-1] == b"more" and real.closed
    assert transport.get_extra_info("peername") == "info:peername"


def test_answers_arrive_whole_over_http():
    app = FastAPI()

    @app.post("/echo")
    async def echo(body: dict[str, str]) -> dict[str, str]:
        return body

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def parts():  # type: ignore[no-untyped-def]
            for i in range(3):
                yield f"part{i};"
                await asyncio.sleep(0.01)

        return StreamingResponse(parts())

    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, http=CoalescingHttpToolsProtocol, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(3):  # keep-alive: several answers on one connection
                r = client.post("/echo", json={"标题": "路灯不亮"})
                assert r.status_code == 200 and r.json() == {"标题": "路灯不亮"}
            assert client.get("/stream").text == "part0;part1;part2;"
    finally:
        server.should_exit = True
        thread.join(5)


def test_a_500_keeps_the_connection_usable_and_carries_the_request_id():
    """An unhandled error is answered by the request-context middleware, so uvicorn never
    sees the exception (it would close the keep-alive connection without saying so)."""
    import http.client

    from govkit.errors import install_error_handlers
    from govkit.metrics import HTTP_REQUESTS
    from govkit.middleware import RequestContextMiddleware

    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, service="kit-http")

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    @app.get("/ok")
    async def ok() -> dict[str, bool]:
        return {"ok": True}

    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, http=CoalescingHttpToolsProtocol, log_level="critical"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/boom", headers={"X-Request-ID": "req-boom"})
        first = conn.getresponse()
        body = first.read()
        assert first.status == 500 and b"secret" not in body
        assert first.getheader("x-request-id") == "req-boom"
        assert first.getheader("content-type") == "application/problem+json"
        if (first.getheader("connection") or "").lower() != "close":
            conn.request("GET", "/ok")  # the same socket: it must still be open
            second = conn.getresponse()
            assert second.status == 200 and second.read() == b'{"ok":true}'
        conn.close()
        # The duration recorded is the request's, not the clock's value since boot.
        elapsed = HTTP_REQUESTS.labels("kit-http", "GET", "/boom", "500")._sum.get()
        assert 0 < elapsed < 5
    finally:
        server.should_exit = True
        thread.join(5)
