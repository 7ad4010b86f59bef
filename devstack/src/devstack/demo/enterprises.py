"""Synthetic enterprises with a plausible industry and size mix (log-normal revenue and
headcount, most of them small and micro, as in any city's register)."""

from __future__ import annotations

import random
from datetime import date

INDUSTRY_MIX = [  # (GB/T 4754 class, weight)
    ("1311", 3),
    ("1711", 3),
    ("2614", 2),
    ("3311", 4),
    ("3411", 3),
    ("3511", 3),
    ("3911", 4),
    ("3971", 3),
    ("4710", 4),
    ("5111", 8),
    ("5211", 10),
    ("5411", 4),
    ("5920", 2),
    ("6110", 3),
    ("6210", 6),
    ("6321", 2),
    ("6513", 6),
    ("6520", 4),
    ("7010", 3),
    ("7020", 3),
    ("7211", 5),
    ("7310", 3),
    ("7511", 3),
    ("8010", 3),
]
DISTRICTS = ["xc", "lc", "pq", "dh", "xs", "gx", "lj", "yt", "qs"]
QUALIFICATIONS = ["高新技术企业", "专精特新", "专精特新小巨人", "科技型中小企业"]
TAGS = ["出口", "数字经济", "外资", "绿色低碳", "首次规上"]


def synthetic_enterprises(count: int, seed: int = 2017) -> list[dict[str, object]]:
    from policy.industry.sizes import classify

    rng = random.Random(seed)
    codes, weights = zip(*INDUSTRY_MIX, strict=True)
    rows = []
    for i in range(count):
        industry = rng.choices(codes, weights)[0]
        employees = max(1, int(rng.lognormvariate(3.2, 1.3)))
        revenue = round(rng.lognormvariate(6.2, 1.7), 1)
        assets = round(revenue * rng.uniform(0.5, 3.0), 1)
        size = classify(industry, employees=employees, revenue_wan=revenue, total_assets_wan=assets)
        rows.append(
            {
                "credit_code": f"D{i:017d}",
                "owner": "demo",
                "name": f"江城{rng.choice(['华', '瑞', '兴', '达', '恒', '鑫'])}{i}号企业",
                "industry_code": industry,
                "revenue_wan": revenue,
                "employees": employees,
                "total_assets_wan": assets,
                "rd_ratio": round(rng.random() * 9, 1),
                "district": rng.choice(DISTRICTS),
                "founded_on": date(rng.randint(1998, 2026), rng.randint(1, 12), 1),
                "qualifications": rng.sample(QUALIFICATIONS, rng.choice([0, 0, 0, 1, 1, 2])),
                "tags": rng.sample(TAGS, rng.choice([0, 0, 1, 2])),
                "size_class": size.size.value if size.size else None,
            }
        )
    return rows
