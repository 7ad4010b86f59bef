from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from govkit.errors import NotFound
from policy.industry.catalogue import catalogue
from policy.industry.schemas import IndustryOut, IndustryPathOut

router = APIRouter(prefix="/industries", tags=["国民经济行业分类"])


@router.get(
    "",
    response_model=list[IndustryOut],
    summary="国民经济行业分类（GB/T 4754-2017）：门类，或某代码的下一级",
)
async def list_industries(
    parent: Annotated[
        str | None,
        Query(max_length=8, description="上级代码（如 C 或 C39）；不填列出门类"),
    ] = None,
) -> list[IndustryOut]:
    code = None
    if parent:
        code = catalogue().normalise(parent)
        if code is None:
            raise NotFound(f"未知的行业代码：{parent.strip()}", code="industry_not_found")
    return [IndustryOut.of(node) for node in catalogue().children(code)]


@router.get("/{code}", response_model=IndustryPathOut, summary="行业代码的名称与上级")
async def get_industry(code: str) -> IndustryPathOut:
    found = catalogue().normalise(code[:8])
    if found is None:
        raise NotFound(f"未知的行业代码：{code[:8]}", code="industry_not_found")
    lineage = [IndustryOut.of(node) for node in catalogue().lineage(found)]
    return IndustryPathOut(industry=lineage[-1], lineage=lineage)
