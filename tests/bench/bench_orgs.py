"""The unit tree at Datong's size (144 / 558 / 1,274 units per level): listing a district's
subtree and resolving a community's ancestors with the materialised path the gateway uses,
against a recursive CTE over parent ids — the same data, the same run."""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from stats import summary_ms

from gateway.orgs.models import Org, OrgKind
from gateway.orgs.service import ancestors, subtree
from govkit.db import Database, with_database
from govkit.migrations import upgrade
from govkit.pagination import PageParams
from govkit.servers import PostgresServer, free_port

ROOT = Path(__file__).resolve().parents[2]
LEVELS = (144, 558, 1274)

SUBTREE_CTE = text(
    """
    WITH RECURSIVE t AS (
        SELECT id, code, depth FROM orgs WHERE code = :code
        UNION ALL SELECT o.id, o.code, o.depth FROM orgs o JOIN t ON o.parent_id = t.id
    ) SELECT code FROM t LIMIT 100
    """
)
SUBTREE_PATH = text(
    """
    SELECT code FROM orgs
    WHERE path LIKE (SELECT path FROM orgs WHERE code = :code) || '%'
    ORDER BY path LIMIT 100
    """
)
ANCESTORS_PATH = text(
    """
    SELECT code FROM orgs WHERE code = ANY(string_to_array(
        rtrim((SELECT path FROM orgs WHERE code = :code), '/'), '/'))
    ORDER BY depth
    """
)
ANCESTORS_CTE = text(
    """
    WITH RECURSIVE a AS (
        SELECT id, parent_id, code, depth FROM orgs WHERE code = :code
        UNION ALL SELECT o.id, o.parent_id, o.code, o.depth FROM orgs o JOIN a ON o.id = a.parent_id
    ) SELECT code FROM a ORDER BY depth
    """
)


async def build_tree(db: Database) -> tuple[list[str], list[str]]:
    rng = random.Random(7)
    async with db.transaction() as session:
        root = Org(code="city", name="市", kind=OrgKind.CITY, path="city/", depth=0, version=1)
        session.add(root)
        await session.flush()
        parents, seconds, leaves = [root], [], []
        for depth, count in enumerate(LEVELS, start=1):
            level = []
            for i in range(count):
                parent = parents[i % len(parents)] if depth > 1 else root
                code = f"l{depth}-{i}"
                org = Org(
                    code=code,
                    name=code,
                    kind=OrgKind.OTHER,
                    parent_id=parent.id,
                    path=parent.path + code + "/",
                    depth=depth,
                    version=1,
                )
                level.append(org)
            session.add_all(level)
            await session.flush()
            (seconds if depth == 1 else leaves if depth == 3 else []).extend(o.code for o in level)
            parents = level
        await session.execute(text("ANALYZE orgs"))
    return rng.sample(seconds, 40), rng.sample(leaves, 40)


async def timed(run, codes: list[str], rounds: int = 5) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(rounds):
        for code in codes:
            t0 = time.perf_counter()
            await run(code)
            samples.append(time.perf_counter() - t0)
    return samples


async def measure(url: str) -> dict[str, object]:
    db = Database(url, pool_size=2)
    try:
        tops, leaves = await build_tree(db)
        async with db.sessionmaker() as session:

            async def service_subtree(code: str) -> None:
                await subtree(session, code, PageParams(limit=100))

            async def path_subtree(code: str) -> None:
                (await session.execute(SUBTREE_PATH, {"code": code})).all()

            async def cte_subtree(code: str) -> None:
                (await session.execute(SUBTREE_CTE, {"code": code})).all()

            async def service_ancestors(code: str) -> None:
                await ancestors(session, code)

            async def path_ancestors(code: str) -> None:
                (await session.execute(ANCESTORS_PATH, {"code": code})).all()

            async def cte_ancestors(code: str) -> None:
                (await session.execute(ANCESTORS_CTE, {"code": code})).all()

            results = {}
            for name, run, codes in (
                ("subtree_service_layer", service_subtree, tops),
                ("ancestors_service_layer", service_ancestors, leaves),
                ("subtree_path", path_subtree, tops),
                ("subtree_cte", cte_subtree, tops),
                ("ancestors_path", path_ancestors, leaves),
                ("ancestors_cte", cte_ancestors, leaves),
            ):
                await timed(run, codes[:5], rounds=1)  # warm up
                results[name] = summary_ms(await timed(run, codes))
    finally:
        await db.dispose()
    return {
        "nodes": 1 + sum(LEVELS),
        **results,
        "subtree_cte_over_path_p50": round(
            results["subtree_cte"]["p50_ms"] / results["subtree_path"]["p50_ms"], 2
        ),
        "ancestors_cte_over_path_p50": round(
            results["ancestors_cte"]["p50_ms"] / results["ancestors_path"]["p50_ms"], 2
        ),
    }


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        pg = PostgresServer(Path(tmp) / "pg", free_port())
        pg.start()
        try:
            pg.psql("CREATE DATABASE orgs_bench")
            url = with_database(pg.url, "orgs_bench")
            upgrade(ROOT / "gateway" / "migrations", url)
            return asyncio.run(measure(url))
        finally:
            pg.stop()


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
