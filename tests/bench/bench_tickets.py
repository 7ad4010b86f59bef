"""svc-tickets: statistics over a year of tickets at Datong's volume (500,000, in a throwaway
PostgreSQL, the service over real HTTP), and ticket creation through the gateway on a real
devstack (Idempotency-Key, retries, then every accepted request counted in the database)."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import tickets_data
import uvloop
from bench_gateway import OPEN_LIMITER
from stats import summary_ms

from govkit.db import Database, with_database
from govkit.migrations import upgrade
from govkit.servers import NatsServer, PostgresServer, free_port, free_port_run
from govkit.testing.apps import serve_app
from govkit.testing.tokens import TokenFactory
from tickets.app import create_app
from tickets.clock import CHINA
from tickets.settings import Settings
from tickets.stats import rollup

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Gov@2026demo"  # the devstack's demo password (README)
DISTRICT = "dt-q04"  # a county of the generated city, for the unit handler's view

# -- statistics over 500,000 tickets -----------------------------------------------------------


def _endpoints(today: datetime) -> dict[str, tuple[str, dict[str, str], str]]:
    """name → (path, query, who)."""
    d = today.date()
    year = {"from": str(d - timedelta(days=365)), "to": str(d)}
    odd = {"from": str(d - timedelta(days=340)), "to": str(d - timedelta(days=3))}
    return {
        "overview (city)": ("/stats/overview", {}, "dispatcher"),
        "overview (county handler)": ("/stats/overview", {}, "handler"),
        "units, this month": ("/stats/units", {}, "dispatcher"),
        "units, 1 year": ("/stats/units", year, "dispatcher"),
        "units, 338 days (edge days)": ("/stats/units", odd, "dispatcher"),
        "units, 1 year, category 01": ("/stats/units", year | {"category": "01"}, "dispatcher"),
        "categories L1, 1 year": ("/stats/categories", year, "dispatcher"),
        "categories L2, 1 year": ("/stats/categories", year | {"level": "2"}, "dispatcher"),
        "categories L2, 1 year (county handler)": (
            "/stats/categories",
            year | {"level": "2"},
            "handler",
        ),
        "series, 1 year": ("/stats/series", year, "dispatcher"),
        "series, 1 year, county + category": (
            "/stats/series",
            year | {"unit": DISTRICT, "category": "12"},
            "dispatcher",
        ),
        "hot issues, 7 days": ("/stats/hot", {"days": "7"}, "dispatcher"),
        "hot issues, 31 days": ("/stats/hot", {"days": "31"}, "dispatcher"),
    }


ROLLUPS = [f"ticket_stats_{t}" for t in ("daily", "unit_daily", "category_daily", "monthly")]
ROLLUPS += ["ticket_fingerprints_daily", "ticket_fingerprints_city_daily"]


async def _load(dsn: str, url: str, n: int, now: datetime) -> dict[str, Any]:
    conn = await asyncpg.connect(dsn)
    t0 = time.perf_counter()
    counts = await tickets_data.load(conn, n, now)
    loaded = time.perf_counter() - t0
    await conn.execute("VACUUM ANALYZE")
    await conn.close()
    db = Database(url, pool_size=2)
    try:
        t0 = time.perf_counter()
        async with db.transaction() as session:
            await rollup.sweep(session)  # the first sweep builds every rollup
        full = time.perf_counter() - t0
        async with db.engine.begin() as c:
            for table in ROLLUPS:
                await c.exec_driver_sql(f"ANALYZE {table}")
            rows = {
                t: (await c.exec_driver_sql(f"SELECT count(*) FROM {t}")).scalar() for t in ROLLUPS
            }
        # What one sweep costs when a day's worth of tickets changed: today and its month.
        samples = []
        for _ in range(5):
            t0 = time.perf_counter()
            async with db.transaction() as session:
                await rollup.rebuild_days(session, [now.date()])
            samples.append(time.perf_counter() - t0)
    finally:
        await db.dispose()
    return counts | {
        "load_s": round(loaded, 1),
        "full_rollup_build_s": round(full, 1),
        "recompute_one_day_and_its_month": summary_ms(samples),
        "rollup_rows": rows,
    }


async def _query(base: str, tokens: TokenFactory, now: datetime, rounds: int) -> dict[str, Any]:
    headers = {
        "dispatcher": tokens.bearer(
            tokens.issue("bench-dispatcher", roles=[{"role": "dispatcher", "scope": "*"}])
        ),
        "handler": tokens.bearer(
            tokens.issue(
                "bench-handler", roles=[{"role": "unit_handler", "scope": f"org:{DISTRICT}"}]
            )
        ),
    }
    endpoints = _endpoints(now)
    samples: dict[str, list[float]] = {name: [] for name in endpoints}
    async with aiohttp.ClientSession() as client:

        async def once(name: str) -> float:
            path, params, who = endpoints[name]
            t0 = time.perf_counter()
            async with client.get(base + path, params=params, headers=headers[who]) as r:
                await r.read()
                assert r.status == 200, (name, r.status, await r.text())
            return time.perf_counter() - t0

        for name in endpoints:  # warm up
            for _ in range(3):
                await once(name)
        names = list(endpoints)
        for _ in range(rounds):  # interleaved, so drift on a shared machine hits all alike
            random.shuffle(names)
            for name in names:
                samples[name].append(await once(name))
    return {name: summary_ms(s) for name, s in samples.items()}


def statistics(n: int = 500_000, rounds: int = 40) -> dict[str, Any]:
    """Each statistics endpoint, one request at a time over HTTP, against n tickets."""
    now = datetime.now(CHINA)
    with tempfile.TemporaryDirectory() as tmp:
        pg = PostgresServer(Path(tmp) / "pg", free_port(), settings={"shared_buffers": "512MB"})
        nats = NatsServer(Path(tmp) / "nats", free_port())
        pg.start()
        nats.start()
        try:
            pg.psql("CREATE DATABASE tickets_bench")
            url = with_database(pg.url, "tickets_bench")
            upgrade(ROOT / "svc-tickets" / "migrations", url)
            data = asyncio.run(_load(pg.dsn("tickets_bench"), url, n, now))
            tokens = TokenFactory()
            # No classifier: training in the background would slow the first seconds of
            # every endpoint, and statistics never use it.
            settings = Settings(
                database_url=url,
                nats_url=nats.url,
                run_event_workers=False,
                classifier_enabled=False,
            )
            app = create_app(settings, verifier=tokens.verifier())
            with serve_app(app) as base:
                latencies = asyncio.run(_query(base, tokens, now, rounds))
        finally:
            nats.stop()
            pg.stop()
    worst = max(v["p95_ms"] for v in latencies.values())
    return {"data": data, "endpoints": latencies, "worst_p95_ms": worst}


# -- creation through the gateway --------------------------------------------------------------


SMALL_DEMO = {"DEVSTACK_DEMO_TICKETS": "100", "DEVSTACK_DEMO_ENTERPRISES": "500"}


@contextmanager
def devstack_with_db(tickets_workers: int = 1) -> Iterator[tuple[int, int]]:
    """A fresh devstack (demo data loaded), rate limiter opened, svc-tickets in
    `tickets_workers` processes; (gateway port, PG port)."""
    with tempfile.TemporaryDirectory() as home:
        base, pg_port = free_port_run(5), free_port_run()
        args = [sys.executable, "-m", "devstack", "--home", home, "up"]
        args += ["--gateway-port", str(base), "--postgres-port", str(pg_port)]
        args += ["--nats-port", str(free_port_run())]
        proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
            # Small demo: the bench measures intake, not the demo loader.
            env={
                **os.environ,
                **OPEN_LIMITER,
                **SMALL_DEMO,
                "DEVSTACK_TICKETS_WORKERS": str(tickets_workers),
            },
        )
        assert proc.stdout is not None
        output = []
        for line in proc.stdout:
            if "平台已启动" in line:
                break
            output.append(line)
        else:
            proc.wait(60)
            raise RuntimeError("devstack did not start:\n" + "".join(output[-20:]))
        try:
            yield base, pg_port
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(60)


async def _classifier_ready(client: Any, gateway: str, token: str, wait: float = 180.0) -> None:
    """Steady state: the service trains its classifier in the background after start-up (tens
    of seconds of CPU); measuring intake during that would measure the training."""
    deadline = time.perf_counter() + wait
    headers = {"Authorization": f"Bearer {token}"}
    while time.perf_counter() < deadline:
        async with client.post(
            f"{gateway}/api/tickets/classify", json={"content": "小区路灯不亮"}, headers=headers
        ) as r:
            if r.status == 200 and await r.json():
                return
        await asyncio.sleep(1.0)


async def _create(
    gateway: str, dsn: str, seconds: float, workers: int, attempts: int = 8
) -> dict[str, Any]:
    messages = tickets_data.messages()
    kinds, channels = list(tickets_data.KINDS), list(tickets_data.CHANNELS)
    run = f"bench-{int(time.time())}"
    accepted: list[str] = []
    failed: list[str] = []
    latencies: list[float] = []
    retries = 0
    statuses: dict[str, int] = {}
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=workers)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as client:
        async with client.post(
            f"{gateway}/auth/login", json={"username": "dispatcher", "password": PASSWORD}
        ) as r:
            assert r.status == 200, await r.text()
            token = (await r.json())["access_token"]
        url = f"{gateway}/api/tickets/tickets"
        await _classifier_ready(client, gateway, token)
        deadline = time.perf_counter() + seconds

        async def submit(key: str, body: dict[str, Any]) -> bool:
            nonlocal retries
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
            for attempt in range(attempts):
                try:
                    async with client.post(url, json=body, headers=headers) as r:
                        await r.read()
                        statuses[str(r.status)] = statuses.get(str(r.status), 0) + 1
                        if r.status in (200, 201):
                            return True
                except (aiohttp.ClientError, TimeoutError) as exc:
                    statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                retries += 1
                await asyncio.sleep(min(2.0, 0.05 * 2**attempt))
            return False

        async def worker(w: int) -> None:
            rng = random.Random(w)
            i = 0
            while time.perf_counter() < deadline:
                i += 1
                m = rng.choice(messages)
                body = {
                    "channel": rng.choice(channels),
                    "kind": rng.choice(kinds),
                    "title": m.title,
                    "content": m.content,
                    "citizen_phone": f"139{rng.randrange(10**8):08d}",
                }
                key = f"{run}-{w}-{i}"
                t0 = time.perf_counter()
                ok = await submit(key, body)
                latencies.append(time.perf_counter() - t0)
                (accepted if ok else failed).append(key)

        started = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(workers)))
        elapsed = time.perf_counter() - started
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetchval(
            "SELECT count(*) FROM tickets t JOIN idempotency_keys k ON k.ticket_id = t.id "
            "WHERE k.key LIKE $1",
            run + "-%",
        )
        found = await conn.fetch("SELECT key FROM idempotency_keys WHERE key LIKE $1", run + "-%")
        found_keys = {r["key"] for r in found}
    finally:
        await conn.close()
    return {
        "workers": workers,
        "seconds": round(elapsed, 1),
        "accepted": len(accepted),
        "accepted_per_s": round(len(accepted) / elapsed, 1),
        "gave_up": len(failed),
        "retries": retries,
        "responses": statuses,
        "rows_in_database": rows,
        "lost": len(set(accepted) - found_keys),
        "duplicates": rows - len(found_keys),
        "latency_with_retries": summary_ms(latencies),
    }


def creation(seconds: float = 60.0, workers: int = 32) -> dict[str, Any]:
    """POST /api/tickets/tickets through the gateway for `seconds`, then the rows counted;
    svc-tickets in one process, then in two (as a deployment runs two or more replicas)."""
    runs = {}
    for processes in (1, 2):
        with devstack_with_db(processes) as (base, pg_port):
            dsn = f"postgresql://postgres@127.0.0.1:{pg_port}/tickets"
            # uvloop: the load generator shares the 2 cores with what it measures, so the
            # less CPU it takes the less it takes away.
            runs[f"svc-tickets × {processes}"] = uvloop.run(
                _create(f"http://127.0.0.1:{base}", dsn, seconds, workers)
            )
    return runs


if __name__ == "__main__":
    import json

    which = sys.argv[1:] or ["statistics", "creation"]
    if "statistics" in which:
        print(json.dumps(statistics(), indent=2, ensure_ascii=False), flush=True)
    if "creation" in which:
        print(json.dumps(creation(), indent=2, ensure_ascii=False), flush=True)
