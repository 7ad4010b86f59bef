"""Scores the gold set: the demo corpus indexed by an engine, every gold query analysed the
way GET /search does (segmentation, the seeded synonyms, pinyin), nDCG@10 and MRR."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from demo_corpus import corpus
from gold import QUERIES, judged
from metrics import mean, ndcg_at, reciprocal_rank

from search.engine.base import Engine, EngineQuery
from search.engine.tantivy_engine import TantivyEngine
from search.query.analyzer import QueryAnalyzer
from search.query.service import run as run_query
from search.synonyms.service import expansion_map

SEED_SYNONYMS = [
    ["公积金", "住房公积金"],
    ["医保", "医疗保险"],
    ["社保卡", "社会保障卡"],
    ["驾照", "驾驶证"],
    ["低保", "最低生活保障"],
    ["房产证", "不动产权证书"],
    ["出生证明", "出生医学证明"],
    ["退休金", "养老金"],
    ["高企", "高新技术企业"],
]


async def score(engine: Engine) -> dict[str, object]:
    await engine.apply(corpus(), [])
    analyzer = QueryAnalyzer()
    analyzer._synonyms = expansion_map(SEED_SYNONYMS)
    analyzer._lexicon.add(t for g in SEED_SYNONYMS for t in g)
    ndcgs, rrs, misses = [], [], []
    for query, key in QUERIES:
        # As GET /search does: all words, then typos undone, then any word.
        outcome = await run_query(engine, analyzer, EngineQuery(analyzer.clauses(query)), query)
        ranked = [h.doc.id for h in outcome.result.hits]
        ndcgs.append(ndcg_at(ranked, judged(key)))
        rrs.append(reciprocal_rank(ranked, judged(key)))
        if rrs[-1] == 0:
            misses.append(query)
    return {
        "queries": len(QUERIES),
        "ndcg@10": round(mean(ndcgs), 3),
        "mrr": round(mean(rrs), 3),
        "no_relevant_hit": misses,
    }


def run() -> dict[str, object]:
    async def main() -> dict[str, object]:
        with tempfile.TemporaryDirectory() as tmp:
            engine = TantivyEngine(Path(tmp))
            await engine.open()
            try:
                return await score(engine)
            finally:
                await engine.close()

    return asyncio.run(main())


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, ensure_ascii=False))
