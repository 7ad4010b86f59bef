from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class Figures(BaseModel):
    created: int = Field(0, description="受理量（当期新建工单）")
    replied: int = Field(0, description="办理量（当期答复）")
    transferred: int = Field(0, description="转办次数")
    closed: int = Field(0, description="办结量")
    replied_on_time: int = Field(0, description="按时答复量")
    on_time_rate: float | None = Field(None, description="按时办结率 = 按时答复 / 答复")
    rated: int = Field(0, description="已评价量")
    satisfied: int = Field(0, description="满意量（满意度 ≥ 4）")
    satisfaction_rate: float | None = Field(None, description="满意率 = 满意 / 已评价")
    avg_handling_hours: float | None = Field(None, description="平均办理时长（小时，受理至答复）")


class Period(BaseModel):
    first: date
    last: date
    figures: Figures


class Overview(BaseModel):
    as_of: datetime | None = Field(description="统计数据更新时间")
    today: Period
    month: Period
    overdue: int = Field(description="当前超期未答复工单数")


class UnitRow(BaseModel):
    code: str
    name: str
    kind: str
    parent_code: str | None
    depth: int
    figures: Figures = Field(description="本单位及全部下级单位合计")
    own: Figures = Field(description="仅本单位承办")
    overdue: int


class UnitTable(BaseModel):
    first: date
    last: date
    as_of: datetime | None
    units: list[UnitRow]


class CategoryRow(BaseModel):
    code: str = Field(description="诉求分类编码（'' 表示尚未分类）")
    name: str
    figures: Figures
    overdue: int


class CategoryTable(BaseModel):
    first: date
    last: date
    level: int
    as_of: datetime | None
    categories: list[CategoryRow]


class DayPoint(BaseModel):
    day: date
    created: int
    replied: int
    closed: int


class Series(BaseModel):
    first: date
    last: date
    as_of: datetime | None
    days: list[DayPoint]


class HotIssue(BaseModel):
    title: str = Field(description="代表性标题（该类中最常见文本的最新一件）")
    count: int
    category: str | None
    category_name: str | None
    units: list[str] = Field(description="承办单位编码")
    first_at: datetime
    last_at: datetime
    sample_numbers: list[str]


class HotIssues(BaseModel):
    since: datetime
    days: int
    issues: list[HotIssue]


# -- 12345 in public figures: aggregates only (no unit, no ticket, no person) -------------------


class PublicFigures(BaseModel):
    received: int = Field(description="受理量（来信来电）")
    answered: int = Field(description="答复量")
    on_time_rate: float | None = Field(description="按时答复率 = 按时答复 / 答复")
    satisfaction_rate: float | None = Field(description="满意率 = 满意 / 已评价")


class PublicDay(BaseModel):
    day: date
    received: int
    answered: int


class PublicMonth(PublicFigures):
    month: str = Field(description="月份，如 2026-11", pattern=r"^\d{4}-\d{2}$")


class PublicCategory(BaseModel):
    code: str = Field(description="一级诉求分类编码（'' 表示尚未分类）")
    name: str
    received: int
    share: float = Field(description="占近 30 天受理量的比例")


class PublicStats(BaseModel):
    """12345 热线数据公开: what the city publishes, computed from the rollups."""

    as_of: datetime | None = Field(description="统计数据更新时间")
    first: date = Field(description="近 30 天的第一天")
    last: date = Field(description="今天")
    totals: PublicFigures = Field(description="近 30 天合计")
    days: list[PublicDay] = Field(description="近 30 天每日受理、答复量")
    months: list[PublicMonth] = Field(description="近 12 个月每月数据（含本月）")
    categories: list[PublicCategory] = Field(description="近 30 天受理量最多的诉求分类")
