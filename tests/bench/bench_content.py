"""svc-content: the public item read through the gateway against straight to the service (one
run, real devstack), and a monitoring scan of a 10,000-item site in a throwaway database."""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, insert, select, text
from stats import percentile, ratio

from content.columns.models import Column
from content.items.models import Edition, Item
from content.monitoring.models import MonitorProblem
from content.monitoring.scan import scan_site
from content.public.cache import ResponseCache
from content.sites.models import Site
from content.text.sanitise import plain_text, summary
from govkit.db import Database, with_database
from govkit.migrations import upgrade
from govkit.servers import PostgresServer, free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Gov@2026demo"  # the devstack's demo password (README)
SITE = "portal"
TODAY = date(2026, 11, 23)
GENRES = ["government.genre.tongzhi", "government.genre.gonggao", "government.genre.yijian"]
SUBJECTS = [
    "person.subject.zhufang",
    "person.subject.yiliao",
    "person.subject.jiaoyu",
    "person.subject.shehui_baozhang",
]
PHRASES = [
    "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，",
    "经市人民政府同意，现就有关事项通知如下。",
    "各区县人民政府、市政府各部门要高度重视，加强组织领导，",
    "切实做好住房保障、就业创业、医疗卫生和义务教育等民生工作，",
    "对符合条件的中小企业给予一次性补贴，补贴资金由市财政统筹安排。",
    "申请单位应于每年三月底前通过政务服务网提交申请材料，",
    "市发展改革委、市财政局会同有关部门负责政策解释和组织实施。",
    "本通知自印发之日起施行，有效期五年。",
    "各地要结合实际制定具体实施方案，确保各项措施落地见效，",
    "对工作中出现的新情况新问题，请及时向市人民政府报告。",
    "围绕群众急难愁盼问题，推动更多政务服务事项网上办、掌上办、就近办，",
    "进一步健全社会保障体系，稳步提高城乡居民基本养老保险待遇水平。",
]
MISTYPED = ["国务阮", "人民政付", "人民正府", "党中火"]


def chinese_body(rng: random.Random, sentences: int) -> str:
    return "".join(rng.choice(PHRASES) for _ in range(sentences))


def body_html(text_: str, links: list[str] | None = None) -> str:
    half = len(text_) // 2
    anchors = "".join(f'<p>相关链接：<a href="{href}">查看原文</a></p>' for href in links or [])
    return f"<p>{text_[:half]}</p><p>{text_[half:]}</p>{anchors}"


# -- public reads through the devstack ---------------------------------------------------------


async def _post(
    client: aiohttp.ClientSession, url: str, body: dict[str, Any], token: str, method: str = "POST"
) -> dict[str, Any]:
    async with client.request(
        method, url, json=body, headers={"Authorization": f"Bearer {token}"}
    ) as r:
        data = await r.json()
        assert r.status in (200, 201), (r.status, data)
        return data  # type: ignore[no-any-return]


async def _login(client: aiohttp.ClientSession, gateway: str, username: str) -> str:
    async with client.post(
        f"{gateway}/auth/login", json={"username": username, "password": PASSWORD}
    ) as r:
        body = await r.json()
        assert r.status == 200, (r.status, body)
        return body["access_token"]  # type: ignore[no-any-return]


async def publish_items(gateway: str, n: int, concurrency: int = 4) -> list[str]:
    """n items published on the portal through the gateway's editorial API (create, submit,
    approve, publish), a third of them policy documents; their ids."""
    api = f"{gateway}/api/content"
    rng = random.Random(51)
    async with aiohttp.ClientSession() as client:
        editor = await _login(client, gateway, "portal_editor")
        reviewer = await _login(client, gateway, "portal_reviewer")
        for code, name in (("news", "新闻动态"), ("zcwj", "政策文件")):
            await _post(
                client,
                f"{api}/sites/{SITE}/columns",
                {"code": code, "name": name, "update_period_days": 7},
                editor,
                method="PUT",
            )
        ids: list[str] = []
        numbers = iter(range(1, n + 1))

        async def one(i: int) -> None:
            body: dict[str, Any] = {
                "column_code": "news",
                "kind": "news",
                "title": f"江城市关于做好民生保障工作的通知（第{i}期）",
                "body_html": body_html(chinese_body(rng, rng.randint(6, 14))),
                "tag_codes": [rng.choice(GENRES), rng.choice(SUBJECTS)],
                "topic": "09",
            }
            if i % 3 == 0:
                body |= {
                    "column_code": "zcwj",
                    "kind": "policy_document",
                    "document_number": f"江政发〔2026〕{i}号",
                    "issuing_body": "江城市人民政府",
                    "written_on": "2026-03-01",
                    "validity": "valid",
                    "topic": "06",
                }
            item = await _post(client, f"{api}/editorial/sites/{SITE}/items", body, editor)
            for action, who in (("submit", editor), ("approve", reviewer), ("publish", editor)):
                await _post(client, f"{api}/editorial/items/{item['id']}/{action}", {}, who)
            ids.append(item["id"])

        async def worker() -> None:
            for i in numbers:
                await one(i)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return ids


def _figures(samples: list[float], count: int, elapsed: float) -> dict[str, float]:
    return {
        "rps": round(count / elapsed, 1),
        "p50_ms": round(percentile(samples, 50) * 1e3, 2),
        "p95_ms": round(percentile(samples, 95) * 1e3, 2),
        "p99_ms": round(percentile(samples, 99) * 1e3, 2),
    }


async def _load(
    client: aiohttp.ClientSession, urls: Iterator[str], seconds: float, workers: int
) -> tuple[list[float], int, float]:
    """`workers` clients each sending its next request as soon as the last one is answered,
    for `seconds` (or until `urls` runs out); every request's latency."""
    samples: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        for url in urls:
            if time.perf_counter() >= deadline:
                return
            t0 = time.perf_counter()
            async with client.get(url) as r:
                await r.read()
                assert r.status == 200, (url, r.status)
            samples.append(time.perf_counter() - t0)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return samples, len(samples), time.perf_counter() - started


def _cycle(urls: list[str], seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    while True:
        yield rng.choice(urls)


async def measure_reads(
    base: int, ids: list[str], seconds: float, workers: int, cache_life: float, hot: int
) -> dict[str, Any]:
    path = f"/sites/{SITE}/items/{{}}"
    urls = {
        "direct": [f"http://127.0.0.1:{base + 1}{path.format(i)}" for i in ids],
        "gateway": [f"http://127.0.0.1:{base}/api/content{path.format(i)}" for i in ids],
    }
    urls["direct_hot"] = urls["direct"][:hot]
    urls["gateway_hot"] = urls["gateway"][:hot]
    connector = aiohttp.TCPConnector(limit=workers)
    async with aiohttp.ClientSession(connector=connector) as client:
        # Cold: the cache emptied by waiting out its TTL and stale window, then every id
        # asked for once.
        cold: dict[str, dict[str, float]] = {}
        for name in ("direct", "gateway"):
            await asyncio.sleep(cache_life + 0.5)
            samples, count, elapsed = await _load(client, iter(urls[name]), 60, workers)
            assert count == len(ids)
            cold[name] = _figures(samples, count, elapsed)
        # Warm, interleaved rounds so drift on a shared machine hits both sides alike.
        rounds = 6
        runs: dict[str, tuple[list[float], int, float]] = {name: ([], 0, 0.0) for name in urls}
        for r in range(rounds):
            for name in urls:
                samples, count, elapsed = await _load(
                    client, _cycle(urls[name], r), seconds / rounds / len(urls), workers
                )
                s, c, e = runs[name]
                runs[name] = (s + samples, c + count, e + elapsed)
    warm = {name: _figures(*runs[name]) for name in runs}
    return {"warm": warm, "cold": cold}


def public_reads(
    base: int, *, items: int = 300, hot: int = 20, seconds: float = 36.0, workers: int = 8
) -> dict[str, Any]:
    """GET /sites/portal/items/{id} over `items` published items (and over the `hot` first
    of them alone), `workers` concurrent clients, straight to svc-content and through the
    gateway, on a running devstack."""
    gateway = f"http://127.0.0.1:{base}"
    t0 = time.perf_counter()
    ids = asyncio.run(publish_items(gateway, items))
    setup = time.perf_counter() - t0
    cache_ttl = 5.0  # CONTENT_PUBLIC_CACHE_SECONDS, the devstack's default
    stale = ResponseCache(cache_ttl).stale  # served past the TTL while one rebuild runs
    result = asyncio.run(measure_reads(base, ids, seconds, workers, cache_ttl + stale, hot))
    warm, cold = result["warm"], result["cold"]
    return {
        "items": len(ids),
        "published_via_api_s": round(setup, 1),
        "concurrent_clients": workers,
        "gateway": warm["gateway"],
        "direct": warm["direct"],
        "throughput_ratio": ratio(warm["gateway"]["rps"], warm["direct"]["rps"]),
        f"gateway_{hot}_hot_ids": warm["gateway_hot"],
        f"direct_{hot}_hot_ids": warm["direct_hot"],
        "cold_gateway": cold["gateway"],
        "cold_direct": cold["direct"],
        "note": (
            f"warm = the in-process response cache ({cache_ttl:g} s TTL) serving most requests; "
            f"an id requested once due (0.85–1 TTL, jittered) is rebuilt in the background while "
            f"its entry is served, for up to {stale:g} s past the TTL (about "
            f"{len(ids) / cache_ttl:.0f} builds/s for {len(ids)} ids, {hot / cache_ttl:g}/s "
            f"for {hot}). cold = the cache expired (TTL + stale window), every id requested "
            "once (full build in two queries: item with site, column, edition, tags and "
            "attachments; links and related items)"
        ),
    }


# -- monitoring scan of a 10,000-item site ------------------------------------------------------


def _site_rows(
    rng: random.Random, site_id: uuid.UUID, n_items: int, n_columns: int, now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    columns = []
    for c in range(n_columns):
        code = f"lm{c:02d}"
        parent = columns[c // 8 - 1] if c >= 8 else None
        columns.append(
            {
                "id": uuid.uuid4(),
                "site_id": site_id,
                "code": code,
                "name": f"栏目{c:02d}",
                "parent_id": parent["id"] if parent else None,
                "path": f"{parent['path']}/{code}" if parent else code,
                "position": c,
                "update_period_days": rng.choice([None, 7, 30, 90]),
            }
        )
    # The last three columns stay empty; the next three only get old items (stale).
    filled, stale = columns[:-6], columns[-6:-3]
    ids = [uuid.uuid4() for _ in range(n_items)]
    items, editions = [], []
    planted = {"mistyped": 0, "broken_links": 0, "policy_missing_fields": 0}
    for i, item_id in enumerate(ids):
        column = rng.choice(stale) if i % 500 == 0 else rng.choice(filled)
        days = 400 if column in stale else rng.randint(0, 365)
        published = now - timedelta(days=days, minutes=rng.randint(0, 1440))
        kind = "policy_document" if i % 5 == 0 else rng.choice(["news", "notice", "disclosure"])
        words = chinese_body(rng, rng.randint(8, 20))  # ~ 250–600 characters
        if i % 40 == 0:
            spot = rng.randint(0, len(words))
            words = words[:spot] + rng.choice(MISTYPED) + words[spot:]
            planted["mistyped"] += 1
        links = []
        if i % 10 == 0:
            links.append(f"/sites/bench/items/{rng.choice(ids)}")
        if i % 100 == 0:
            links.append(f"/api/content/items/{uuid.uuid4()}")
            planted["broken_links"] += 1
        html = body_html(words, links)
        title = f"关于{rng.choice(['住房保障', '就业创业', '医疗卫生', '义务教育'])}工作的通知{i}"
        disclosure: dict[str, Any] = {
            "document_number": f"江政发〔2026〕{i}号" if kind == "policy_document" else None,
            "issuing_body": "江城市人民政府" if kind in ("policy_document", "disclosure") else None,
            "written_on": published.date() if kind in ("policy_document", "disclosure") else None,
            "validity": "valid" if kind == "policy_document" else None,
        }
        if kind == "policy_document" and i % 15 == 0:
            disclosure[rng.choice(list(disclosure))] = None
            planted["policy_missing_fields"] += 1
        topic = "06" if kind in ("policy_document", "disclosure") else None
        items.append(
            {
                "id": item_id,
                "site_id": site_id,
                "home_column_id": column["id"],
                "kind": kind,
                "state": "published",
                "live": True,
                "live_edition": 1,
                "version": 1,
                "title": title,
                "summary": summary(plain_text(html)),
                "tag_codes": [],
                "topic": topic,
                "issuing_body": disclosure["issuing_body"],
                "document_number": disclosure["document_number"],
                "index_number": f"11360100/2026-{i:05d}" if topic else None,
                "year": published.year,
                "published_at": published,
                "first_published_at": published,
                "created_by": "bench",
            }
        )
        editions.append(
            {
                "item_id": item_id,
                "number": 1,
                "state": "published",
                "title": title,
                "summary": items[-1]["summary"],
                "body_html": html,
                "body_text": plain_text(html),
                "topic": topic,
                **disclosure,
                "created_by": "bench",
                "updated_by": "bench",
                "published_by": "bench",
                "published_at": published,
            }
        )
    return columns, items, editions, planted


async def _scan(url: str, n_items: int, n_columns: int) -> dict[str, Any]:
    db = Database(url, pool_size=2)
    now = datetime.now(UTC)
    try:
        site_id = uuid.uuid4()
        columns, items, editions, planted = _site_rows(
            random.Random(10), site_id, n_items, n_columns, now
        )
        async with db.transaction() as session:
            await session.execute(insert(Site).values(id=site_id, code="bench", name="基准网站"))
            for column in columns:  # parents first
                await session.execute(insert(Column).values(**column))
            for start in range(0, n_items, 2000):
                await session.execute(insert(Item), items[start : start + 2000])
                await session.execute(insert(Edition), editions[start : start + 2000])
        async with db.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
        runs = []
        for _ in range(2):  # the first builds the word automaton, the second reuses it
            async with db.transaction() as session:
                site = await session.get(Site, site_id)
                assert site is not None
                t0 = time.perf_counter()
                run = await scan_site(session, site, "bench", now)
            runs.append((time.perf_counter() - t0, run))
        async with db.transaction() as session:
            stored = await session.scalar(
                select(func.count()).where(MonitorProblem.run_id == runs[0][1].id)
            )
        first, second = runs
        return {
            "items": n_items,
            "columns": n_columns,
            "planted": planted,
            "scan_s": round(first[0], 3),
            "scan_again_s": round(second[0], 3),
            "items_checked": first[1].items_checked,
            "problems_by_kind": dict(sorted(first[1].counts.items())),
            "problems_stored": stored,
            "score": first[1].score,
        }
    finally:
        await db.dispose()


def monitoring_scan(n_items: int = 10_000, n_columns: int = 40) -> dict[str, Any]:
    """`scan_site` over one site of `n_items` live items (commit included) in a throwaway
    PostgreSQL migrated like svc-content's."""
    with tempfile.TemporaryDirectory() as tmp:
        pg = PostgresServer(Path(tmp) / "pg", free_port())
        pg.start()
        try:
            pg.psql("CREATE DATABASE content_bench")
            url = with_database(pg.url, "content_bench")
            upgrade(ROOT / "svc-content" / "migrations", url)
            return asyncio.run(_scan(url, n_items, n_columns))
        finally:
            pg.stop()


if __name__ == "__main__":
    import json

    import bench_gateway

    print(json.dumps(monitoring_scan(), indent=2, ensure_ascii=False), flush=True)
    with bench_gateway.devstack(bench_gateway.OPEN_LIMITER) as base:
        print(json.dumps(public_reads(base), indent=2, ensure_ascii=False))
