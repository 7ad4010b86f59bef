"""Public read endpoints (no login): cached briefly, with ETag so clients revalidate cheaply."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Coroutine
from email.utils import format_datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import Scope

from content.public import service
from content.public.cache import LISTS, Cached, ResponseCache, item_tag, site_tag
from content.public.schemas import CatalogueEntry, ItemSummary, PublicItem
from govkit.contracts import ItemKind
from govkit.db import get_database
from govkit.pagination import Page, PageNumber, Pagination


def _key(scope: Scope) -> str:
    """A public read's cache key: its path and query string exactly as sent. Two requests
    with the same key get the same answer, so a hit needs no parsing at all."""
    query: bytes = scope["query_string"]
    return scope["path"] + "?" + query.decode("latin-1") if query else scope["path"]


class CacheFirstRoute(APIRoute):
    """Answers from the cache before FastAPI solves and validates the endpoint's parameters
    (a fifth of a hit's CPU): an entry exists only for a key whose request was validated and
    built once, and public reads need no identity. A miss goes the ordinary way."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def cache_first(request: Request) -> Response:
            entry = _cache(request).peek(_key(request.scope))
            if entry is not None:
                return _respond(request, entry)
            return await handler(request)

        return cache_first


router = APIRouter(tags=["公开信息"], route_class=CacheFirstRoute)
_catalogue = TypeAdapter(list[CatalogueEntry])


def _cache(request: Request) -> ResponseCache:
    return request.app.state.public_cache  # type: ignore[no-any-return]


class CachedResponse(Response):
    """A cache entry as the response, headers encoded once when it was stored: a hit copies
    them instead of rendering and encoding them again."""

    def __init__(self, entry: Cached, not_modified: bool) -> None:
        self.background = None
        if not_modified:
            self.status_code, self.body = 304, b""
            self.raw_headers = [h for h in entry.raw_headers if h[0] not in _ENTITY]
        else:
            self.status_code, self.body = 200, entry.body
            self.raw_headers = list(entry.raw_headers)


_ENTITY = (b"content-type", b"content-length")


def _respond(request: Request, entry: Cached) -> Response:
    for name, value in request.scope["headers"]:
        if name == b"if-none-match":
            return CachedResponse(entry, value.decode("latin-1") == entry.etag)
    return CachedResponse(entry, False)


async def _serve(
    request: Request,
    build: Callable[[AsyncSession], Awaitable[tuple[bytes, str | None, frozenset[str]]]],
) -> Response:
    """The cached response, or `build` it in a read transaction. A cache hit opens no
    database session at all: that is most public requests, and the session's setup and
    commit were a fifth of such a request's cost. `build` also names the entry's tags: what
    it shows, so that a change to one of those evicts it (see cache.py)."""
    cache = _cache(request)
    key = _key(request.scope)
    entry = cache.peek(key)
    if entry is None:
        db = get_database(request)

        async def in_transaction() -> tuple[bytes, str | None, frozenset[str]]:
            async with db.transaction() as session:
                return await build(session)

        entry = await cache.get(key, in_transaction)
    return _respond(request, entry)


def _dump(model: BaseModel) -> bytes:
    return model.model_dump_json().encode()


def _list_tags(site_code: str, items: list[ItemSummary]) -> frozenset[str]:
    return frozenset([LISTS, site_tag(site_code), *(item_tag(i.id) for i in items)])


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
    async def build(session: AsyncSession) -> tuple[bytes, str | None, frozenset[str]]:
        view = await service.public_item(session, item_id, site)
        shown = [view.id, *(link.item.id for link in view.links), *(r.id for r in view.related)]
        tags = frozenset(item_tag(i) for i in shown)
        return _dump(view), format_datetime(view.published_at, usegmt=True), tags

    return await _serve(request, build)


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
    page_number: Annotated[PageNumber, Query(alias="page")] = None,
) -> Response:
    async def build(session: AsyncSession) -> tuple[bytes, str | None, frozenset[str]]:
        items, cursor, total = await service.list_items(
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
            page_number=page_number,
        )
        shown = Page(
            items=items, next_cursor=cursor, limit=page.limit, total=total, page=page_number
        )
        body = _dump(shown)
        return body, None, _list_tags(site_code, items)

    return await _serve(request, build)


@router.get("/sites/{site_code}/latest", response_model=Page[ItemSummary], summary="站点最新信息")
async def latest(
    site_code: str,
    request: Request,
    page: Pagination,
    kind: ItemKind | None = None,
) -> Response:
    return await list_items(site_code, request, page, kind=kind, page_number=None)


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
    async def build(session: AsyncSession) -> tuple[bytes, str | None, frozenset[str]]:
        body = _catalogue.dump_json(await service.catalogue(session, site_code, by))
        return body, None, _list_tags(site_code, [])

    return await _serve(request, build)
