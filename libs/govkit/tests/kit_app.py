"""A tiny service built with govkit's app factory, for testing the kernel through HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import text

from govkit.app import ServiceSpec, create_service_app
from govkit.auth import (
    CurrentIdentity,
    Identity,
    OptionalIdentity,
    require_roles,
    require_scopes,
)
from govkit.db import DbSession
from govkit.errors import Conflict, NotFound
from govkit.pagination import Page, Pagination, decode_cursor, encode_cursor
from govkit.settings import ServiceSettings

router = APIRouter()


class Thing(BaseModel):
    name: str = Field(min_length=1, max_length=10)
    count: int = Field(ge=0)


@router.post("/things")
async def create_thing(thing: Thing) -> Thing:
    return thing


@router.get("/things/{thing_id}")
async def get_thing(thing_id: int) -> dict[str, int]:
    if thing_id == 404:
        raise NotFound("事项不存在", code="thing_not_found")
    if thing_id == 409:
        raise Conflict("事项已办结，不能修改", code="thing_closed")
    if thing_id == 500:
        raise RuntimeError("secret internal detail")
    return {"id": thing_id}


@router.get("/numbers")
async def numbers(page: Pagination) -> Page[int]:
    start = decode_cursor(page.cursor, 1)[0] if page.cursor else 0
    items = list(range(start, min(start + page.limit, 45)))
    nxt = encode_cursor([items[-1] + 1]) if items and items[-1] + 1 < 45 else None
    return Page(items=items, next_cursor=nxt, limit=page.limit)


class Value(BaseModel):
    v: str


@router.post("/store")
async def store(body: Value, session: DbSession) -> Value:
    # Reaches PostgreSQL with whatever the client sent (a NUL byte cannot be stored).
    await session.execute(text("SELECT CAST(:v AS text)"), {"v": body.v})
    return body


@router.get("/me")
async def me(identity: CurrentIdentity) -> Identity:
    return identity


@router.get("/admin-only")
async def admin_only(_: Annotated[Identity, Depends(require_roles("platform_admin"))]) -> dict:
    return {"ok": True}


@router.get("/partner")
async def partner(_: Annotated[Identity, Depends(require_scopes("tickets:write"))]) -> dict:
    return {"ok": True}


@router.get("/maybe-me")
async def maybe_me(identity: OptionalIdentity) -> dict:
    return {"subject": identity.subject if identity else None}


def create_kit_app(settings: ServiceSettings, **overrides: object):  # type: ignore[no-untyped-def]
    return create_service_app(
        ServiceSpec(settings=settings, title="kit", routers=[router], **overrides)  # type: ignore[arg-type]
    )
