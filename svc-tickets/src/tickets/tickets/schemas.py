from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from govkit.choices import ChineseLabels
from tickets.messages import CHANNEL_NAMES, KIND_NAMES
from tickets.routing.schemas import UnitSuggestion
from tickets.tickets.models import Channel, Kind

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
]


class Location(BaseModel):
    longitude: float = Field(ge=-180, le=180, description="经度（WGS84）")
    latitude: float = Field(ge=-90, le=90, description="纬度（WGS84）")
    address: Text = Field(default="", max_length=300)


class TicketIn(BaseModel):
    """A request as a channel hands it over (热线、网站、微信…)."""

    model_config = ConfigDict(extra="forbid")

    channel: Annotated[Channel, ChineseLabels(CHANNEL_NAMES)]
    kind: Annotated[Kind, ChineseLabels(KIND_NAMES)]
    title: Text = Field(min_length=2, max_length=200)
    content: Text = Field(min_length=5, max_length=5000)
    category: str | None = Field(default=None, max_length=16, description="诉求分类编码")
    area_code: str | None = Field(default=None, max_length=32, description="事发区域（单位编码）")
    location: Location | None = Field(default=None, description="城市问题随手拍的位置")
    citizen_name: Text | None = Field(default=None, max_length=50)
    citizen_phone: Phone | None = None


class TimelineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    action: str
    action_name: str = ""
    actor: str
    actor_unit: str | None
    from_state: str | None
    to_state: str
    note: str | None
    data: dict[str, object]


class TicketOut(BaseModel):
    """The ticket as staff and its own citizen see it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    channel: str
    kind: str
    title: str
    content: str
    category: str | None
    category_name: str | None = None
    suggested_category: str | None
    area_code: str | None
    longitude: float | None
    latitude: float | None
    address: str | None
    citizen_name: str | None
    citizen_phone: str | None
    state: str
    state_name: str = ""
    kind_name: str = ""
    unit_code: str | None
    unit_name: str | None = None
    assist_units: list[str]
    created_at: datetime
    assigned_at: datetime | None
    sign_due_at: datetime | None
    accepted_at: datetime | None
    due_on: date | None
    due_estimated: bool
    extension_days: int
    extension_requested: int | None
    transfers: int
    urges: int
    supervised: bool
    reopened: int
    reply: str | None
    replied_at: datetime | None
    replied_on_time: bool | None
    satisfaction: int | None
    closed_at: datetime | None
    disclosed_at: datetime | None
    duplicate_of: list[str]
    version: int


class TicketDetailOut(TicketOut):
    timeline: list[TimelineOut]
    photos: list[uuid.UUID]
    available_actions: list[str] = Field(
        default_factory=list, description="当前账号此刻可以进行的办理操作"
    )


class TrackQuery(BaseModel):
    number: Text = Field(min_length=5, max_length=32)
    phone: Phone


class TrackOut(BaseModel):
    """统一处办结果查询: what a caller may see with the number and their phone."""

    number: str
    title: str
    kind: str
    state: str
    state_name: str
    created_at: datetime
    unit_name: str | None
    reply: str | None
    replied_at: datetime | None
    satisfaction: int | None
    steps: list[TimelineOut]


class ActionIn(BaseModel):
    """One lifecycle action. Which fields are needed depends on the action."""

    model_config = ConfigDict(extra="forbid")

    note: Text | None = Field(default=None, max_length=2000, description="意见/原因")
    unit_code: str | None = Field(default=None, max_length=32, description="派往单位")
    assist_units: list[Annotated[str, StringConstraints(max_length=32)]] = Field(
        default_factory=list, max_length=10
    )
    category: str | None = Field(default=None, max_length=16)
    reply: Text | None = Field(default=None, max_length=10000)
    days: int | None = Field(default=None, ge=1, le=60, description="延期工作日数")
    satisfaction: int | None = Field(default=None, ge=1, le=5, description="满意度 1–5")
    expected_version: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _units_distinct(self) -> ActionIn:
        if len(set(self.assist_units)) != len(self.assist_units):
            raise ValueError("协办单位不能重复")
        return self


class CategorySuggestionOut(BaseModel):
    category: str
    name: str
    score: float


class SuggestionsOut(BaseModel):
    """智能派单: categories from the model, the unit from the routing rules (for the ticket's
    category, or the model's best guess when it has none yet)."""

    categories: list[CategorySuggestionOut]
    unit: UnitSuggestion | None = None
    model_ready: bool


class ClassifyIn(BaseModel):
    title: Text = Field(default="", max_length=200)
    content: Text = Field(min_length=2, max_length=5000)
