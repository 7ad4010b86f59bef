from __future__ import annotations

from fastapi import FastAPI

from govkit.app import ServiceSpec, create_service_app
from policy.calculator.router import router as calculator_router
from policy.cases.router import router as cases_router
from policy.districts.router import router as districts_router
from policy.events import consumers
from policy.industry.router import router as industry_router
from policy.lifeevents.router import router as lifeevents_router
from policy.links.router import router as links_router
from policy.policies.router import router as policies_router
from policy.privacy.router import router as privacy_router
from policy.profiles.router import router as profiles_router
from policy.push.router import router as push_router
from policy.rewards.router import router as rewards_router
from policy.settings import Settings


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            settings=settings or Settings(),
            title="svc-policy 惠企政策精准达",
            description="政策库、奖励措施与申报条件、企业画像、政策计算器、主动推送与生命周期服务。",
            routers=[
                rewards_router,
                policies_router,
                links_router,
                profiles_router,
                calculator_router,
                industry_router,
                districts_router,
                push_router,
                cases_router,
                lifeevents_router,
                privacy_router,
            ],
            consumers=consumers,
            **overrides,  # type: ignore[arg-type]
        )
    )
