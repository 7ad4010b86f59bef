from __future__ import annotations

from fastapi import FastAPI

from govkit.app import ServiceSpec, create_service_app
from tickets.categories.router import router as categories_router
from tickets.deadlines import redating
from tickets.deadlines.router import router as deadlines_router
from tickets.disclosure.router import router as disclosure_router
from tickets.events import consumers
from tickets.knowledge.router import router as knowledge_router
from tickets.open311.router import router as open311_router
from tickets.privacy.router import router as privacy_router
from tickets.routing.router import router as routing_router
from tickets.settings import Settings
from tickets.stats import rollup as stats_rollup
from tickets.stats.router import public_router as public_stats_router
from tickets.stats.router import router as stats_router
from tickets.tickets import numbers
from tickets.tickets.router import router as tickets_router
from tickets.tickets.suggest import start_training
from tickets.units.router import router as units_router


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    config = settings or Settings()
    return create_service_app(
        ServiceSpec(
            settings=config,
            title="svc-tickets 12345 热线工单",
            description="多渠道受理、派单、时限、督办、回访评价、公开、知识库与统计。",
            routers=[
                tickets_router,
                disclosure_router,
                knowledge_router,
                categories_router,
                units_router,
                routing_router,
                deadlines_router,
                stats_router,
                public_stats_router,
                privacy_router,
                open311_router,  # last: its catch-all answers the rest of /open311/v2
            ],
            own_text_checks=("/open311/",),  # refused as GeoReport v2 400s there
            consumers=consumers,
            periodic=lambda db: [
                stats_rollup.periodic(db),
                redating.periodic(db, config),
                numbers.periodic(db),
            ],
            setup=start_training,
            **overrides,  # type: ignore[arg-type]
        )
    )
