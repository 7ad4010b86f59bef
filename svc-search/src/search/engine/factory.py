from __future__ import annotations

from pathlib import Path

from govkit.db import Database
from search.engine.base import Engine
from search.settings import Settings


def build_engine(settings: Settings, db: Database) -> Engine:
    if settings.engine == "postgres":
        from search.engine.pg_engine import PgFtsEngine

        return PgFtsEngine(db)
    if settings.engine == "meilisearch":
        from search.engine.meili_engine import MeiliEngine

        if not settings.meili_url:
            raise ValueError("SEARCH_MEILI_URL is required for the meilisearch engine")
        return MeiliEngine(settings.meili_url, settings.meili_key, settings.meili_index)
    from search.engine.tantivy_engine import TantivyEngine

    return TantivyEngine(Path(settings.index_path), result_cache_size=settings.result_cache_size)
