from __future__ import annotations

from fastapi import FastAPI

from govkit.app import ServiceSpec, create_service_app
from tickets.deadlines.router import router as deadlines_router
from tickets.settings import Settings


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            settings=settings or Settings(),
            title="svc-tickets 12345 热线工单",
            description="多渠道受理、派单、时限、督办、回访评价、公开、知识库与统计。",
            routers=[deadlines_router],
            **overrides,  # type: ignore[arg-type]
        )
    )
