"""The services behind the gateway: prefix → base URL and timeout."""

from __future__ import annotations

from dataclasses import dataclass

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
