"""Gateway overhead: the same GET straight to svc-content and through the gateway, in one
run against the real devstack (separate uvicorn processes, real Postgres and NATS)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
from stats import ratio, summary_ms

from govkit.servers import free_port_run

ROOT = Path(__file__).resolve().parents[2]
PATH = "/sites/portal"

# The gateway's token buckets opened wide, so the benchmark measures what a request costs and
# not how many are refused: the limiter still runs and counts on every request. The devstack
# passes its environment on to the services.
OPEN_LIMITER = {
    "GATEWAY_RATELIMIT_LOGIN_PER_MINUTE": "100000",
    "GATEWAY_RATELIMIT_LOGIN_BURST": "100000",
    "GATEWAY_RATELIMIT_ANONYMOUS_PER_MINUTE": "1000000",
    "GATEWAY_RATELIMIT_ANONYMOUS_BURST": "100000",
    "GATEWAY_RATELIMIT_ANONYMOUS_READ_PER_MINUTE": "1000000",
    "GATEWAY_RATELIMIT_ANONYMOUS_READ_BURST": "100000",
    "GATEWAY_RATELIMIT_USER_PER_MINUTE": "1000000",
    "GATEWAY_RATELIMIT_USER_BURST": "1000000",
}
LIMITER_NOTE = (
    "gateway rate limiter opened for the benchmark (login/anonymous/user buckets raised via "
    "GATEWAY_RATELIMIT_*); it still runs and counts on every request"
)

Headers = Mapping[str, str] | None


def start_devstack(
    home: Path, env: Mapping[str, str] | None = None
) -> tuple[subprocess.Popen[str], int]:
    base = free_port_run(5)
    args = [
        sys.executable,
        "-m",
        "devstack",
        "--home",
        str(home),
        "up",
        "--gateway-port",
        str(base),
    ]
    args += ["--postgres-port", str(free_port_run()), "--nats-port", str(free_port_run())]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    assert proc.stdout is not None
    output = []
    for line in proc.stdout:
        if "平台已启动" in line:
            return proc, base
        output.append(line)
    proc.wait(60)
    raise RuntimeError("devstack did not start:\n" + "".join(output[-20:]))


@contextmanager
def devstack(env: Mapping[str, str] | None = None) -> Iterator[int]:
    """A fresh devstack (demo data loaded) for the duration; yields the gateway's port."""
    with tempfile.TemporaryDirectory() as home:
        proc, base = start_devstack(Path(home), env)
        try:
            yield base
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(60)


async def fetch(client: aiohttp.ClientSession, url: str, headers: Headers = None) -> None:
    async with client.get(url, headers=headers) as r:
        await r.read()
        assert r.status == 200, r.status


async def latencies(
    client: aiohttp.ClientSession, url: str, n: int, headers: Headers = None
) -> list[float]:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        await fetch(client, url, headers)
        samples.append(time.perf_counter() - t0)
    return samples


async def throughput(
    client: aiohttp.ClientSession,
    url: str,
    seconds: float,
    workers: int,
    headers: Headers = None,
) -> float:
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await fetch(client, url, headers)
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return done / (time.perf_counter() - started)


async def measure(
    base: int, n: int, seconds: float, workers: int, headers: Headers = None
) -> dict[str, dict[str, float]]:
    direct = f"http://127.0.0.1:{base + 1}{PATH}"
    via = f"http://127.0.0.1:{base}/api/content{PATH}"
    # aiohttp as the load generator: its own cost per request is a third of httpx's, so less
    # of the machine's two cores goes to the measuring side.
    connector = aiohttp.TCPConnector(limit=workers)
    async with aiohttp.ClientSession(connector=connector) as client:
        for url in (direct, via):  # warm up connections and caches
            await latencies(client, url, 200, headers)
        results: dict[str, dict[str, float]] = {}
        # Interleave rounds so drift on a shared machine hits both sides alike.
        lat = {"direct": [], "gateway": []}  # type: dict[str, list[float]]
        for _ in range(5):
            lat["direct"] += await latencies(client, direct, n // 5, headers)
            lat["gateway"] += await latencies(client, via, n // 5, headers)
        rounds = 6
        rps: dict[str, list[float]] = {"direct": [], "gateway": []}
        for _ in range(rounds):
            rps["direct"].append(
                await throughput(client, direct, seconds / rounds, workers, headers)
            )
            rps["gateway"].append(await throughput(client, via, seconds / rounds, workers, headers))
        for name in ("direct", "gateway"):
            results[name] = summary_ms(lat[name]) | {"rps": round(sum(rps[name]) / rounds, 1)}
    return results


def run(
    base: int,
    *,
    headers: Headers = None,
    n: int = 3000,
    seconds: float = 12.0,
    workers: int = 16,
) -> dict[str, Any]:
    """Direct vs through the gateway on a running devstack (`devstack(OPEN_LIMITER)`)."""
    results = asyncio.run(measure(base, n, seconds, workers, headers))
    d, g = results["direct"], results["gateway"]
    return {
        "direct": d,
        "gateway": g,
        "p50_overhead_ms": round(g["p50_ms"] - d["p50_ms"], 3),
        "p95_overhead_ms": round(g["p95_ms"] - d["p95_ms"], 3),
        "throughput_ratio": ratio(g["rps"], d["rps"]),
    }
