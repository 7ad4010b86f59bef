"""A disabled or erased account's tokens, and a revoked API key's, stop working at once in
every process that follows the identity stream: not when they expire."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import httpx
import nats
import pytest
from kit_app import create_kit_app

from govkit.contracts import ApiKeyRevoked, EventPayload, UserDeactivated, UserErased, UserUpserted
from govkit.denylist import DenyList
from govkit.events import PLATFORM_STREAMS, ensure_streams, new_event
from govkit.settings import ServiceSettings
from govkit.testing import app_client, eventually


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def publish(nats_url: str, payload: EventPayload, subject: str) -> None:
    event = new_event(payload, source="/gateway", subject=subject)
    nc = await nats.connect(nats_url)
    try:
        await ensure_streams(nc.jetstream(), PLATFORM_STREAMS)
        await nc.jetstream().publish(event.nats_subject, event.model_dump_json().encode())
    finally:
        await nc.close()


@pytest.fixture
async def client(database_url, nats_url, tokens) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    settings = ServiceSettings(database_url=database_url, nats_url=nats_url, service_name="kit")
    async with app_client(create_kit_app(settings, verifier=tokens.verifier())) as c:
        await c._transport.app.state.nats.wait_connected(10)  # type: ignore[attr-defined]
        yield c


def test_only_tokens_issued_up_to_the_event_are_denied():
    deny = DenyList()
    deny.deny("u1", 1_000.0)
    assert deny.is_denied({"sub": "u1", "iat": 999})
    assert deny.is_denied({"sub": "u1", "iat": 1_000})
    assert not deny.is_denied({"sub": "u1", "iat": 1_002})  # a login after re-enabling
    assert not deny.is_denied({"sub": "u2", "iat": 999})


def test_an_active_upsert_denies_nothing_and_an_inactive_one_does():
    deny = DenyList()
    uid = uuid.uuid4()
    common = {"username": "a", "kind": "staff", "display_name": "a", "org_code": None}
    for active in (True, False):
        payload = UserUpserted(user_id=uid, roles=[], active=active, payload_version=1, **common)
        deny.apply(new_event(payload, source="/gateway", subject=str(uid)))
        assert deny.is_denied({"sub": str(uid), "iat": 0}) is (not active)


async def test_a_cached_token_of_a_deactivated_account_is_refused_at_once(client, tokens, nats_url):
    uid = str(uuid.uuid4())
    token = tokens.issue(uid, kind="citizen")
    assert (await client.get("/me", headers=bearer(token))).status_code == 200  # now cached
    await publish(nats_url, UserDeactivated(user_id=uuid.UUID(uid), payload_version=1), uid)

    async def refused() -> bool:
        return (await client.get("/me", headers=bearer(token))).status_code == 401

    await eventually(refused, timeout=5)
    r = await client.get("/me", headers=bearer(token))
    assert r.json()["code"] == "token_revoked"
    later = tokens.issue(uid, kind="citizen", iat=int(time.time()) + 5)
    assert (await client.get("/me", headers=bearer(later))).status_code == 200


async def test_an_erased_account_and_a_revoked_key_lose_their_tokens(client, tokens, nats_url):
    uid, key = uuid.uuid4(), uuid.uuid4()
    user = tokens.issue(str(uid), kind="citizen")
    partner = tokens.issue(f"apikey:{key}", kind="partner", scope="tickets:write")
    other = tokens.issue(f"apikey:{uuid.uuid4()}", kind="partner")
    erased = UserErased(user_id=uid, erasure_id=uuid.uuid4(), kind="citizen", payload_version=1)
    await publish(nats_url, erased, str(uid))
    await publish(nats_url, ApiKeyRevoked(key_id=key, payload_version=1), str(key))

    async def both_refused() -> bool:
        codes = [(await client.get("/me", headers=bearer(t))).status_code for t in (user, partner)]
        return codes == [401, 401]

    await eventually(both_refused, timeout=5)
    # Another key's token still authenticates (a partner on /me is then refused for its
    # scopes, 403, not for its token).
    assert (await client.get("/me", headers=bearer(other))).status_code != 401


async def test_a_restarted_process_rebuilds_the_set_from_the_stream(database_url, nats_url, tokens):
    uid = uuid.uuid4()
    await publish(nats_url, UserDeactivated(user_id=uid, payload_version=1), str(uid))
    token = tokens.issue(str(uid), kind="citizen", iat=int(time.time()) - 5)
    settings = ServiceSettings(database_url=database_url, nats_url=nats_url, service_name="kit")
    async with app_client(create_kit_app(settings, verifier=tokens.verifier())) as c:

        async def refused() -> bool:
            return (await c.get("/me", headers=bearer(token))).status_code == 401

        await eventually(refused, timeout=5)
