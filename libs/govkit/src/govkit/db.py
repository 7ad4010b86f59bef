"""Async SQLAlchemy: declarative base with stable constraint names, the engine, and the
request-scoped session that commits when the endpoint returns and rolls back when it raises."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated

import asyncpg
from fastapi import Depends, Request
from sqlalchemy import MetaData, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_only

from govkit.outages import unavailable_dependency

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def make_base() -> type[DeclarativeBase]:
    """A declarative base with its own metadata, so services never share table registries."""

    class ServiceBase(DeclarativeBase):
        metadata = new_metadata()

    return ServiceBase


# A live server answers an empty statement in well under a millisecond.
PING_TIMEOUT_SECONDS = 1.0


def _discard_closed(dbapi_connection: object, record: ConnectionPoolEntry, proxy: object) -> None:
    """A pooled connection whose server went away (a PostgreSQL restart closes every one) is
    replaced on checkout: asyncpg noticed the closed socket already, so this costs no round
    trip — which matters on the autocommit pool, whose hot path has no pre-ping."""
    driver = record.driver_connection
    if driver is not None and driver.is_closed():
        raise DisconnectionError("connection closed by the server")


def _pre_ping(dbapi_connection: object, record: ConnectionPoolEntry, proxy: object) -> None:
    """SQLAlchemy's pre-ping, bounded: its ping waits as long as a statement may (a hung
    server held every request for the whole command timeout). A connection that fails it is
    replaced; if the server cannot be reached, the new connection's connect timeout answers."""
    _discard_closed(dbapi_connection, record, proxy)
    driver = record.driver_connection
    if driver is None:
        return
    try:
        await_only(driver.execute("SELECT 1", timeout=PING_TIMEOUT_SECONDS))
    except Exception as exc:
        raise DisconnectionError("no answer to the pre-ping") from exc


class Database:
    """The engine and session factory of one service, plus after-commit hooks (the outbox
    relay registers one so it wakes as soon as a transaction that wrote events commits).

    Timeouts bound what waits on a database that does not answer: `connect_timeout` a new
    connection, `command_timeout` one statement (None: unbounded, for bulk tools), and
    `pool_timeout` the wait for a free pooled connection."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 10,
        autocommit_pool_size: int = 4,
        echo: bool = False,
        connect_timeout: float = 5.0,
        command_timeout: float | None = None,
        pool_timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.autocommit_pool_size = autocommit_pool_size
        self.pool_timeout = pool_timeout
        self.connect_args: dict[str, object] = {
            "timeout": connect_timeout,
            "command_timeout": command_timeout,
        }
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_timeout=pool_timeout,
            echo=echo,
            # Bound parameters (password hashes, personal data) never reach logs or errors.
            hide_parameters=True,
            connect_args=self.connect_args,
        )
        event.listen(self.engine.sync_engine, "checkout", _pre_ping)
        # A Session subclass per database, so its after-commit hooks see only its own commits.
        session_class = type("DatabaseSession", (Session,), {})
        self.sessionmaker = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=session_class
        )
        self._after_commit: list[Callable[[Session], None]] = []
        self._events_written: list[Callable[[], None]] = []
        event.listen(session_class, "after_commit", self._run_after_commit)
        self._autocommit_engine: AsyncEngine | None = None

    def on_commit(self, hook: Callable[[Session], None]) -> None:
        self._after_commit.append(hook)

    def _run_after_commit(self, session: Session) -> None:
        for hook in self._after_commit:
            hook(session)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A unit of work outside a request: commit on success, roll back on error."""
        async with self.sessionmaker() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection outside every request transaction, where each statement commits on
        its own (a counter bumped here is locked only while Postgres runs the statement).
        It comes from a pool of its own, so it never waits behind requests that hold the main
        pool's connections while asking for it. No overflow: a connection opened for a burst
        and closed after one statement costs more (a backend start) than waiting a moment.

        What runs here is a hot path of a few fixed, index-driven statements, prepared once
        per connection; Postgres plans them once (a generic plan) instead of on every call,
        which for a statement of several parts cost more than running it. Sequential scans
        are off so that a plan made while a table was still small (a fresh deployment) does
        not keep scanning it once it has grown."""
        if self._autocommit_engine is None:
            self._autocommit_engine = create_async_engine(
                self.url,
                pool_size=self.autocommit_pool_size,
                max_overflow=0,
                pool_timeout=self.pool_timeout,
                isolation_level="AUTOCOMMIT",
                hide_parameters=True,
                connect_args={
                    **self.connect_args,
                    "server_settings": {
                        "plan_cache_mode": "force_generic_plan",
                        "enable_seqscan": "off",
                    },
                },
            )
            event.listen(self._autocommit_engine.sync_engine, "checkout", _discard_closed)
        async with self._autocommit_engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def driver_autocommit(self) -> AsyncIterator[asyncpg.Connection]:
        """`autocommit`'s asyncpg connection itself, for a hot path of a few hand-written
        statements: no SQL compilation or result processing, asyncpg's own statement cache.
        Each statement is its own transaction; one that writes outbox rows must call
        `events_written()` after it returns."""
        async with self.autocommit() as conn:
            raw = await conn.get_raw_connection()
            try:
                yield raw.driver_connection
            except BaseException as exc:
                # SQLAlchemy never sees what fails here, so it would put a broken connection
                # back into the pool (where it failed every later request: issue 15).
                if unavailable_dependency(exc) == "database":
                    await conn.invalidate()
                raise

    def on_events_written(self, hook: Callable[[], None]) -> None:
        self._events_written.append(hook)

    def events_written(self) -> None:
        """A statement run outside a session (`driver_autocommit`) committed outbox rows:
        wake whoever publishes them, as a session's commit would."""
        for hook in self._events_written:
            hook()

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._autocommit_engine is not None:
            await self._autocommit_engine.dispose()


def get_database(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).transaction() as session:
        yield session


# scope="function": the commit happens before the response is sent, so a client never sees
# a 2xx for a change that then failed to commit.
DbSession = Annotated[AsyncSession, Depends(_request_session, scope="function")]


def with_database(url: str, database: str) -> str:
    """Swap the database name of a URL, keeping host, port and credentials."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=database).render_as_string(hide_password=False)
