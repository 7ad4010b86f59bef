"""The relevance metrics the gold set is scored with."""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from metrics import dcg, ndcg_at, reciprocal_rank


def test_perfect_ranking_scores_one():
    assert ndcg_at(["a", "b"], {"a": 2, "b": 1}) == 1.0


def test_swapped_ranking_scores_less_than_one():
    swapped = ndcg_at(["b", "a"], {"a": 2, "b": 1})
    expected = dcg([1, 2]) / dcg([2, 1])
    assert math.isclose(swapped, expected) and swapped < 1


def test_nothing_relevant_scores_zero():
    assert ndcg_at(["x", "y"], {"a": 1}) == 0.0
    assert reciprocal_rank(["x", "y"], {"a": 1}) == 0.0


def test_only_the_top_k_count():
    assert ndcg_at(["x"] * 10 + ["a"], {"a": 1}, k=10) == 0.0


def test_reciprocal_rank_is_one_over_the_first_relevant_position():
    assert reciprocal_rank(["x", "a", "b"], {"a": 1, "b": 2}) == 0.5


def test_dcg_uses_graded_gain_and_log2_discount():
    assert math.isclose(dcg([2, 1]), 3 / 1 + 1 / math.log2(3))
