"""Database.autocommit: statements outside the caller's transaction, from their own pool."""

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
