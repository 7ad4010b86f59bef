"""Relevance must not regress below the measured level (nDCG@10 0.775, MRR 0.919 today)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from evaluate import score
from gold import QUERIES

from search.engine.tantivy_engine import TantivyEngine


def test_the_gold_set_has_at_least_60_judged_queries():
    assert len(QUERIES) >= 60 and len({q for q, _ in QUERIES}) == len(QUERIES)


async def test_gold_set_relevance_stays_above_the_floor(tmp_path):
    engine = TantivyEngine(tmp_path)
    await engine.open()
    result = await score(engine)
    await engine.close()
    assert result["ndcg@10"] >= 0.72 and result["mrr"] >= 0.85, result
