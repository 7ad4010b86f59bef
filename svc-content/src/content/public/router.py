"""Public read endpoints (no login): cached briefly, with ETag so clients revalidate cheaply."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from email.utils import format_datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from content.public import service
from content.public.cache import ResponseCache
from content.public.schemas import CatalogueEntry, ItemSummary, PublicItem
from govkit.contracts import ItemKind
from govkit.db import get_database
from govkit.pagination import Page, Pagination

router = APIRouter(tags=["公开信息"])
_catalogue = TypeAdapter(list[CatalogueEntry])


def _cache(request: Request) -> ResponseCache:
    return request.app.state.public_cache  # type: ignore[no-any-return]


async def _serve(
    request: Request,
    key: str,
    build: Callable[[AsyncSession], Awaitable[tuple[bytes, str | None]]],
) -> Response:
    """The cached response, or `build` it in a read transaction. A cache hit opens no
    database session at all: that is most public requests, and the session's setup and
    commit were a fifth of such a request's cost."""
    cache = _cache(request)
    entry = cache.get(key)
    if entry is None:
        async with get_database(request).transaction() as session:
            body, last_modified = await build(session)
        entry = cache.put(key, body, last_modified)
    headers = {"ETag": entry.etag, "Cache-Control": f"public, max-age={int(cache.ttl)}"}
    if entry.last_modified:
        headers["Last-Modified"] = entry.last_modified
    if request.headers.get("if-none-match") == entry.etag:
        return Response(status_code=304, headers=headers)
    return Response(entry.body, media_type="application/json", headers=headers)


def _dump(model: BaseModel) -> bytes:
    return model.model_dump_json().encode()


@router.get(
    "/sites/{site_code}/items/{item_id}",
    response_model=PublicItem,
    summary="信息详情（含相关信息与关联）",
)
async def site_item(site_code: str, item_id: uuid.UUID, request: Request) -> Response:
    return await _item(request, item_id, site_code)


@router.get("/items/{item_id}", response_model=PublicItem, summary="信息详情")
async def item(item_id: uuid.UUID, request: Request) -> Response:
    return await _item(request, item_id, None)


async def _item(request: Request, item_id: uuid.UUID, site: str | None) -> Response:
    async def build(session: AsyncSession) -> tuple[bytes, str | None]:
        view = await service.public_item(session, item_id, site)
        return _dump(view), format_datetime(view.published_at, usegmt=True)

    return await _serve(request, f"item:{site}:{item_id}", build)


@router.get(
    "/sites/{site_code}/items",
    response_model=Page[ItemSummary],
    summary="栏目或站点的信息列表（含聚合）",
)
async def list_items(
    site_code: str,
    request: Request,
    page: Pagination,
    column: Annotated[str | None, Query(max_length=64, description="栏目代码")] = None,
    subtree: Annotated[bool, Query(description="包含下级栏目")] = False,
    kind: ItemKind | None = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    year: Annotated[int | None, Query(ge=1949, le=2100)] = None,
    issuing_body: Annotated[str | None, Query(max_length=200, description="发布机构")] = None,
    topic: Annotated[str | None, Query(max_length=32, description="主题分类代码")] = None,
) -> Response:
    async def build(session: AsyncSession) -> tuple[bytes, str | None]:
        items, cursor = await service.list_items(
            session,
            site_code,
            page,
            column_code=column,
            subtree=subtree,
            kind=kind,
            tag=tag,
            year=year,
            issuing_body=issuing_body,
            topic=topic,
        )
        return _dump(Page(items=items, next_cursor=cursor, limit=page.limit)), None

    return await _serve(request, f"list:{request.url.path}?{request.url.query}", build)


@router.get("/sites/{site_code}/latest", response_model=Page[ItemSummary], summary="站点最新信息")
async def latest(
    site_code: str,
    request: Request,
    page: Pagination,
    kind: ItemKind | None = None,
) -> Response:
    return await list_items(site_code, request, page, kind=kind)


@router.get(
    "/sites/{site_code}/catalogue",
    response_model=list[CatalogueEntry],
    summary="政府信息公开目录（按主题或发布机构）",
)
async def catalogue(
    site_code: str,
    request: Request,
    by: Literal["topic", "issuing_body"] = "topic",
) -> Response:
    async def build(session: AsyncSession) -> tuple[bytes, str | None]:
        return _catalogue.dump_json(await service.catalogue(session, site_code, by)), None

    return await _serve(request, f"catalogue:{site_code}:{by}", build)
