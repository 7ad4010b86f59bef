"""A dependency away is a 503 with Retry-After, never a 500 or a hang; a restarted PostgreSQL
is used again at once, on the session path and on the driver-level autocommit path.

These tests stop and start a PostgreSQL of their own (the session's shared one serves every
other test of this process)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
import httpx
import psutil
import pytest
from bus_support import (
    ThingChanged,
    effect_count,
    eventually,
    make_consumer,
    record_effect,
    running,
)
from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import func, select, text

from govkit.app import ServiceSpec, create_service_app
from govkit.db import Database, DbSession, get_database
from govkit.events import new_event
from govkit.events.tables import dead_letters
from govkit.outages import unavailable_dependency
from govkit.servers import PostgresServer, free_port
from govkit.servers.postgres import FAST_UNSAFE
from govkit.settings import ServiceSettings
from govkit.testing import app_client

router = APIRouter()


@router.post("/notes")
async def add_note(session: DbSession) -> dict[str, str]:
    await session.execute(text("INSERT INTO notes (path) VALUES ('session')"))
    return {"path": "session"}


@router.post("/notes/driver")
async def add_note_driver(request: Request) -> dict[str, str]:
    async with get_database(request).driver_autocommit() as conn:
        await conn.execute("INSERT INTO notes (path) VALUES ('driver')")
    return {"path": "driver"}


@router.get("/slow")
async def slow(session: DbSession) -> dict[str, bool]:
    await session.execute(text("SELECT pg_sleep(5)"))
    return {"slow": True}


@router.get("/bus")
async def bus(request: Request) -> dict[str, bool]:
    await request.app.state.nats.js.stream_info("ANY")
    return {"bus": True}


@router.get("/disk")
def disk() -> dict[str, bool]:
    Path("/nonexistent/file").read_text()  # an OSError that is nobody's outage
    return {"disk": True}


@pytest.fixture(scope="module")
def own_pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    root = tmp_path_factory.mktemp("own-pg")
    server = PostgresServer(root / "data", free_port(), settings=FAST_UNSAFE)
    server.start()
    server.psql("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, path text)")
    yield server
    server.remove()


@pytest.fixture
def pg(own_pg: PostgresServer) -> Iterator[PostgresServer]:
    _ensure_running(own_pg)
    own_pg.psql("TRUNCATE notes")
    yield own_pg
    _ensure_running(own_pg)  # a failed test must not leave it stopped for the next


def _ensure_running(server: PostgresServer) -> None:
    if server.process is None or server.process.poll() is not None:
        server.start()


def kit_app(database_url: str, nats_url: str, tokens, **settings: object) -> FastAPI:  # type: ignore[no-untyped-def]
    return create_service_app(
        ServiceSpec(
            settings=ServiceSettings(
                database_url=database_url,
                nats_url=nats_url,
                service_name="kit",
                run_event_workers=False,
                **settings,  # type: ignore[arg-type]
            ),
            title="kit",
            routers=[router],
            verifier=tokens.verifier(),
        )
    )


@asynccontextmanager
async def client_of(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(app) as client:
        yield client


def assert_unavailable(r: httpx.Response, code: str) -> None:
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"] == "5"
    body = r.json()
    assert body["code"] == code and body["type"].endswith("/" + code)
    assert not body["title"].isascii() and not body["detail"].isascii()
    assert "x-request-id" in r.headers


def count_notes(pg: PostgresServer) -> dict[str, int]:
    rows = pg.psql("SELECT path, count(*) FROM notes GROUP BY path")
    return {p: int(n) for p, n in (line.split("|") for line in rows.split())}


# -- the pool after a restart -----------------------------------------------------------


async def _fill_pools(db: Database) -> None:
    """Every pooled connection opened, so a restart leaves each of them dead."""

    async def both() -> None:
        async with db.driver_autocommit() as conn:
            await conn.execute("SELECT pg_sleep(0.05)")
        async with db.transaction() as session:
            await session.execute(text("SELECT pg_sleep(0.05)"))

    await asyncio.gather(*(both() for _ in range(4)))


async def test_driver_autocommit_uses_fresh_connections_right_after_a_restart(pg):
    db = Database(pg.url, pool_size=4, autocommit_pool_size=4)
    try:
        await _fill_pools(db)
        # Stopped in a thread, as for a running service: its event loop sees the sockets
        # close. Started from this thread: the server dies with the thread that started it.
        await asyncio.to_thread(pg.stop)
        pg.start()
        for _ in range(8):  # more than the pool holds: no dead connection is handed out
            async with db.driver_autocommit() as conn:
                await conn.execute("INSERT INTO notes (path) VALUES ('driver')")
            async with db.transaction() as session:
                await session.execute(text("INSERT INTO notes (path) VALUES ('session')"))
        assert count_notes(pg) == {"driver": 8, "session": 8}
    finally:
        await db.dispose()


async def test_a_connection_lost_inside_driver_autocommit_is_not_pooled_again(pg):
    db = Database(pg.url, pool_size=1, autocommit_pool_size=1)
    try:
        with pytest.raises(Exception) as lost:
            async with db.driver_autocommit() as conn:
                pg.psql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                )
                await conn.execute("SELECT 1")
        assert unavailable_dependency(lost.value) == "database"
        async with db.driver_autocommit() as conn:
            assert await conn.fetchval("SELECT 2") == 2
    finally:
        await db.dispose()


# -- 503 through HTTP -------------------------------------------------------------------


async def test_postgres_stopped_is_503_on_both_paths_then_writes_succeed_again(
    pg, nats_url, tokens
):
    app = kit_app(pg.url, nats_url, tokens)
    async with client_of(app) as client:
        for path in ("/notes", "/notes/driver"):  # warm both pools
            assert (await client.post(path)).status_code == 200
        accepted = {"session": 1, "driver": 1}
        await asyncio.to_thread(pg.stop)
        last_failure = {"session": 0.0, "driver": 0.0}

        async def write_for(seconds: float) -> None:
            until = time.monotonic() + seconds
            while time.monotonic() < until:
                for name, path in (("session", "/notes"), ("driver", "/notes/driver")):
                    started = time.monotonic()
                    r = await client.post(path)
                    assert time.monotonic() - started < 1
                    if r.status_code == 200:
                        accepted[name] += 1
                    else:
                        assert_unavailable(r, "database_unavailable")
                        last_failure[name] = time.monotonic()
                await asyncio.sleep(0.01)

        await write_for(0.5)
        assert all(last_failure.values())  # the outage was seen on both paths
        pg.start()  # from this thread: the server dies with the thread that started it
        up_at = time.monotonic()
        await write_for(1.5)
        for name in accepted:  # measured: the first write after the restart succeeds
            assert last_failure[name] < up_at, name
        # Every write that was answered 2xx is there, and nothing else.
        assert count_notes(pg) == accepted


async def test_a_database_on_a_closed_port_is_503_for_session_and_driver_paths(nats_url, tokens):
    app = kit_app(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/x", nats_url, tokens)
    async with client_of(app) as client:
        assert_unavailable(await client.post("/notes"), "database_unavailable")
        assert_unavailable(await client.post("/notes/driver"), "database_unavailable")
        ready = await client.get("/readyz")
        assert ready.status_code == 503


async def test_a_database_that_never_answers_is_503_within_the_connect_timeout(nats_url, tokens):
    # Accepts the TCP connection and then says nothing, like a server that hangs.
    silent = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/x"
    app = kit_app(url, nats_url, tokens, db_connect_timeout=0.5)
    try:
        async with client_of(app) as client:
            for path in ("/notes", "/notes/driver"):
                started = time.monotonic()
                assert_unavailable(await client.post(path), "database_unavailable")
                assert time.monotonic() - started < 2
    finally:
        silent.close()


async def test_a_statement_past_the_command_timeout_is_503_not_a_hang(pg, nats_url, tokens):
    app = kit_app(pg.url, nats_url, tokens, db_command_timeout=0.5)
    async with client_of(app) as client:
        started = time.monotonic()
        assert_unavailable(await client.get("/slow"), "database_unavailable")
        assert time.monotonic() - started < 2


async def test_nats_away_is_503_bus_unavailable(database_url, tokens):
    app = kit_app(database_url, f"nats://127.0.0.1:{free_port()}", tokens)
    async with client_of(app) as client:
        assert_unavailable(await client.get("/bus"), "bus_unavailable")


async def test_an_os_error_that_is_no_dependency_stays_a_500(database_url, nats_url, tokens):
    app = kit_app(database_url, nats_url, tokens)
    async with client_of(app) as client:
        r = await client.get("/disk")
    assert r.status_code == 500 and r.json()["code"] == "internal_error"
    assert "retry-after" not in r.headers


# -- consumers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.InterfaceError("connection is closed"),
    ],
    ids=["starting-up", "shutting-down", "closed"],
)
async def test_a_consumer_waits_out_a_restarting_database_without_dead_lettering(
    db, nats_conn, error
):
    # Raw asyncpg errors: SQLAlchemy wraps neither a failed connect nor these in
    # OperationalError, so they used to count as the handler's failures.
    outage = 4  # more failures than max_attempts

    async def database_restarting(session, event):  # type: ignore[no-untyped-def]
        nonlocal outage
        if outage > 0:
            outage -= 1
            raise error
        await record_effect(session, event)

    consumer = make_consumer(
        db,
        nats_conn,
        name="restart-tolerant",
        handler=database_restarting,
        max_attempts=2,
        infrastructure_retry_seconds=0.05,
    )
    async with running(consumer):
        event = new_event(ThingChanged(thing="later", payload_version=1), source="/t", subject="x")
        await nats_conn.js.publish(event.nats_subject, event.model_dump_json().encode())
        await eventually(lambda: _is_one(effect_count(db, "later")))
    async with db.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(dead_letters)) == 0


async def _is_one(count: Awaitable[int]) -> bool:
    return await count == 1


# -- telling an outage from a bug -------------------------------------------------------


def test_an_outage_is_recognised_inside_an_exception_group():
    group = ExceptionGroup("task group", [ValueError("x"), asyncpg.CannotConnectNowError("up")])
    assert unavailable_dependency(group) == "database"


def test_errors_that_are_no_outage_are_not_recognised_as_one():
    assert (
        unavailable_dependency(asyncpg.InterfaceError("another operation is in progress")) is None
    )
    assert unavailable_dependency(asyncpg.UniqueViolationError("duplicate key")) is None
    assert unavailable_dependency(ConnectionError("raised by our own code")) is None


async def test_a_hung_database_is_503_within_seconds_on_the_session_path(pg, nats_url, tokens):
    """A server that stops answering (not closed: its sockets stay open) must not hold a
    request for the whole statement timeout: the pooled connection's ping is bounded."""
    app = kit_app(pg.url, nats_url, tokens, db_connect_timeout=0.5)
    async with client_of(app) as client:
        assert (await client.post("/notes")).status_code == 200  # a pooled connection
        with frozen(pg):
            started = time.monotonic()
            assert_unavailable(await client.post("/notes"), "database_unavailable")
            # Measured 3.5 s: the 1 s ping, SQLAlchemy's 2 s graceful close of the hung
            # connection, the 0.5 s connect; without the bound, the 30 s statement timeout.
            assert time.monotonic() - started < 5


@contextmanager
def frozen(pg: PostgresServer) -> Iterator[None]:
    assert pg.process is not None
    processes = [psutil.Process(pg.process.pid)]
    processes += processes[0].children()
    for p in processes:
        p.suspend()
    try:
        yield
    finally:
        for p in processes:
            p.resume()
