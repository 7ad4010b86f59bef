"""Keyset pagination: `limit` (bounded) and an opaque `cursor`; never OFFSET over big tables.

Public lists that people page through the way Chinese government sites show it ("共 N 条
第 3/9 页", jump to a page) also take a page number and answer the total: `paginate_numbered`.
Those lists are a site's or a column's published items — thousands, not millions."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from govkit.errors import BadRequest

T = TypeVar("T")
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


MAX_PAGE_NUMBER = 10_000


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    limit: int
    total: int | None = Field(default=None, description="总条数（按页码分页时给出）")
    page: int | None = Field(default=None, description="当前页码（按页码分页时给出）")


class PageParams(BaseModel):
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None


def _page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1–{MAX_PAGE_SIZE}")
    ] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=512, description="上一页返回的游标")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


Pagination = Annotated[PageParams, Depends(_page_params)]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, UUID):
        return {"u": str(value)}
    return value


def _from_jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
        if "u" in value:
            return UUID(value["u"])
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_jsonable(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != width:
            raise ValueError("wrong width")
        return [_from_jsonable(v) for v in values]
    except (ValueError, TypeError) as exc:
        raise BadRequest("分页游标无效，请从第一页重新查询", code="invalid_cursor") from exc


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    keys: Sequence[ColumnElement[Any]],
    params: PageParams,
    descending: bool = True,
    key_of: Callable[[Any], Sequence[Any]],
) -> tuple[list[Any], str | None]:
    """Apply keyset order/limit to `stmt` (whose rows are scalars or ORM objects) and return
    the page's rows with the cursor of the next page. `keys` must be unique together."""
    if params.cursor:
        after = decode_cursor(params.cursor, len(keys))
        for key, value in zip(keys, after, strict=True):
            if not isinstance(value, key.type.python_type):
                raise BadRequest("分页游标无效，请从第一页重新查询", code="invalid_cursor")
        key_tuple = tuple_(*keys)
        stmt = stmt.where(key_tuple < tuple(after) if descending else key_tuple > tuple(after))
    order = [k.desc() if descending else k.asc() for k in keys]
    rows = list((await session.scalars(stmt.order_by(*order).limit(params.limit + 1))).all())
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        next_cursor = encode_cursor(key_of(rows[-1]))
    return rows, next_cursor


PageNumber = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_PAGE_NUMBER,
        description="页码（从 1 开始）；给出时按页码分页并返回总条数 total，忽略 cursor",
    ),
]


async def paginate_numbered(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    order_by: Sequence[ColumnElement[Any]],
    page: int,
    limit: int,
) -> tuple[list[Any], int]:
    """The rows of page `page` (1-based) in `order_by` order, and how many rows there are in
    all. A page past the end is empty, with the true total, so the page can say so."""
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    offset = (page - 1) * limit
    rows = list((await session.scalars(stmt.order_by(*order_by).offset(offset).limit(limit))).all())
    return rows, int(total or 0)
