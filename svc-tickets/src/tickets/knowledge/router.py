from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from govkit.errors import Forbidden
from govkit.pagination import Page, PageNumber, Pagination
from tickets import clock
from tickets.knowledge import service
from tickets.knowledge.models import EntryState, KnowledgeEntry
from tickets.knowledge.schemas import EntryEdit, EntryIn, EntryOut, PublicEntryOut

router = APIRouter(tags=["知识库"])
Category = Annotated[str | None, Query(max_length=16, description="诉求分类编码（含下级）")]
Search = Annotated[str | None, Query(max_length=50, description="关键词")]


def entry_out(entry: KnowledgeEntry) -> EntryOut:
    out = EntryOut.model_validate(entry)
    out.category_name = service.category_name(entry.category)
    return out


@router.post("/knowledge", response_model=EntryOut, status_code=201, summary="新建知识（草稿）")
async def create(body: EntryIn, session: DbSession, identity: CurrentIdentity) -> EntryOut:
    return entry_out(await service.create(session, identity, body))


@router.post(
    "/tickets/{ticket_id}/knowledge",
    response_model=EntryOut,
    status_code=201,
    summary="由已答复工单生成知识草稿",
)
async def from_ticket(
    ticket_id: uuid.UUID, session: DbSession, identity: CurrentIdentity
) -> EntryOut:
    return entry_out(await service.from_ticket(session, identity, ticket_id))


@router.get("/knowledge", response_model=Page[EntryOut], summary="知识库管理列表")
async def list_for_staff(
    session: DbSession,
    identity: CurrentIdentity,
    page: Pagination,
    state: EntryState = EntryState.draft,
    category: Category = None,
    q: Search = None,
) -> Page[EntryOut]:
    if not (service.may_edit(identity) or service.may_review(identity)):
        raise Forbidden("无权查看知识库草稿", code="role_missing")
    rows, cursor = await service.list_entries(session, page, state=state, category=category, q=q)
    return Page(items=[entry_out(e) for e in rows], next_cursor=cursor, limit=page.limit)


@router.get("/knowledge/{entry_id}", response_model=EntryOut, summary="知识条目详情（管理）")
async def get_one(entry_id: uuid.UUID, session: DbSession, identity: CurrentIdentity) -> EntryOut:
    if not (service.may_edit(identity) or service.may_review(identity)):
        raise Forbidden("无权查看知识库草稿", code="role_missing")
    return entry_out(await service.get(session, entry_id))


@router.patch("/knowledge/{entry_id}", response_model=EntryOut, summary="修改知识")
async def edit(
    entry_id: uuid.UUID, body: EntryEdit, session: DbSession, identity: CurrentIdentity
) -> EntryOut:
    return entry_out(await service.edit(session, identity, entry_id, body))


@router.post("/knowledge/{entry_id}/publish", response_model=EntryOut, summary="审核发布")
async def publish(entry_id: uuid.UUID, session: DbSession, identity: CurrentIdentity) -> EntryOut:
    return entry_out(await service.publish(session, identity, entry_id, clock.now()))


@router.post("/knowledge/{entry_id}/retire", response_model=EntryOut, summary="下架")
async def retire(entry_id: uuid.UUID, session: DbSession, identity: CurrentIdentity) -> EntryOut:
    return entry_out(await service.retire(session, identity, entry_id))


@router.get("/public/knowledge", response_model=Page[PublicEntryOut], summary="知识库（公开）")
async def public_list(
    session: DbSession,
    page: Pagination,
    category: Category = None,
    q: Search = None,
    page_number: Annotated[PageNumber, Query(alias="page")] = None,
) -> Page[PublicEntryOut]:
    if page_number is not None:
        shown, total = await service.public_page(
            session, page_number, page.limit, today=clock.today(), category=category, q=q
        )
        return Page(
            items=[_public(e) for e in shown], limit=page.limit, total=total, page=page_number
        )
    rows, cursor = await service.list_entries(
        session,
        page,
        state=EntryState.published.value,
        category=category,
        q=q,
        valid_on=clock.today(),
    )
    return Page(items=[_public(e) for e in rows], next_cursor=cursor, limit=page.limit)


@router.get(
    "/public/knowledge/{entry_id}", response_model=PublicEntryOut, summary="知识条目（公开）"
)
async def public_one(entry_id: uuid.UUID, session: DbSession) -> PublicEntryOut:
    return _public(await service.public_entry(session, entry_id, clock.today()))


def _public(entry: KnowledgeEntry) -> PublicEntryOut:
    out = PublicEntryOut.model_validate(entry)
    out.category_name = service.category_name(entry.category)
    return out
