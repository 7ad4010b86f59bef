"""Start-up of the gateway's identity parts (they need the database the lifespan opens)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

import structlog
from fastapi import FastAPI

from gateway.apikeys.service import ApiKeyAuthenticator
from gateway.settings import Settings
from gateway.tokens.keyring import KeyRing
from gateway.tokens.service import TokenService
from govkit.auth import JwksVerifier
from govkit.tasks import cancel_and_wait

log = structlog.get_logger("gateway.identity")
PRUNE_EVERY_ROUNDS = 240  # of 15 s: lockouts of names without an account, hourly


def local_verifier(app: FastAPI, settings: Settings) -> JwksVerifier:
    """The gateway verifies its own tokens from its key ring, without an HTTP round trip."""

    async def provide() -> dict[str, Any]:
        keyring: KeyRing = app.state.keyring
        # Called on an unknown kid too: a key rotated by another replica is seen within 5 s.
        await keyring.refresh_if_stale(max_age=5.0)
        return keyring.jwks()

    return JwksVerifier(
        provide,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        cache_seconds=30.0,
        refetch_interval=0.0,
    )


async def start_identity(app: FastAPI, settings: Settings) -> asyncio.Task[None]:
    db = app.state.db
    keyring = KeyRing(
        db,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_ttl_seconds=settings.access_token_ttl_seconds,
    )
    await keyring.ensure()
    app.state.keyring = keyring
    app.state.token_service = TokenService(
        db,
        keyring,
        refresh_ttl=timedelta(days=settings.refresh_token_days),
        max_failures=settings.max_login_failures,
        lock_duration=timedelta(minutes=settings.lockout_minutes),
    )
    app.state.api_keys = ApiKeyAuthenticator(
        db, keyring, cache_seconds=settings.api_key_cache_seconds
    )

    async def housekeeping() -> None:
        rounds = 0
        while True:
            await asyncio.sleep(15)
            rounds += 1
            try:
                await app.state.api_keys.flush_last_used()
                await keyring.refresh_if_stale()
                if rounds % PRUNE_EVERY_ROUNDS == 1:
                    await app.state.token_service.prune_unknown_lockouts()
            except Exception as exc:
                log.warning("identity_housekeeping_failed", error=str(exc))

    return asyncio.create_task(housekeeping(), name="identity-housekeeping")


async def stop_identity(app: FastAPI, task: asyncio.Task[None]) -> None:
    await cancel_and_wait(task)
    with contextlib.suppress(Exception):
        await app.state.api_keys.flush_last_used()
