"""Kind-specific fields of an edition, validated per kind (stored in `editions.fields`),
and what each kind requires before it may be submitted for review."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator

from govkit.contracts import ItemKind
from govkit.errors import ValidationFailed
from govkit.validators import BoundedDateTime


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NoFields(_Fields):
    pass


class ServiceFields(_Fields):
    """办事服务: where, how, what to bring, the online link."""

    where: str | None = Field(default=None, max_length=300, description="办理地点")
    how: str | None = Field(default=None, max_length=2000, description="办理流程")
    materials: list[str] = Field(default_factory=list, max_length=50, description="所需材料")
    online_url: HttpUrl | None = Field(default=None, description="网上办理地址")
    hotline: str | None = Field(default=None, max_length=50, description="咨询电话")
    time_limit: str | None = Field(default=None, max_length=100, description="办理时限")
    fee: str | None = Field(default=None, max_length=100, description="收费标准")

    @model_validator(mode="after")
    def somewhere_to_go(self) -> ServiceFields:
        if not self.where and not self.online_url:
            raise ValueError("办事服务须填写办理地点或网上办理地址")
        return self


class OpenDataFields(_Fields):
    """政府数据: a dataset's format, update frequency and download link."""

    data_format: str = Field(max_length=20, description="数据格式，如 CSV、XLSX、JSON")
    update_frequency: str = Field(max_length=20, description="更新频率，如 每月")
    download_url: HttpUrl | None = None
    record_count: int | None = Field(default=None, ge=0)


class SolicitationFields(_Fields):
    """意见征集: the window in which comments are accepted."""

    opens_at: BoundedDateTime
    closes_at: BoundedDateTime
    contact: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def window_in_order(self) -> SolicitationFields:
        if self.closes_at <= self.opens_at:
            raise ValueError("征集截止时间须晚于开始时间")
        return self


class SurveyFields(_Fields):
    """在线调查: the answering window; results are public after it closes unless live."""

    opens_at: BoundedDateTime
    closes_at: BoundedDateTime
    live_results: bool = Field(default=False, description="截止前即公开实时结果")

    @model_validator(mode="after")
    def window_in_order(self) -> SurveyFields:
        if self.closes_at <= self.opens_at:
            raise ValueError("调查截止时间须晚于开始时间")
        return self


class InterviewFields(_Fields):
    """在线访谈: when, and who the guests are."""

    starts_at: BoundedDateTime
    guests: list[str] = Field(min_length=1, max_length=20)


FIELDS_BY_KIND: dict[ItemKind, type[_Fields]] = {
    ItemKind.service: ServiceFields,
    ItemKind.open_data: OpenDataFields,
    ItemKind.solicitation: SolicitationFields,
    ItemKind.survey: SurveyFields,
    ItemKind.interview: InterviewFields,
}

# Kinds that carry 政府信息公开要素, and which of them must be filled before submission.
DISCLOSURE_KINDS = {ItemKind.policy_document, ItemKind.disclosure}
REQUIRED_DISCLOSURE: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.policy_document: ("document_number", "issuing_body", "written_on", "validity"),
    ItemKind.disclosure: ("issuing_body", "written_on"),
}
DISCLOSURE_LABELS = {
    "document_number": "文号",
    "issuing_body": "发布机构",
    "written_on": "成文日期",
    "validity": "有效性",
    "topic": "主题分类",
    "index_number": "索引号",
}


def validate_fields(kind: ItemKind, raw: dict[str, Any]) -> dict[str, Any]:
    """The kind's fields as JSON, or 422 naming what is wrong."""
    model = FIELDS_BY_KIND.get(kind, NoFields)
    try:
        return model.model_validate(raw).model_dump(mode="json", exclude_none=True)
    except ValidationError as exc:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]) or "fields", "message": e["msg"]}
            for e in exc.errors()
        ]
        raise ValidationFailed(
            "信息类别专有字段不合规：" + "；".join(e["message"] for e in errors),
            code="invalid_kind_fields",
            extra={"errors": errors},
        ) from exc
