"""Rule test cases (like OpenFisca's YAML tests): a profile and the verdict it must get.

- name: 小型制造企业达到收入门槛
  today: 2026-11-23          # optional
  profile: {industry_code: "3911", revenue_wan: 2500, employees: 120}
  expected: eligible        # eligible | not_eligible | needs_info
"""

from __future__ import annotations

from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from govkit.errors import ValidationFailed
from govkit.validators import BoundedDate
from policy.profiles.schemas import ProfileFacts

MAX_CASES = 200
MAX_YAML_BYTES = 200_000


class RuleCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    today: BoundedDate | None = None
    profile: ProfileFacts
    expected: Literal["eligible", "not_eligible", "needs_info"]


CASES = TypeAdapter(list[RuleCase])


def parse_cases(text: str) -> list[RuleCase]:
    """YAML text → validated cases, or a 422 problem saying what is wrong (in Chinese)."""
    if len(text.encode()) > MAX_YAML_BYTES:
        raise ValidationFailed("测试用例不能超过 200 KB", code="cases_too_large")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationFailed(
            f"YAML 格式错误：{str(exc).splitlines()[0]}", code="cases_not_yaml"
        ) from exc
    if not isinstance(data, list) or not data or len(data) > MAX_CASES:
        raise ValidationFailed(f"测试用例应为 1–{MAX_CASES} 条的列表", code="cases_invalid")
    try:
        return CASES.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValidationFailed(f"第 {where} 项有误：{first['msg']}", code="cases_invalid") from exc
