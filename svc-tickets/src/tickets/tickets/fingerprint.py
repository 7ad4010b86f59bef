"""A 64-bit SimHash of a ticket's text, so near-identical messages (the same complaint sent
twice, or by several neighbours) are found with one XOR and a bit count in SQL."""

from __future__ import annotations

import hashlib
import re

import numpy as np

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
BITS = 64


def _features(text: str) -> list[str]:
    clean = _NOISE.sub("", text.lower())
    return [clean[i : i + 2] for i in range(len(clean) - 1)] or [clean]


def simhash(text: str) -> int:
    """Signed (fits Postgres bigint). The bit votes are counted with numpy: a Python loop
    over 64 bits per bigram cost ~3 ms for an ordinary message."""
    digests = b"".join(hashlib.blake2b(f.encode(), digest_size=8).digest() for f in _features(text))
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8)).reshape(-1, BITS)
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(bits)
    value = int.from_bytes(np.packbits(votes > 0).tobytes(), "big")
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << BITS) - 1)).bit_count()
