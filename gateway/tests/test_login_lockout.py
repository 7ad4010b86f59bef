"""Login lockout does not tell which usernames exist: a name no account has is locked out
exactly like one that has (issue 14, part 4)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import httpx
from gateway_support import PASSWORD, admin_headers, app_of, make_user
from sqlalchemy import select, text, update

from gateway.tokens.models import UnknownUserLockout

WRONG = "wrong-pass1"
# Per response, not per name: the clock, the request, the rate-limit budget left.
VARYING = {"date", "x-request-id", "retry-after", "ratelimit-remaining"}


async def attempt(
    client: httpx.AsyncClient, username: str, password: str = WRONG
) -> httpx.Response:
    return await client.post("/auth/login", json={"username": username, "password": password})


async def test_an_unknown_name_is_locked_out_like_a_real_one(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "bob")
    real = [await attempt(gateway, "bob") for _ in range(6)]
    unknown = [await attempt(gateway, "nobody-here") for _ in range(6)]
    assert [r.status_code for r in real] == [401] * 5 + [423]
    assert [r.status_code for r in unknown] == [r.status_code for r in real]
    for a, b in zip(real, unknown, strict=True):
        assert a.json() == b.json()
        assert {k: v for k, v in a.headers.items() if k not in VARYING} == {
            k: v for k, v in b.headers.items() if k not in VARYING
        }
    assert abs(int(real[-1].headers["retry-after"]) - int(unknown[-1].headers["retry-after"])) <= 1
    # Locked means locked: the right password (or any) is refused the same way for a while.
    assert (await attempt(gateway, "bob", PASSWORD)).status_code == 423
    assert (await attempt(gateway, "nobody-here", PASSWORD)).status_code == 423


async def test_concurrent_failures_for_an_unknown_name_all_count(gateway):
    codes = [
        r.status_code for r in await asyncio.gather(*(attempt(gateway, "ghost") for _ in range(5)))
    ]
    assert codes == [401] * 5
    assert (await attempt(gateway, "ghost")).status_code == 423


async def test_an_unknown_name_costs_a_password_check_like_a_real_one(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "carol")

    async def fastest(username: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            assert (await attempt(gateway, username)).status_code == 401
            times.append(time.perf_counter() - started)
        return min(times)

    known, unknown = await fastest("carol"), await fastest("not-carol")
    # argon2 takes tens of ms; without the dummy check an unknown name answers in ~1 ms.
    assert unknown > known / 3, (known, unknown)


async def test_names_without_an_account_are_kept_only_as_a_hash(gateway):
    await attempt(gateway, "13812345678")
    async with app_of(gateway).state.db.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT * FROM unknown_user_lockouts"))).all()
    assert len(rows) == 1 and "13812345678" not in str(rows)


async def test_idle_unlocked_names_are_pruned_and_locked_ones_kept(gateway):
    for name in ("idle-name", "locked-name"):
        await attempt(gateway, name)
    db = app_of(gateway).state.db
    async with db.transaction() as session:
        await session.execute(
            update(UnknownUserLockout).values(updated_at=datetime.now(UTC) - timedelta(days=2))
        )
    for _ in range(5):
        await attempt(gateway, "locked-name")  # now locked, and touched again
    async with db.transaction() as session:
        await session.execute(
            update(UnknownUserLockout).values(updated_at=datetime.now(UTC) - timedelta(days=2))
        )
    assert await app_of(gateway).state.token_service.prune_unknown_lockouts() == 1
    async with db.sessionmaker() as session:
        left = (await session.scalars(select(UnknownUserLockout))).all()
    assert len(left) == 1 and left[0].locked_until is not None
    assert (await attempt(gateway, "locked-name", PASSWORD)).status_code == 423
