from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

SITE_CODE_PATTERN = r"^[a-z0-9][a-z0-9\-]{0,63}$"


class SiteIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(pattern=SITE_CODE_PATTERN, description="站点代码，小写字母、数字和连字符")
    name: str = Field(min_length=1, max_length=200, description="站点名称")


class SiteUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200, description="站点名称")
    sponsor: str | None = Field(default=None, min_length=2, max_length=200, description="主办单位")
    site_identifier: str | None = Field(
        default=None, pattern=r"^[0-9A-Za-z]{10}$", description="网站标识码（10 位）"
    )
    icp_number: str | None = Field(
        default=None, min_length=4, max_length=64, description="ICP备案号，如 晋ICP备12345678号"
    )


class SiteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    kind: str = Field(description="portal 门户 / district 区县 / department 部门")
    sponsor: str | None = Field(default=None, description="主办单位")
    site_identifier: str | None = Field(default=None, description="网站标识码")
    icp_number: str | None = Field(default=None, description="ICP备案号")
    version: int
    updated_at: datetime
