"""A 64-bit SimHash of a ticket's text, so near-identical messages (the same complaint sent
twice, or by several neighbours) are found with one XOR and a bit count in SQL."""

from __future__ import annotations

import hashlib
import re

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
BITS = 64


def _features(text: str) -> list[str]:
    clean = _NOISE.sub("", text.lower())
    return [clean[i : i + 2] for i in range(len(clean) - 1)] or [clean]


def simhash(text: str) -> int:
    """Signed (fits Postgres bigint)."""
    weights = [0] * BITS
    for feature in _features(text):
        h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(BITS) if weights[bit] > 0)
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << BITS) - 1)).bit_count()
