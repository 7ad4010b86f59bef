from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from search.text.analysis import normalize


class BestBetIn(BaseModel):
    query: str = Field(min_length=1, max_length=100, description="命中此查询时置顶")
    site: str = Field(default="", max_length=64, description="站点代码；留空表示全部站点")
    doc_id: str = Field(min_length=1, max_length=80)
    position: int = Field(default=0, ge=0, le=100)

    @field_validator("query")
    @classmethod
    def normalized(cls, value: str) -> str:
        value = normalize(value)
        if not value:
            raise ValueError("查询词不能为空")
        return value


class BestBetOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    query: str
    site: str
    doc_id: str
    position: int
    created_by: str
    created_at: datetime
