"""The services behind the gateway: prefix → base URL and timeout."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.routing.admission import Admission
from gateway.settings import Settings


@dataclass(frozen=True)
class Upstream:
    name: str  # the path segment: /api/<name>/...
    base_url: str
    timeout: float
    title: str


def upstreams_from(settings: Settings) -> dict[str, Upstream]:
    table = [
        Upstream("content", settings.content_url, settings.content_timeout, "统一信息资源库"),
        Upstream("tickets", settings.tickets_url, settings.tickets_timeout, "12345 热线工单"),
        Upstream("policy", settings.policy_url, settings.policy_timeout, "惠企政策精准达"),
        Upstream("search", settings.search_url, settings.search_timeout, "统一搜索"),
    ]
    return {u.name: u for u in table}


def admissions_from(settings: Settings, upstreams: dict[str, Upstream]) -> dict[str, Admission]:
    """One admission bound per upstream; none at all when admission control is off."""
    if not settings.admission_enabled:
        return {}
    return {
        name: Admission(
            settings.admission_limits.get(name, settings.admission_max_in_flight),
            settings.admission_queue,
            settings.admission_max_wait_seconds,
        )
        for name in upstreams
    }
