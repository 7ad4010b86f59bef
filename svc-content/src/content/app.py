from __future__ import annotations

from fastapi import FastAPI

from content.attachments.router import router as attachments_router
from content.columns.router import router as columns_router
from content.events import consumers
from content.items import publishing
from content.items.router import router as items_router
from content.monitoring.router import router as monitoring_router
from content.participation.router import router as participation_router
from content.privacy.router import router as privacy_router
from content.public.cache import ResponseCache
from content.public.router import router as public_router
from content.settings import Settings
from content.sites.router import router as sites_router
from content.subscriptions.router import router as subscriptions_router
from content.tags.router import router as tags_router
from govkit.app import ServiceSpec, create_service_app
from govkit.db import Database
from govkit.tasks import Periodic


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    settings = settings or Settings()

    def setup(app: FastAPI, db: Database) -> None:
        # Eviction is by tag at commit, wired inside content.public.cache.
        app.state.public_cache = ResponseCache(settings.public_cache_seconds)

    def periodic(db: Database) -> list[Periodic]:
        async def publish_due() -> None:
            async with db.transaction() as session:
                await publishing.publish_due(session)

        return [Periodic("scheduled-publishing", settings.scheduler_interval_seconds, publish_due)]

    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="svc-content 统一信息资源库",
            description="站点、栏目、信息、标签、审核流程与内容监测。",
            # Public reads first: most traffic, and route matching is most of a cache hit.
            routers=[
                public_router,
                sites_router,
                columns_router,
                tags_router,
                items_router,
                monitoring_router,
                attachments_router,
                participation_router,
                subscriptions_router,
                privacy_router,
            ],
            consumers=consumers,
            periodic=periodic,
            setup=setup,
            **overrides,  # type: ignore[arg-type]
        )
    )
