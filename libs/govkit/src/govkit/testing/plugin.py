"""pytest plugin (enabled in the root pyproject): one real PostgreSQL and one real NATS
server per test process (so per xdist worker), started on free ports, thrown away at the end.

Fixtures: `pg_server`, `nats_server`, `nats_url` (streams wiped for each test),
`database_url` (a fresh empty database per test), `fresh_database` (a per-test clone of a
service's migrated template), `tokens` (a JWT signer and the matching verifier).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import nats
import pytest
from fastapi import FastAPI

from govkit.servers import NatsServer, PostgresServer, free_port
from govkit.servers.postgres import FAST_UNSAFE
from govkit.testing.apps import service_client
from govkit.testing.databases import create_database, drop_database, migrated_template
from govkit.testing.tokens import TokenFactory


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    root = tmp_path_factory.mktemp("pg")
    server = PostgresServer(root / "data", free_port(), settings=FAST_UNSAFE)
    server.start()
    yield server
    server.remove()


@pytest.fixture(scope="session")
def nats_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    root = tmp_path_factory.mktemp("nats")
    server = NatsServer(root / "store", free_port())
    server.start()
    yield server
    server.remove()


async def wipe_streams(url: str) -> None:
    nc = await nats.connect(url, connect_timeout=2)
    try:
        js = nc.jetstream()
        for name in await js.streams_info():
            with contextlib.suppress(Exception):
                await js.delete_stream(name.config.name)
    finally:
        await nc.close()


@pytest.fixture
async def nats_url(nats_server: NatsServer) -> AsyncIterator[str]:
    await wipe_streams(nats_server.url)
    yield nats_server.url


@pytest.fixture
async def database_url(pg_server: PostgresServer) -> AsyncIterator[str]:
    url = await create_database(pg_server)
    yield url
    await drop_database(pg_server, url)


@pytest.fixture(scope="session")
def _migrated_templates() -> dict[str, str]:
    return {}


@pytest.fixture
async def fresh_database(
    pg_server: PostgresServer, _migrated_templates: dict[str, str]
) -> AsyncIterator[Callable[[str, Path], Awaitable[str]]]:
    """`await fresh_database("content", migrations_dir)` → URL of a new database cloned from
    a template migrated once per worker; dropped after the test."""
    created: list[str] = []

    async def make(name: str, migrations_dir: Path) -> str:
        if name not in _migrated_templates:
            # Alembic's env runs its own event loop: give it a thread.
            _migrated_templates[name] = await asyncio.to_thread(
                migrated_template, pg_server, name, migrations_dir
            )
        url = await create_database(pg_server, _migrated_templates[name])
        created.append(url)
        return url

    yield make
    for url in created:
        await drop_database(pg_server, url)


@pytest.fixture(scope="session")
def tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture
def service_app(fresh_database, nats_url, tokens):  # type: ignore[no-untyped-def]
    """`async with service_app(create_app, Settings, "content", migrations_dir) as client:` —
    the service on its own fresh database and the test NATS, trusting `tokens`."""

    @contextlib.asynccontextmanager
    async def run(
        create_app: Callable[..., FastAPI],
        settings_cls: type,
        name: str,
        migrations_dir: Path,
        *,
        trust_test_tokens: bool = True,
        **overrides: object,
    ) -> AsyncIterator[httpx.AsyncClient]:
        url = await fresh_database(name, migrations_dir)
        settings = settings_cls(database_url=url, nats_url=nats_url, **overrides)
        trusted = tokens if trust_test_tokens else None
        async with service_client(create_app, settings, trusted) as client:
            yield client

    return run
