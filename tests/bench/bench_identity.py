"""Gateway identity: login rate over the real devstack, and what verifying a bearer token
costs a service (in process), each compared within one run."""

from __future__ import annotations

import asyncio
import base64
import secrets
import time
from typing import Any

import aiohttp
import jwt
from stats import ratio, summary

from devstack.demo import demo_password
from govkit.testing.tokens import AUDIENCE, ISSUER, TokenFactory

DEMO_USERNAME = "admin"


# -- login -------------------------------------------------------------------------------


async def _login(
    client: aiohttp.ClientSession, gateway: str, username: str, password: str
) -> tuple[int, dict[str, Any]]:
    async with client.post(
        f"{gateway}/auth/login", json={"username": username, "password": password}
    ) as r:
        return r.status, await r.json(content_type=None)


async def account(client: aiohttp.ClientSession, gateway: str) -> tuple[str, str, str]:
    """The demo admin if the devstack has it, else a citizen registered for the benchmark
    (the same login path: lookup, argon2id verify, audit row, refresh token, signing)."""
    password = demo_password()  # DEVSTACK_DEMO_PASSWORD, default Gov@2026demo
    status, _ = await _login(client, gateway, DEMO_USERNAME, password)
    if status == 200:
        return DEMO_USERNAME, password, "demo account admin"
    username = f"bench_{secrets.token_hex(4)}"
    password = f"Bench{secrets.token_hex(6)}9"
    async with client.post(
        f"{gateway}/auth/register/citizen",
        json={"username": username, "display_name": "基准测试", "password": password},
    ) as r:
        assert r.status == 201, (r.status, await r.text())
    return username, password, f"citizen {username} (demo admin not available, login {status})"


async def _login_round(
    client: aiohttp.ClientSession,
    gateway: str,
    username: str,
    password: str,
    seconds: float,
    clients: int,
) -> tuple[int, float, list[float], str]:
    samples: list[float] = []
    token = ""
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal token
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            status, body = await _login(client, gateway, username, password)
            samples.append(time.perf_counter() - t0)
            assert status == 200, (status, body)
            token = body["access_token"]

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return len(samples), time.perf_counter() - started, samples, token


async def _measure_logins(
    base: int, seconds: float, concurrency: tuple[int, ...], rounds: int
) -> tuple[dict[str, object], str]:
    gateway = f"http://127.0.0.1:{base}"
    connector = aiohttp.TCPConnector(limit=max(concurrency))
    async with aiohttp.ClientSession(connector=connector) as client:
        username, password, used = await account(client, gateway)
        # Warm up: connections, the hashing threads, the database pool.
        await _login_round(client, gateway, username, password, 0.5, max(concurrency))
        done = {c: 0 for c in concurrency}
        spent = {c: 0.0 for c in concurrency}
        lat: dict[int, list[float]] = {c: [] for c in concurrency}
        token = ""
        # Interleaved rounds, as for the proxy: drift hits every concurrency alike.
        for _ in range(rounds):
            for c in concurrency:
                n, elapsed, samples, token = await _login_round(
                    client, gateway, username, password, seconds / rounds, c
                )
                done[c] += n
                spent[c] += elapsed
                lat[c] += samples
    results: dict[str, object] = {"account": used}
    for c in concurrency:
        results[f"{c}_client{'s' if c > 1 else ''}"] = {
            "logins_per_s": round(done[c] / spent[c], 2),
            **summary(lat[c], "ms"),
            "logins": done[c],
        }
    low, high = min(concurrency), max(concurrency)
    results[f"rate_ratio_{high}_vs_{low}"] = ratio(done[high] / spent[high], done[low] / spent[low])
    return results, token


def login_rate(
    base: int, *, seconds: float = 10.0, concurrency: tuple[int, ...] = (1, 4), rounds: int = 3
) -> tuple[dict[str, object], str]:
    """POST /auth/login on the gateway at each concurrency (`seconds` each, split into
    interleaved rounds). Returns the figures and an access token of the account used."""
    return asyncio.run(_measure_logins(base, seconds, concurrency, rounds))


# -- verification in a service -------------------------------------------------------------


async def _measure_verify(n: int, blocks: int) -> dict[str, object]:
    factory = TokenFactory()
    # Claims shaped like the gateway's access token (see gateway.tokens.service).
    token = factory.issue(
        "6f1c1f8e-3c55-4c1e-9a4e-2b7d1c1e0a11",
        name="基准测试",
        org="bench-org",
        roles=[{"role": "site_editor", "scope": "site:portal"}],
    )
    verifier = factory.verifier()
    public_key = factory.private_key.public_key()
    await verifier.verify(token)  # fetch and cache the JWKS: every later call hits the cache

    def floor() -> None:
        jwt.decode(token, public_key, algorithms=["EdDSA"], audience=AUDIENCE, issuer=ISSUER)

    # The signature check alone, on the token's own bytes: what no JWT library can save.
    signing_input, _, signature = token.rpartition(".")
    raw_signature = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))

    def signature_only() -> None:
        public_key.verify(raw_signature, signing_input.encode())

    floor()
    signature_only()
    samples: dict[str, list[float]] = {"verifier": [], "floor": [], "signature": []}
    clock = time.perf_counter
    per_block = n // blocks
    for _ in range(blocks):  # interleaved blocks: drift hits all three alike
        for _ in range(per_block):
            t0 = clock()
            await verifier.verify(token)
            samples["verifier"].append(clock() - t0)
        for _ in range(per_block):
            t0 = clock()
            floor()
            samples["floor"].append(clock() - t0)
        for _ in range(per_block):
            t0 = clock()
            signature_only()
            samples["signature"].append(clock() - t0)
    v = summary(samples["verifier"], "us")
    f = summary(samples["floor"], "us")
    sig = summary(samples["signature"], "us")
    return {
        "n": per_block * blocks,
        "JwksVerifier.verify (keys cached)": v,
        "jwt.decode, key given (floor)": f,
        "Ed25519 signature check alone": sig,
        "verifier_over_floor_mean": ratio(v["mean_us"], f["mean_us"]),
        "verifier_over_floor_p50": ratio(v["p50_us"], f["p50_us"]),
        "signature_share_of_verify": ratio(sig["mean_us"], v["mean_us"]),
        "verifies_per_s_per_core": round(1e6 / v["mean_us"]),
    }


def verify_cost(n: int = 20_000, blocks: int = 10) -> dict[str, object]:
    """govkit's JwksVerifier.verify on an EdDSA token with kid vs a bare jwt.decode."""
    return asyncio.run(_measure_verify(n, blocks))
