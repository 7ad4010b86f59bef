from __future__ import annotations

from fastapi import FastAPI

from govkit.app import ServiceSpec, create_service_app
from search.events import consumers
from search.settings import Settings
from search.sources.router import router as sources_router


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            settings=settings or Settings(),
            title="svc-search 统一搜索",
            description="全平台中文检索、分面、同义词、服务直达与智能问答，由事件驱动建索引。",
            routers=[sources_router],
            consumers=consumers,
            **overrides,  # type: ignore[arg-type]
        )
    )
