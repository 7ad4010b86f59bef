from __future__ import annotations

from fastapi import FastAPI

from content.settings import Settings
from content.sites.router import router as sites_router
from govkit.app import ServiceSpec, create_service_app


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            settings=settings or Settings(),
            title="svc-content 统一信息资源库",
            description="站点、栏目、信息、标签、审核流程与内容监测。",
            routers=[sites_router],
            **overrides,  # type: ignore[arg-type]
        )
    )
