"""Rate limits at the gateway edge: token buckets per API key, per user or per client IP."""

from __future__ import annotations

from gateway.ratelimit.bucket import BucketStore, TokenBucket
from gateway.ratelimit.middleware import RateLimitMiddleware
from gateway.ratelimit.policy import Limit, RateLimitPolicy

__all__ = ["BucketStore", "Limit", "RateLimitMiddleware", "RateLimitPolicy", "TokenBucket"]
