from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment variables prefixed `SEARCH_` (plain `DATABASE_URL`/`NATS_URL` work too)."""

    model_config = SettingsConfigDict(env_prefix="SEARCH_", extra="ignore")

    service_name: str = "svc-search"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/search"
    port: int = 8004
    # tantivy (embedded, measured fastest: see README), postgres (FTS) or meilisearch.
    engine: Literal["tantivy", "postgres", "meilisearch"] = "tantivy"
    index_path: str = ".devstack/search-index"
    meili_url: str | None = None
    meili_key: str | None = None
    meili_index: str = "govsearch"
    # Below this confidence /qa says it does not know instead of guessing.
    qa_threshold: float = 0.6
    max_query_chars: int = 100
    indexer_batch: int = 500
    # tantivy: answers kept until the next commit (0 = off); see engine/result_cache.py.
    result_cache_size: int = 512
    # The query log is buffered in memory and written this often (see analytics/recorder).
    query_log_flush_seconds: float = 1.0
    # How often each process looks for a rebuild whose process died (indexing/journal.py).
    rebuild_watch_seconds: float = 2.0
