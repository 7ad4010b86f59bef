"""The vectorised SimHash equals the textbook definition, and near texts stay near."""

from __future__ import annotations

import hashlib
import random

from tickets.tickets.fingerprint import _features, band_probes, bands, distance, simhash


def reference(text: str) -> int:
    weights = [0] * 64
    for feature in _features(text):
        h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value


def test_matches_the_reference_definition():
    texts = ("小区燃气管道漏气无人处理", "路灯不亮", "a", "", "工资拖欠三个月，社保停缴。" * 20)
    for text in texts:
        assert distance(simhash(text), reference(text)) == 0


def test_a_small_edit_stays_close_and_another_topic_is_far():
    a = simhash("东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天，请尽快处理。")
    b = simhash("东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天了，请尽快处理！")
    c = simhash("每天早上七点半学校门口车辆乱停，造成严重拥堵。")
    assert distance(a, b) <= 8 < distance(a, c)


def test_bands_are_the_hash_cut_in_four_lowest_first():
    h = simhash("小区燃气管道漏气无人处理")
    assert sum(b << (16 * i) for i, b in enumerate(bands(h))) == h & (2**64 - 1)


def test_every_hash_within_the_limit_shares_a_probed_band():
    rng = random.Random(7)
    for _ in range(300):
        h = rng.getrandbits(64) - 2**63
        near = h ^ sum(1 << b for b in rng.sample(range(64), rng.randint(0, 7)))
        probes = band_probes(h, 7)
        assert any(b in probes[i] for i, b in enumerate(bands(near)))
    assert [len(p) for p in band_probes(0, 7)] == [17] * 4
    assert [len(p) for p in band_probes(0, 3)] == [1] * 4
