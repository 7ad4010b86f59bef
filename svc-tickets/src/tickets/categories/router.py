from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from govkit.errors import NotFound
from tickets.categories.catalogue import Category, catalogue
from tickets.categories.schemas import CategoryOut

router = APIRouter(prefix="/categories", tags=["诉求分类"])


def out(c: Category) -> CategoryOut:
    return CategoryOut(
        code=c.code, name=c.name, level=c.level, parent=c.parent, full_name=c.full_name
    )


@router.get("", response_model=list[CategoryOut], summary="诉求分类（按上级逐级展开）")
async def list_categories(
    parent: Annotated[str | None, Query(max_length=16, description="上级分类编码")] = None,
) -> list[CategoryOut]:
    if parent is not None and catalogue().get(parent) is None:
        raise NotFound(f"分类 {parent} 不存在", code="category_not_found")
    return [out(c) for c in catalogue().children(parent)]
