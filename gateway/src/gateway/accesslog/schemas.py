from __future__ import annotations

from datetime import datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")
Granularity = Literal["day", "hour"]


class VisitBucket(BaseModel):
    bucket: datetime = Field(description="时段起点（北京时间）")
    visits: int = Field(description="访问次数")


class VisitsOut(BaseModel):
    granularity: Granularity = Field(description="统计粒度：day 按天，hour 按小时")
    time_zone: str = Field(description="分段所用时区")
    start: datetime = Field(description="统计开始时间（含）")
    end: datetime = Field(description="统计结束时间（不含）")
    total: int = Field(description="时间范围内的访问总数")
    items: list[VisitBucket] = Field(description="各时段访问次数，无访问的时段为 0")


class PageVisits(BaseModel):
    path: str = Field(description="访问的页面路径（不含查询参数）")
    visits: int = Field(description="访问次数")


class SourceVisits(BaseModel):
    source: str = Field(description="来源网站域名；direct 表示直接访问")
    visits: int = Field(description="访问次数")


class ServiceErrors(BaseModel):
    service: str = Field(description="服务名；gateway 表示网关自身")
    requests: int = Field(description="请求总数")
    client_errors: int = Field(description="4xx 响应数")
    server_errors: int = Field(description="5xx 响应数")
    client_error_rate: float = Field(description="4xx 占比（0–1）")
    server_error_rate: float = Field(description="5xx 占比（0–1）")


class ServiceLatency(BaseModel):
    service: str = Field(description="服务名；gateway 表示网关自身")
    requests: int = Field(description="请求总数")
    p50_ms: float = Field(description="响应时间中位数（毫秒）")
    p95_ms: float = Field(description="95% 请求的响应时间不超过此值（毫秒）")
    p99_ms: float = Field(description="99% 请求的响应时间不超过此值（毫秒）")


class StatsList(BaseModel, Generic[T]):
    start: datetime = Field(description="统计开始时间（含）")
    end: datetime = Field(description="统计结束时间（不含）")
    items: list[T]
