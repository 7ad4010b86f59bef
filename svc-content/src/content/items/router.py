"""Editorial endpoints (采编、审核、发布). Scope checks happen in the service layer, where the
item's site is known."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from content.audit import service as audit
from content.audit.schemas import AuditEntryOut
from content.items import editing, editor_view, publishing, review
from content.items.schemas import (
    EditionUpdate,
    EditorItemOut,
    ItemCreate,
    PublishIn,
    QueueEntry,
    ReturnIn,
    WithdrawIn,
)
from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from govkit.pagination import Page, Pagination

router = APIRouter(prefix="/editorial", tags=["采编与审核"])
ItemId = uuid.UUID


async def _view(session: DbSession, identity: CurrentIdentity, item_id: ItemId) -> EditorItemOut:
    return await editor_view.editor_view(session, identity, item_id)


@router.post(
    "/sites/{site_code}/items",
    response_model=EditorItemOut,
    status_code=201,
    summary="新建信息（草稿）",
)
async def create_item(
    site_code: str, body: ItemCreate, session: DbSession, identity: CurrentIdentity
) -> EditorItemOut:
    item = await editing.create_item(session, identity, site_code, body)
    return await _view(session, identity, item.id)


@router.get("/sites/{site_code}/queue", response_model=Page[QueueEntry], summary="待办列表")
async def queue(
    site_code: str,
    session: DbSession,
    identity: CurrentIdentity,
    page: Pagination,
    state: Annotated[
        Literal["draft", "submitted", "returned", "approved", "scheduled"], Query()
    ] = "submitted",
) -> Page[QueueEntry]:
    items, cursor = await editor_view.queue(session, identity, site_code, state, page)
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@router.get("/items/{item_id}", response_model=EditorItemOut, summary="信息（采编视图）")
async def get_item(item_id: ItemId, session: DbSession, identity: CurrentIdentity) -> EditorItemOut:
    return await _view(session, identity, item_id)


@router.patch("/items/{item_id}", response_model=EditorItemOut, summary="修改正在编辑的版本")
async def update_item(
    item_id: ItemId, body: EditionUpdate, session: DbSession, identity: CurrentIdentity
) -> EditorItemOut:
    await editing.update_edition(session, identity, item_id, body)
    return await _view(session, identity, item_id)


@router.post(
    "/items/{item_id}/editions",
    response_model=EditorItemOut,
    status_code=201,
    summary="基于已发布内容新建版本",
)
async def new_edition(
    item_id: ItemId, session: DbSession, identity: CurrentIdentity
) -> EditorItemOut:
    await editing.new_edition(session, identity, item_id)
    return await _view(session, identity, item_id)


@router.post("/items/{item_id}/submit", response_model=EditorItemOut, summary="提交审核")
async def submit(
    item_id: ItemId,
    request: Request,
    session: DbSession,
    identity: CurrentIdentity,
    confirm_findings: Annotated[bool, Query(description="确认易错词检测结果无误")] = False,
) -> EditorItemOut:
    await review.submit(
        session,
        identity,
        item_id,
        required_facets=tuple(request.app.state.settings.required_tag_facets),
        confirm_findings=confirm_findings,
    )
    return await _view(session, identity, item_id)


@router.post("/items/{item_id}/approve", response_model=EditorItemOut, summary="审核通过")
async def approve(item_id: ItemId, session: DbSession, identity: CurrentIdentity) -> EditorItemOut:
    await review.approve(session, identity, item_id)
    return await _view(session, identity, item_id)


@router.post("/items/{item_id}/return", response_model=EditorItemOut, summary="退回")
async def return_item(
    item_id: ItemId, body: ReturnIn, session: DbSession, identity: CurrentIdentity
) -> EditorItemOut:
    await review.return_edition(session, identity, item_id, body.reason)
    return await _view(session, identity, item_id)


@router.post("/items/{item_id}/publish", response_model=EditorItemOut, summary="发布或定时发布")
async def publish(
    item_id: ItemId, body: PublishIn, session: DbSession, identity: CurrentIdentity
) -> EditorItemOut:
    await publishing.publish(session, identity, item_id, body.publish_at)
    return await _view(session, identity, item_id)


@router.post("/items/{item_id}/unschedule", response_model=EditorItemOut, summary="取消定时发布")
async def unschedule(
    item_id: ItemId, session: DbSession, identity: CurrentIdentity
) -> EditorItemOut:
    await publishing.unschedule(session, identity, item_id)
    return await _view(session, identity, item_id)


@router.post("/items/{item_id}/withdraw", response_model=EditorItemOut, summary="撤回")
async def withdraw(
    item_id: ItemId, body: WithdrawIn, session: DbSession, identity: CurrentIdentity
) -> EditorItemOut:
    await publishing.withdraw(session, identity, item_id, body.reason)
    return await _view(session, identity, item_id)


@router.get("/items/{item_id}/audit", response_model=Page[AuditEntryOut], summary="操作审计记录")
async def item_audit(
    item_id: ItemId, session: DbSession, identity: CurrentIdentity, page: Pagination
) -> Page[AuditEntryOut]:
    await _view(session, identity, item_id)  # scope check: the item's site
    entries, cursor = await audit.trail(session, "item", item_id, page)
    return Page(
        items=[AuditEntryOut.model_validate(e) for e in entries],
        next_cursor=cursor,
        limit=page.limit,
    )
