"""Who a request counts against, and how much it may spend.

The identity comes from `scope["state"]`, filled by the authentication middleware that runs
before this one: `api_key_id` (with `api_key_rate_per_minute`) for partner systems, `user_id`
for people who are logged in, otherwise the client's IP address. Login and registration get
their own, stricter bucket per IP whoever calls them, so password guessing is slowed well
before the account lockout has to act. Probes and metrics are never limited.

Client IP: the direct peer only. `trust_forwarded=True` takes the leftmost `X-Forwarded-For`
entry instead; turn it on only behind a proxy that *replaces* that header with the address it
saw, since a client can write any leftmost entry itself and would get a fresh bucket each
time. IPv6 clients are counted by their /64 (one subscriber's prefix), or they could walk
through addresses to escape the limit.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.types import Scope

# The user-facing wording, in one place: who was limited, for the 429 detail.
SUBJECT_API_KEY = "本接口密钥"
SUBJECT_USER = "当前用户"
SUBJECT_IP = "当前 IP "
SUBJECT_LOGIN = "当前 IP 的登录、注册请求"

EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# The web build's hashed files: immutable, cached by browsers for a year, a page load fetches
# several at once; they cost the API budget nothing.
EXEMPT_PREFIXES = ("/assets/",)
LOGIN_PREFIXES = ("/auth/login", "/auth/register", "/auth/password", "/auth/token")


@dataclass(frozen=True, slots=True)
class Limit:
    key: str  # the bucket: "key:<id>", "user:<id>", "ip:<addr>", "login:<addr>"
    per_minute: int
    burst: int
    subject: str

    @property
    def rate_per_second(self) -> float:
        return self.per_minute / 60

    def detail(self) -> str:
        return f"{self.subject}每分钟最多 {self.per_minute} 次"


class RateLimitPolicy:
    def __init__(
        self,
        *,
        anonymous_per_minute: int = 120,
        anonymous_burst: int = 60,
        user_per_minute: int = 600,
        user_burst: int = 120,
        api_key_default_per_minute: int = 600,
        api_key_min_burst: int = 10,
        login_per_minute: int = 10,
        login_burst: int = 5,
        login_prefixes: Iterable[str] = LOGIN_PREFIXES,
        exempt_paths: Iterable[str] = EXEMPT_PATHS,
        exempt_prefixes: Iterable[str] = EXEMPT_PREFIXES,
        anonymous_read_per_minute: int | None = None,
        anonymous_read_burst: int | None = None,
        trust_forwarded: bool = False,
        ipv6_prefix: int = 64,
    ) -> None:
        self.anonymous_per_minute = anonymous_per_minute
        self.anonymous_burst = anonymous_burst
        # Reading the portal (a page is several cached GETs) gets its own, larger budget, so
        # normal browsing and many citizens behind one office NAT don't run into 429; writes
        # keep the strict one. None: reads share the anonymous budget.
        self.anonymous_read_per_minute = anonymous_read_per_minute
        self.anonymous_read_burst = anonymous_read_burst
        self.exempt_prefixes = tuple(exempt_prefixes)
        self.user_per_minute = user_per_minute
        self.user_burst = user_burst
        # For a key whose own rate is missing or not a positive integer.
        self.api_key_default_per_minute = api_key_default_per_minute
        self.api_key_min_burst = api_key_min_burst
        self.login_per_minute = login_per_minute
        self.login_burst = login_burst
        self.login_prefixes = tuple(login_prefixes)
        self.exempt_paths = frozenset(exempt_paths)
        self.trust_forwarded = trust_forwarded
        self.ipv6_prefix = ipv6_prefix

    def limit_for(self, scope: Scope) -> Limit | None:
        """The bucket and limits for this request; None when it is never limited."""
        path: str = scope["path"]
        if path in self.exempt_paths or path.startswith(self.exempt_prefixes):
            return None
        if path.startswith(self.login_prefixes):
            return Limit(
                f"login:{self.client_ip(scope)}",
                self.login_per_minute,
                self.login_burst,
                SUBJECT_LOGIN,
            )
        state: dict[str, Any] = scope.get("state") or {}
        key_id = state.get("api_key_id")
        if key_id is not None:
            rate = state.get("api_key_rate_per_minute")
            if not isinstance(rate, int) or isinstance(rate, bool) or rate <= 0:
                rate = self.api_key_default_per_minute
            burst = max(self.api_key_min_burst, rate // 4)
            return Limit(f"key:{key_id}", rate, burst, SUBJECT_API_KEY)
        user_id = state.get("user_id")
        if user_id is not None:
            return Limit(f"user:{user_id}", self.user_per_minute, self.user_burst, SUBJECT_USER)
        if self.anonymous_read_per_minute and scope.get("method") in ("GET", "HEAD"):
            return Limit(
                f"ipread:{self.client_ip(scope)}",
                self.anonymous_read_per_minute,
                self.anonymous_read_burst or self.anonymous_burst,
                SUBJECT_IP,
            )
        return Limit(
            f"ip:{self.client_ip(scope)}",
            self.anonymous_per_minute,
            self.anonymous_burst,
            SUBJECT_IP,
        )

    def client_ip(self, scope: Scope) -> str:
        if self.trust_forwarded:
            for name, value in scope.get("headers", ()):
                if name == b"x-forwarded-for":
                    leftmost = value.split(b",", 1)[0].strip().decode("latin-1")
                    forwarded = self._ip_key(leftmost)
                    if forwarded is not None:
                        return forwarded
                    break  # malformed: fall back to the peer
        client = scope.get("client")
        if not client:
            return "unknown"
        peer: str = client[0]
        if ":" not in peer:  # IPv4 from the server itself: no parsing needed
            return peer
        return self._ip_key(peer) or peer

    def _ip_key(self, text: str) -> str | None:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return None
        if isinstance(address, ipaddress.IPv6Address):
            if address.ipv4_mapped is not None:
                return str(address.ipv4_mapped)
            network = ipaddress.IPv6Network((address, self.ipv6_prefix), strict=False)
            return str(network)
        return str(address)
