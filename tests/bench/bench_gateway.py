"""Gateway overhead: the same GET straight to svc-content and through the gateway, in one
run against the real devstack (separate uvicorn processes, real Postgres and NATS)."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from stats import summary_ms

from govkit.servers import free_port, port_is_free

ROOT = Path(__file__).resolve().parents[2]
PATH = "/sites/portal"


def start_devstack(home: Path) -> tuple[subprocess.Popen[str], int]:
    for _ in range(100):
        base = free_port()
        if base < 60000 and all(port_is_free(base + i) for i in range(5)):
            break
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
    args += ["--postgres-port", str(free_port()), "--nats-port", str(free_port())]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "平台已启动" in line:
            return proc, base
    raise RuntimeError("devstack did not start")


async def fetch(client: aiohttp.ClientSession, url: str) -> None:
    async with client.get(url) as r:
        await r.read()
        assert r.status == 200, r.status


async def latencies(client: aiohttp.ClientSession, url: str, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        await fetch(client, url)
        samples.append(time.perf_counter() - t0)
    return samples


async def throughput(
    client: aiohttp.ClientSession, url: str, seconds: float, workers: int
) -> float:
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await fetch(client, url)
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return done / (time.perf_counter() - started)


async def measure(base: int, n: int, seconds: float, workers: int) -> dict[str, dict[str, float]]:
    direct = f"http://127.0.0.1:{base + 1}{PATH}"
    via = f"http://127.0.0.1:{base}/api/content{PATH}"
    # aiohttp as the load generator: its own cost per request is a third of httpx's, so less
    # of the machine's two cores goes to the measuring side.
    connector = aiohttp.TCPConnector(limit=workers)
    async with aiohttp.ClientSession(connector=connector) as client:
        for url in (direct, via):  # warm up connections and caches
            await latencies(client, url, 200)
        results: dict[str, dict[str, float]] = {}
        # Interleave rounds so drift on a shared machine hits both sides alike.
        lat = {"direct": [], "gateway": []}  # type: dict[str, list[float]]
        for _ in range(5):
            lat["direct"] += await latencies(client, direct, n // 5)
            lat["gateway"] += await latencies(client, via, n // 5)
        rounds = 6
        rps: dict[str, list[float]] = {"direct": [], "gateway": []}
        for _ in range(rounds):
            rps["direct"].append(await throughput(client, direct, seconds / rounds, workers))
            rps["gateway"].append(await throughput(client, via, seconds / rounds, workers))
        for name in ("direct", "gateway"):
            results[name] = summary_ms(lat[name]) | {"rps": round(sum(rps[name]) / rounds, 1)}
    return results


def run(n: int = 3000, seconds: float = 12.0, workers: int = 16) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as home:
        proc, base = start_devstack(Path(home))
        try:
            results = asyncio.run(measure(base, n, seconds, workers))
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(60)
    d, g = results["direct"], results["gateway"]
    return {
        "direct": d,
        "gateway": g,
        "p50_overhead_ms": round(g["p50_ms"] - d["p50_ms"], 3),
        "p95_overhead_ms": round(g["p95_ms"] - d["p95_ms"], 3),
        "throughput_ratio": round(g["rps"] / d["rps"], 3),
    }
