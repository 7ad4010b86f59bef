"""Database.autocommit: statements outside the caller's transaction, from their own pool;
the same connection at the driver level; the hooks woken by events written there."""

from __future__ import annotations

from sqlalchemy import text

from govkit.db import Database


async def test_an_autocommit_statement_survives_the_callers_rollback(db: Database):
    async with db.autocommit() as conn:
        await conn.execute(text("CREATE TABLE counters (n int)"))
    async with db.sessionmaker() as session:
        await session.execute(text("SELECT 1"))  # the request's transaction is open
        async with db.autocommit() as conn:
            await conn.execute(text("INSERT INTO counters VALUES (1)"))
        await session.rollback()
    async with db.sessionmaker() as session:
        assert await session.scalar(text("SELECT count(*) FROM counters")) == 1


async def test_autocommit_works_while_every_session_connection_is_taken(db: Database):
    # pool_size=5 with as many overflow: hold all ten, then ask for an autocommit connection.
    sessions = [db.sessionmaker() for _ in range(10)]
    for session in sessions:
        await session.execute(text("SELECT 1"))
    async with db.autocommit() as conn:
        assert await conn.scalar(text("SELECT 2")) == 2
    for session in sessions:
        await session.close()


async def test_a_driver_statement_commits_on_its_own(db: Database):
    async with db.driver_autocommit() as conn:
        await conn.execute("CREATE TABLE notes (body text)")
        await conn.execute("INSERT INTO notes VALUES ($1)", "已受理")
    async with db.sessionmaker() as session:
        assert await session.scalar(text("SELECT body FROM notes")) == "已受理"


async def test_events_written_outside_a_session_wake_the_hooks(db: Database):
    woken: list[str] = []
    db.on_events_written(lambda: woken.append("relay"))
    db.events_written()
    assert woken == ["relay"]
