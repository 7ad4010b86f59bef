from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from bus_support import TEST_STREAMS, effects_metadata

from govkit.db import Database
from govkit.events import NatsConnection, OutboxRelay, create_event_tables


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, pool_size=5)
    async with database.engine.begin() as conn:
        await conn.run_sync(create_event_tables)
        await conn.run_sync(effects_metadata.create_all)
    yield database
    await database.dispose()


@pytest.fixture
async def nats_conn(nats_url: str) -> AsyncIterator[NatsConnection]:
    conn = NatsConnection(nats_url, name="tests", streams=TEST_STREAMS)
    conn.start()
    await conn.wait_connected(10)
    yield conn
    await conn.close()


@pytest.fixture
async def relay(db: Database, nats_conn: NatsConnection) -> AsyncIterator[OutboxRelay]:
    relay = OutboxRelay(db, nats_conn, poll_seconds=0.2)
    relay.start()
    yield relay
    await relay.stop()
