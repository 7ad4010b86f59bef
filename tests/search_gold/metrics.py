"""Ranking quality: nDCG@k (graded gains, log2 discount) and MRR (first relevant hit)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """0 … 1; 1 when the top k are the judged documents in order of grade."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judged.get(doc, 0) for doc in ranked[:k]]) / ideal


def reciprocal_rank(ranked: Sequence[str], judged: Mapping[str, int]) -> float:
    for i, doc in enumerate(ranked):
        if judged.get(doc, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
