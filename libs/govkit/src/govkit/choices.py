"""Enum fields a form can fill with the Chinese label it shows (`咨询` for `consultation`):

    kind: Annotated[Kind, ChineseLabels(KIND_NAMES)]

the label is read as its value, and the OpenAPI lists every value with its label. A value
outside both is refused with pydantic's enum error, whose message names the allowed values
(govkit.errors)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema


@dataclass(frozen=True)
class ChineseLabels:
    labels: Mapping[str, str]
    _by_label: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_label", {label: v for v, label in self.labels.items()})

    def _from_label(self, raw: object) -> object:
        if not isinstance(raw, str):
            return raw
        value = self._by_label.get(raw.strip(), raw.strip())
        if value not in self.labels:
            # pydantic's own enum error would name the values without their labels.
            raise PydanticCustomError("enum", "不在允许的取值范围内", {"expected": self.described})
        return value

    @property
    def described(self) -> str:
        return "、".join(f"{v}（{label}）" for v, label in self.labels.items())

    def __get_pydantic_core_schema__(
        self, source: type[StrEnum], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self._from_label, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out: dict[str, Any] = {
            "type": "string",
            "enum": list(self.labels),
            "description": f"取值：{self.described}；也可填写括号中的中文名称",
        }
        return out
