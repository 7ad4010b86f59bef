"""Policy matching at scale: the calculator over 200 measures, and one push over 100,000
enterprises with the SQL prefilter against evaluating every enterprise — same data, same run."""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from unittest import mock

from sqlalchemy import insert, text, true
from stats import summary_ms

from devstack.demo.enterprises import synthetic_enterprises
from govkit.db import Database, with_database
from govkit.migrations import upgrade
from govkit.servers import PostgresServer, free_port
from policy.conditions.calculator import MeasureView, calculate
from policy.conditions.schema import ConditionDocument
from policy.policies.models import Measure, Policy
from policy.profiles.models import EnterpriseProfile
from policy.push import service as push

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)
INDUSTRIES = [
    "1311",
    "1711",
    "2614",
    "3911",
    "3511",
    "4710",
    "5111",
    "5211",
    "6513",
    "7010",
    "7310",
]
DISTRICTS = ["xc", "lc", "pq", "dh", "xs", "gx", "lj", "yt", "qs"]
CONDITION = {
    "op": "all",
    "items": [
        {"op": "within", "field": "industry_code", "value": "C"},
        {"op": "gte", "field": "revenue_wan", "value": 2000},
        {"op": "in", "field": "district", "value": ["xc", "gx"]},
        {"op": "has_any", "field": "qualifications", "value": ["高新技术企业", "专精特新"]},
    ],
}


def random_condition(rng: random.Random) -> dict[str, object]:
    return {
        "op": "all",
        "items": [
            {
                "op": "within",
                "field": "industry_code",
                "value": rng.choice(["C", "13", "39", "F", "65"]),
            },
            {"op": "gte", "field": "revenue_wan", "value": rng.choice([300, 2000, 5000])},
            {
                "op": "any",
                "items": [
                    {"op": "has", "field": "qualifications", "value": "高新技术企业"},
                    {"op": "gte", "field": "rd_ratio", "value": rng.choice([3, 5])},
                ],
            },
            {"op": "years_since_gte", "field": "founded_on", "value": rng.choice([1, 3])},
        ],
    }


def calculator_latency(rng: random.Random) -> dict[str, float]:
    measures = [
        MeasureView(
            str(i),
            f"措施{i}",
            "资金奖励",
            ConditionDocument.model_validate({"condition": random_condition(rng)}).condition,
            amount_wan=rng.choice([5, 20, 50]),
        )
        for i in range(200)
    ]
    profile = {
        "industry_code": "3911",
        "revenue_wan": 2400,
        "employees": 120,
        "rd_ratio": 4.2,
        "founded_on": date(2021, 3, 1),
        "qualifications": ["专精特新"],
    }
    samples = []
    for _ in range(300):
        t0 = time.perf_counter()
        calculate(measures, profile, TODAY)
        samples.append(time.perf_counter() - t0)
    return summary_ms(samples)


async def push_timings(url: str, n: int) -> dict[str, object]:
    db = Database(url, pool_size=2)
    try:
        rows = synthetic_enterprises(n, seed=4754)
        async with db.transaction() as session:
            for start in range(0, n, 5000):
                await session.execute(insert(EnterpriseProfile), rows[start : start + 5000])
            policy_id = uuid.uuid4()
            await session.execute(
                insert(Policy).values(
                    id=policy_id,
                    title="基准政策",
                    issuing_body="江城市人民政府",
                    published_on=TODAY,
                    industries=[],
                    districts=[],
                    created_by="bench",
                )
            )
        async with db.engine.begin() as conn:
            await conn.execute(text("ANALYZE enterprise_profiles"))

        async def one_push(prefilter: bool) -> tuple[float, int]:
            measure_id = uuid.uuid4()
            async with db.transaction() as session:
                await session.execute(
                    insert(Measure).values(
                        id=measure_id,
                        policy_id=policy_id,
                        title="基准措施",
                        reward_type="资金奖励",
                        amount_text="",
                        condition=CONDITION,
                        status="published",
                        version=2,
                    )
                )
            patch = (
                mock.patch.object(push, "to_sql", lambda c, d: true()) if not prefilter else None
            )
            t0 = time.perf_counter()
            async with db.transaction() as session:
                if patch:
                    with patch:
                        count = await push.push_measure(session, measure_id, TODAY)
                else:
                    count = await push.push_measure(session, measure_id, TODAY)
            return time.perf_counter() - t0, count

        with_filter, matched = await one_push(prefilter=True)
        without_filter, matched_all = await one_push(prefilter=False)
        assert matched == matched_all, "the prefilter must not change who is notified"
        return {
            "enterprises": n,
            "notified": matched,
            "push_with_prefilter_s": round(with_filter, 3),
            "push_evaluating_every_enterprise_s": round(without_filter, 3),
            "prefilter_speedup": round(without_filter / with_filter, 1),
        }
    finally:
        await db.dispose()


def run(n: int = 100_000) -> dict[str, object]:
    result: dict[str, object] = {"calculator_200_measures": calculator_latency(random.Random(7))}
    with tempfile.TemporaryDirectory() as tmp:
        pg = PostgresServer(Path(tmp) / "pg", free_port())
        pg.start()
        try:
            pg.psql("CREATE DATABASE policy_bench")
            url = with_database(pg.url, "policy_bench")
            upgrade(ROOT / "svc-policy" / "migrations", url)
            result["push"] = asyncio.run(push_timings(url, n))
        finally:
            pg.stop()
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, ensure_ascii=False))
