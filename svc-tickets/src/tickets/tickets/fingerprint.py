"""A 64-bit SimHash of a ticket's text, so near-identical messages (the same complaint sent
twice, or by several neighbours) are found with one XOR and a bit count.

To find them without reading every recent ticket, the hash is also stored as four 16-bit
bands, each indexed. Two hashes at most `k` bits apart differ in at most `k // 4` bits in
at least one band (pigeonhole), so looking up every value within that many bits of each of
our bands finds all of them: 4 × 17 values for k ≤ 7."""

from __future__ import annotations

import hashlib
import re
from itertools import combinations

import numpy as np

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
BITS = 64
BANDS = 4
BAND_BITS = BITS // BANDS
BAND_MASK = (1 << BAND_BITS) - 1


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


def bands(h: int) -> list[int]:
    """The four 16-bit bands, lowest first (as the `simhash_band*` columns store them)."""
    u = h & ((1 << BITS) - 1)
    return [(u >> (BAND_BITS * i)) & BAND_MASK for i in range(BANDS)]


def band_probes(h: int, max_bits: int) -> list[list[int]]:
    """Per band, every value within `max_bits // 4` bits of ours: a hash within `max_bits`
    of `h` has at least one band among these."""
    radius = max_bits // BANDS
    flips = [
        sum(1 << b for b in bits) for r in range(radius + 1) for bits in combinations(range(16), r)
    ]
    return [[value ^ f for f in flips] for value in bands(h)]
