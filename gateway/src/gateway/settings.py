from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment variables prefixed `GATEWAY_` (plain `DATABASE_URL`/`NATS_URL` work too)."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/gateway"
    port: int = 8000
    content_url: str = "http://127.0.0.1:8001"
    tickets_url: str = "http://127.0.0.1:8002"
    policy_url: str = "http://127.0.0.1:8003"
    search_url: str = "http://127.0.0.1:8004"
    # Per-route timeouts (seconds): search answers people typing, so it is held shorter.
    connect_timeout: float = 1.0
    content_timeout: float = 10.0
    tickets_timeout: float = 10.0
    policy_timeout: float = 10.0
    search_timeout: float = 5.0
    upstream_max_connections: int = 200
    # Admission control, per upstream and per gateway replica (routing/admission.py): at most
    # this many requests in flight to a service, a few more waiting briefly, the rest refused
    # at once with 503 + Retry-After. Sized for the one-machine devstack, where 8 concurrent
    # public reads already saturate svc-content (measured: 16 + 16 queued gave ×4 the p95 at
    # 75 % of the throughput, 8 + 8 ×1.3 at 100 %, README Benchmarks); in a cluster, about
    # (service replicas × the concurrency one replica sustains) ÷ gateway replicas.
    admission_enabled: bool = True
    admission_max_in_flight: int = 8
    admission_queue: int = 8
    # The queue's length bounds the wait under load (8 slot hand-overs); this bound is for a
    # service that stalls, and keeps a 16-client burst (8 + 8) from being refused on a hiccup.
    admission_max_wait_seconds: float = 0.25
    # Per service overrides of admission_max_in_flight. Ticket intake waits on commits, not
    # CPU, and gains from concurrency (svc-tickets runs two workers in the intake bench).
    admission_limits: dict[str, int] = Field(default_factory=lambda: {"tickets": 32})
    admission_retry_after_seconds: int = 1
    # Retry-After on a 502/504 (service down or not answering): a restart takes seconds.
    upstream_retry_after_seconds: int = 5
    # Identity
    access_token_ttl_seconds: int = 600
    refresh_token_days: int = 14
    # The browser session's cookie is Secure; Chromium keeps Secure cookies over plain http
    # only for localhost/127.0.0.1, which is how the devstack is reached. Turn it off only
    # for a deliberate plain-http deployment (never on the internet).
    session_cookie_secure: bool = True
    max_login_failures: int = 5
    lockout_minutes: int = 15
    api_key_cache_seconds: float = 30.0
    # Data rights: the services that hold personal data and must confirm an erasure.
    erasure_services: list[str] = Field(
        default_factory=lambda: ["content", "tickets", "policy", "search"]
    )
    export_retry_after_seconds: int = 30
    # Rate limits (token buckets, per gateway replica)
    ratelimit_enabled: bool = True
    ratelimit_anonymous_per_minute: int = 120
    ratelimit_anonymous_burst: int = 60
    # Anonymous GETs (reading the portal: 30 pages a minute, each with its API calls, from
    # one office NAT) have their own larger budget; writes keep the one above.
    ratelimit_anonymous_read_per_minute: int = 1200
    ratelimit_anonymous_read_burst: int = 300
    ratelimit_user_per_minute: int = 600
    ratelimit_user_burst: int = 120
    ratelimit_api_key_default_per_minute: int = 600
    ratelimit_login_per_minute: int = 10
    ratelimit_login_burst: int = 5
    # Only behind a proxy that replaces X-Forwarded-For (never one that appends to it).
    ratelimit_trust_forwarded: bool = False
    # Access statistics (态势感知): written in batches, off the request path
    access_log_enabled: bool = True
    access_log_buffer: int = 50_000
    access_log_batch_size: int = 1000
    access_log_flush_seconds: float = 0.5
    # Portal and county-site origins allowed to call the API from browsers.
    cors_origins: list[str] = Field(default_factory=list)
    # The front end's build (web/dist) served at / and /{site}/…; empty: no pages served.
    # The devstack points it at the repository's web/dist, images at their copy.
    web_dist: str = ""
    # Proxied uploads (attachments, photos) may be larger than JSON bodies.
    max_body_bytes: int = 20 * 1_048_576
