"""Token buckets and the store that holds them.

A bucket holds up to `capacity` tokens (the burst) and gains `rate` tokens a second; a request
spends one. Refill is lazy: computed from the time elapsed when the bucket is next touched, so
an idle bucket costs nothing.

**Per replica.** The store lives in the gateway process: with N replicas behind a load balancer
a caller may get up to N times the configured rate (less when the balancer pins callers). A
cluster that needs one exact limit would keep the buckets in a shared store (Redis with a
Lua script, or NATS KV with compare-and-set on the revision) behind the same `take` call, at
the price of a network round trip per request; that is why this one is local.

**Bounded memory.** At most `max_entries` buckets, least recently used dropped first; and a
bucket left alone long enough to refill completely is dropped early, since a new bucket would
start exactly as full. Dropping a bucket that is not yet full hands its owner a fresh burst;
only a flood of distinct keys (more than `max_entries`) can cause that.

Not thread-safe, and needs no lock under asyncio: nothing here awaits.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

Clock = Callable[[], float]

# Float refill (elapsed * rate) can land a hair below a whole token; never refuse for that.
_EPSILON = 1e-9


class TokenBucket:
    __slots__ = ("capacity", "clock", "rate", "tokens", "updated")

    def __init__(
        self,
        capacity: int,
        rate: float,
        *,
        clock: Clock = time.monotonic,
        now: float | None = None,
    ) -> None:
        _check(capacity, rate)
        self.capacity = capacity
        self.rate = rate  # tokens per second
        self.clock = clock
        self.tokens = float(capacity)
        self.updated = clock() if now is None else now

    def _refill(self, now: float) -> None:
        elapsed = now - self.updated
        if elapsed > 0:
            self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
            self.updated = now

    def take(self, cost: int = 1, *, now: float | None = None) -> tuple[bool, float, int]:
        """Spend `cost` tokens if there are enough. Returns (allowed, seconds until the
        request would be allowed — 0 when it is, tokens left). A refusal spends nothing."""
        if cost > self.capacity:
            raise ValueError("cost exceeds the bucket's capacity: it could never be allowed")
        self._refill(self.clock() if now is None else now)
        if self.tokens + _EPSILON >= cost:
            self.tokens -= cost
            return True, 0.0, max(0, int(self.tokens))
        return False, (cost - self.tokens) / self.rate, max(0, int(self.tokens))

    def is_full(self, now: float) -> bool:
        return self.tokens + (now - self.updated) * self.rate + _EPSILON >= self.capacity

    def reconfigure(self, capacity: int, rate: float, now: float) -> None:
        """New limits for an existing bucket (an API key's rate was changed): tokens earned so
        far are kept, up to the new capacity."""
        _check(capacity, rate)
        self._refill(now)
        self.capacity, self.rate = capacity, rate
        self.tokens = min(self.tokens, capacity)


def _check(capacity: int, rate: float) -> None:
    if capacity < 1 or rate <= 0:
        raise ValueError("a bucket needs capacity >= 1 and a positive rate")


class BucketStore:
    """Buckets by key (`ip:…`, `user:…`, `key:…`), in least-recently-used order."""

    def __init__(
        self, *, max_entries: int = 100_000, clock: Clock = time.monotonic, sweep: int = 2
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self.clock = clock
        # Idle full buckets looked at per new bucket: more than one, so they leave faster
        # than new keys arrive, yet a fixed small cost per request.
        self.sweep = sweep
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def __contains__(self, key: object) -> bool:
        return key in self._buckets

    def take(self, key: str, capacity: int, rate: float, cost: int = 1) -> tuple[bool, float, int]:
        """`TokenBucket.take` on the bucket for `key`, made (full) on first use."""
        now = self.clock()
        buckets = self._buckets
        bucket = buckets.get(key)
        if bucket is None:
            self._make_room(now)
            bucket = TokenBucket(capacity, rate, clock=self.clock, now=now)
            buckets[key] = bucket
        else:
            buckets.move_to_end(key)
            if bucket.capacity != capacity or bucket.rate != rate:
                bucket.reconfigure(capacity, rate, now)
        return bucket.take(cost, now=now)

    def _make_room(self, now: float) -> None:
        buckets = self._buckets
        for _ in range(self.sweep):
            if not buckets or not next(iter(buckets.values())).is_full(now):
                break
            buckets.popitem(last=False)
        while len(buckets) >= self.max_entries:
            buckets.popitem(last=False)
