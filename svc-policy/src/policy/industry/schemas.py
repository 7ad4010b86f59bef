from __future__ import annotations

from pydantic import BaseModel, Field

from policy.industry.catalogue import Industry, catalogue


class IndustryOut(BaseModel):
    code: str = Field(description="目录代码（门类为字母，其下为数字，如 39、3911）")
    display_code: str = Field(description="带门类字母的写法，如 C39、C3911")
    name: str
    level: str = Field(description="section 门类 / division 大类 / group 中类 / class 小类")
    has_children: bool

    @classmethod
    def of(cls, node: Industry) -> IndustryOut:
        books = catalogue()
        section = books.lineage(node.code)[0].code
        return cls(
            code=node.code,
            display_code=node.code if node.code == section else f"{section}{node.code}",
            name=node.name,
            level=node.level,
            has_children=books.has_children(node.code),
        )


class IndustryPathOut(BaseModel):
    """One code with the way down to it from its section (for showing a choice by name)."""

    industry: IndustryOut
    lineage: list[IndustryOut] = Field(description="从门类到该代码本身")
