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


class SiteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    version: int
    updated_at: datetime
