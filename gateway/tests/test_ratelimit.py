"""Rate limits at the gateway edge: the bucket's arithmetic on a fake clock, the store's
memory bound, and the middleware in front of a tiny app (no database, no network)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.ratelimit import BucketStore, RateLimitMiddleware, RateLimitPolicy, TokenBucket
from govkit.errors import PROBLEM_BASE


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- the bucket ------------------------------------------------------------------------


def test_a_new_bucket_allows_its_burst_then_refuses(clock: FakeClock) -> None:
    bucket = TokenBucket(3, 1.0, clock=clock)
    assert [bucket.take() for _ in range(3)] == [(True, 0.0, 2), (True, 0.0, 1), (True, 0.0, 0)]
    allowed, _, remaining = bucket.take()
    assert not allowed and remaining == 0


def test_tokens_refill_at_the_rate_and_never_beyond_capacity(clock: FakeClock) -> None:
    bucket = TokenBucket(4, 2.0, clock=clock)
    for _ in range(4):
        bucket.take()
    clock.advance(1.0)  # two tokens back
    assert bucket.take()[0] and bucket.take()[0]
    assert not bucket.take()[0]
    clock.advance(3600)
    assert bucket.take() == (True, 0.0, 3)  # full is 4, however long it waited


def test_retry_after_is_the_time_until_enough_tokens(clock: FakeClock) -> None:
    bucket = TokenBucket(2, 0.5, clock=clock)
    bucket.take()
    bucket.take()
    assert bucket.take() == (False, 2.0, 0)
    clock.advance(0.5)
    assert bucket.take() == (False, 1.5, 0)
    assert bucket.take(2)[1] == pytest.approx(3.5)


def test_a_refusal_spends_nothing(clock: FakeClock) -> None:
    bucket = TokenBucket(1, 1.0, clock=clock)
    bucket.take()
    for _ in range(10):
        assert not bucket.take()[0]
    clock.advance(1.0)
    assert bucket.take()[0]


def test_a_cost_above_capacity_is_an_error(clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        TokenBucket(2, 1.0, clock=clock).take(3)


def test_a_third_of_a_token_a_second_adds_up_to_whole_tokens(clock: FakeClock) -> None:
    bucket = TokenBucket(1, 10 / 60, clock=clock)  # 10 a minute
    bucket.take()
    for _ in range(6):
        clock.advance(1.0)
    assert bucket.take()[0]


# --- the store -------------------------------------------------------------------------


def test_the_store_never_holds_more_than_max_entries(clock: FakeClock) -> None:
    store = BucketStore(max_entries=3, clock=clock)
    for key in ("a", "b", "c"):
        store.take(key, 5, 1.0)
    store.take("a", 5, 1.0)  # a is now the most recently used
    store.take("d", 5, 1.0)
    store.take("e", 5, 1.0)
    assert len(store) == 3
    assert "a" in store and "d" in store and "e" in store
    assert "b" not in store and "c" not in store


def test_idle_buckets_that_refilled_are_dropped(clock: FakeClock) -> None:
    store = BucketStore(max_entries=100, clock=clock)
    store.take("idle", 2, 1.0)
    store.take("busy", 2, 1.0)
    clock.advance(1.0)  # both full again
    store.take("busy", 2, 1.0)
    store.take("new", 2, 1.0)
    assert "idle" not in store
    assert "busy" in store and "new" in store


def test_a_dropped_full_bucket_comes_back_full(clock: FakeClock) -> None:
    store = BucketStore(max_entries=100, clock=clock)
    store.take("k", 2, 1.0)
    clock.advance(5)
    store.take("other", 2, 1.0)
    assert "k" not in store
    assert store.take("k", 2, 1.0) == (True, 0.0, 1)


def test_changed_limits_apply_to_an_existing_bucket(clock: FakeClock) -> None:
    store = BucketStore(clock=clock)
    for _ in range(10):
        store.take("key:1", 10, 1.0)
    assert not store.take("key:1", 10, 1.0)[0]
    clock.advance(1.0)
    assert store.take("key:1", 100, 10.0) == (True, 0.0, 0)  # one earned, at the old rate
    clock.advance(1.0)
    assert store.take("key:1", 100, 10.0) == (True, 0.0, 9)


# --- the middleware --------------------------------------------------------------------


class FakeIdentity:
    """Stands in for the authentication middleware: identity from test headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.setdefault("state", {})
            headers = dict(scope["headers"])
            if b"x-test-key" in headers:
                state["api_key_id"] = headers[b"x-test-key"].decode()
                if b"x-test-rate" in headers:
                    state["api_key_rate_per_minute"] = int(headers[b"x-test-rate"])
            if b"x-test-user" in headers:
                state["user_id"] = headers[b"x-test-user"].decode()
        await self.app(scope, receive, send)


def tiny_app() -> FastAPI:
    app = FastAPI()

    @app.get("/things")
    async def things() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/login")
    async def login() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/auth/register/citizen")
    async def register() -> dict[str, bool]:
        return {"ok": True}

    return app


Connect = Callable[..., httpx.AsyncClient]


def stack(policy: RateLimitPolicy, clock: FakeClock) -> ASGIApp:
    store = BucketStore(clock=clock)
    return FakeIdentity(RateLimitMiddleware(tiny_app(), policy=policy, store=store))


@pytest.fixture
async def connect(clock: FakeClock) -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    """`connect(ip, policy=…)`: a client from that IP to a gateway stack; every client of a
    test shares the same stack (and so the same buckets)."""
    apps: dict[int, ASGIApp] = {}
    clients: list[httpx.AsyncClient] = []

    def make(ip: str = "203.0.113.7", policy: RateLimitPolicy | None = None) -> httpx.AsyncClient:
        if not apps:
            apps[0] = stack(policy or RateLimitPolicy(), clock)
        transport = httpx.ASGITransport(app=apps[0], client=(ip, 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://gateway.test")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


async def exhaust(client: httpx.AsyncClient, path: str = "/things", **kwargs: object) -> int:
    """Send requests until one is refused; how many were allowed."""
    method = "POST" if path.startswith("/auth/") else "GET"
    for allowed in range(10_000):
        r = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
        if r.status_code == 429:
            return allowed
    raise AssertionError("never limited")


async def test_anonymous_callers_get_60_at_once_then_a_chinese_problem(connect: Connect) -> None:
    client = connect()
    assert await exhaust(client) == 60
    r = await client.get("/things")
    assert r.status_code == 429
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"] == "1"  # 120 a minute: a token every 0.5 s
    assert r.json() == {
        "type": PROBLEM_BASE + "rate_limited",
        "title": "请求过于频繁，请稍后再试",
        "status": 429,
        "detail": "当前 IP 每分钟最多 120 次",
        "code": "rate_limited",
        "instance": "/things",
        "retry_after": 1,
    }


async def test_tokens_come_back_with_time(connect: Connect, clock: FakeClock) -> None:
    client = connect()
    await exhaust(client)
    clock.advance(0.5)
    assert (await client.get("/things")).status_code == 200
    assert (await client.get("/things")).status_code == 429


async def test_successful_responses_carry_ratelimit_headers(connect: Connect) -> None:
    client = connect()
    r = await client.get("/things")
    assert r.status_code == 200 and r.json() == {"ok": True}
    assert r.headers["ratelimit-limit"] == "60"
    assert r.headers["ratelimit-remaining"] == "59"
    assert r.headers["ratelimit-policy"] == "120;w=60;burst=60"
    assert (await client.get("/things")).headers["ratelimit-remaining"] == "58"


async def test_each_client_ip_has_its_own_bucket(connect: Connect) -> None:
    first, second = connect("203.0.113.7"), connect("198.51.100.20")
    await exhaust(first)
    r = await second.get("/things")
    assert r.status_code == 200 and r.headers["ratelimit-remaining"] == "59"


async def test_an_ipv6_subscriber_cannot_escape_by_changing_address(connect: Connect) -> None:
    policy = RateLimitPolicy(anonymous_burst=2)
    first, second = connect("2001:db8:1:2::1", policy), connect("2001:db8:1:2::ffff")
    await exhaust(first)
    assert (await second.get("/things")).status_code == 429
    assert (await connect("2001:db8:1:3::1").get("/things")).status_code == 200


async def test_an_api_key_is_limited_at_its_own_rate(connect: Connect) -> None:
    client = connect()
    slow = {"x-test-key": "k-slow", "x-test-rate": "40"}  # burst max(10, 40 // 4) = 10
    fast = {"x-test-key": "k-fast", "x-test-rate": "400"}  # burst 100
    assert (await client.get("/things", headers=slow)).headers["ratelimit-limit"] == "10"
    assert await exhaust(client, headers=slow) == 9
    r = await client.get("/things", headers=slow)
    assert r.json()["detail"] == "本接口密钥每分钟最多 40 次"
    assert r.headers["retry-after"] == "2"  # a token every 1.5 s
    assert await exhaust(client, headers=fast) == 100
    # The key's bucket is not the IP's: the same machine without the key is still served.
    assert (await client.get("/things")).status_code == 200


async def test_a_key_hammered_past_its_limit_is_served_again_once_it_slows_down(
    connect: Connect, clock: FakeClock
) -> None:
    # Issue 15: refusals must not keep draining the bucket, or a key stays throttled after
    # its burst. 60 a minute, burst 15: ten seconds of 100 requests a second, then under
    # the rate.
    client = connect()
    key = {"x-test-key": "k-burst", "x-test-rate": "60"}
    for _ in range(10):
        for _ in range(100):
            await client.get("/things", headers=key)
        clock.advance(1.0)
    after = []
    for _ in range(20):
        clock.advance(1.25)  # 80 % of the key's rate
        after.append((await client.get("/things", headers=key)).status_code)
    assert after == [200] * 20


async def test_a_key_without_a_usable_rate_gets_the_default(connect: Connect) -> None:
    r = await connect().get("/things", headers={"x-test-key": "k1"})
    assert r.headers["ratelimit-policy"] == "600;w=60;burst=150"


async def test_a_logged_in_user_has_a_bucket_of_their_own(connect: Connect) -> None:
    policy = RateLimitPolicy(user_per_minute=30, user_burst=3)
    alice, bob = connect("203.0.113.7", policy), connect("198.51.100.20")
    assert await exhaust(alice, headers={"x-test-user": "alice"}) == 3
    # Alice from another address is still Alice.
    r = await bob.get("/things", headers={"x-test-user": "alice"})
    assert r.status_code == 429 and r.json()["detail"] == "当前用户每分钟最多 30 次"
    assert (await bob.get("/things", headers={"x-test-user": "bob"})).status_code == 200


async def test_login_and_register_share_a_stricter_bucket_per_ip(connect: Connect) -> None:
    client, other = connect("203.0.113.7"), connect("198.51.100.20")
    for _ in range(3):
        assert (await client.post("/auth/login")).status_code == 200
    for _ in range(2):
        assert (await client.post("/auth/register/citizen")).status_code == 200
    r = await client.post("/auth/login", headers={"x-test-user": "alice"})
    assert r.status_code == 429
    assert r.json()["detail"] == "当前 IP 的登录、注册请求每分钟最多 10 次"
    assert r.headers["retry-after"] == "6"
    assert (await client.get("/things")).status_code == 200  # other paths keep their budget
    assert (await other.post("/auth/login")).status_code == 200


async def test_probes_and_metrics_are_never_limited(connect: Connect) -> None:
    client = connect(policy=RateLimitPolicy(anonymous_burst=1))
    await exhaust(client)
    for _ in range(20):
        r = await client.get("/healthz")
        assert r.status_code == 200
        assert "ratelimit-limit" not in r.headers


async def test_forwarded_for_is_ignored_unless_trusted(connect: Connect) -> None:
    client = connect(policy=RateLimitPolicy(anonymous_burst=2))
    await exhaust(client, headers={"x-forwarded-for": "192.0.2.1"})
    r = await client.get("/things", headers={"x-forwarded-for": "192.0.2.2"})
    assert r.status_code == 429


async def test_a_trusted_proxy_names_the_client_leftmost(connect: Connect) -> None:
    proxy = connect("10.0.0.2", RateLimitPolicy(anonymous_burst=2, trust_forwarded=True))
    first = {"x-forwarded-for": "192.0.2.1, 10.0.0.1"}
    assert await exhaust(proxy, headers=first) == 2
    assert (await proxy.get("/things", headers={"x-forwarded-for": "192.0.2.2"})).is_success
    # A header that is not an address falls back to the peer, which is not yet limited.
    assert (await proxy.get("/things", headers={"x-forwarded-for": "nonsense"})).is_success


def _scope(method: str, path: str) -> Scope:
    return {"type": "http", "method": method, "path": path, "client": ("10.0.0.7", 5000)}


def test_anonymous_reads_have_their_own_budget_and_writes_keep_the_strict_one():
    policy = RateLimitPolicy(
        anonymous_per_minute=120,
        anonymous_burst=60,
        anonymous_read_per_minute=1200,
        anonymous_read_burst=300,
    )
    read = policy.limit_for(_scope("GET", "/api/content/sites/portal/items"))
    write = policy.limit_for(_scope("POST", "/api/tickets/tickets"))
    assert read is not None and (read.key, read.per_minute, read.burst) == (
        "ipread:10.0.0.7",
        1200,
        300,
    )
    assert write is not None and (write.key, write.per_minute, write.burst) == (
        "ip:10.0.0.7",
        120,
        60,
    )
    # Without a read budget configured, reads share the anonymous one.
    shared = RateLimitPolicy(anonymous_burst=2).limit_for(_scope("GET", "/api/x"))
    assert shared is not None and shared.key == "ip:10.0.0.7" and shared.burst == 2


def test_the_web_builds_files_are_never_limited():
    policy = RateLimitPolicy(anonymous_burst=1)
    assert policy.limit_for(_scope("GET", "/assets/portal-abc.js")) is None
    assert policy.limit_for(_scope("GET", "/portal/")) is not None  # a page view counts
