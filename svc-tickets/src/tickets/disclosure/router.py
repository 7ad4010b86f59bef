from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from govkit.errors import Forbidden
from govkit.pagination import Page, PageNumber, Pagination
from tickets import clock
from tickets.disclosure import service
from tickets.disclosure.models import DisclosureState
from tickets.disclosure.schemas import DisclosureEdit, DisclosureOut, PublicDisclosureOut

router = APIRouter(tags=["留言公开"])
Category = Annotated[str | None, Query(max_length=50, description="诉求分类（一级名称）")]


@router.post(
    "/tickets/{ticket_id}/disclosure",
    response_model=DisclosureOut,
    status_code=201,
    summary="提出公开：生成脱敏稿，待审核",
)
async def prepare(
    ticket_id: uuid.UUID, session: DbSession, identity: CurrentIdentity
) -> DisclosureOut:
    return DisclosureOut.model_validate(await service.prepare(session, identity, ticket_id))


@router.get("/disclosures", response_model=Page[DisclosureOut], summary="公开稿（按状态）")
async def list_for_staff(
    session: DbSession,
    identity: CurrentIdentity,
    page: Pagination,
    state: DisclosureState = DisclosureState.draft,
    category: Category = None,
) -> Page[DisclosureOut]:
    if not (service.may_prepare(identity) or service.may_review(identity)):
        raise Forbidden("无权查看公开稿", code="role_missing")
    rows, cursor = await service.list_disclosures(session, page, state=state, category=category)
    return Page(
        items=[DisclosureOut.model_validate(d) for d in rows], next_cursor=cursor, limit=page.limit
    )


@router.get("/disclosures/{disclosure_id}", response_model=DisclosureOut, summary="公开稿详情")
async def get_one(
    disclosure_id: uuid.UUID, session: DbSession, identity: CurrentIdentity
) -> DisclosureOut:
    if not (service.may_prepare(identity) or service.may_review(identity)):
        raise Forbidden("无权查看公开稿", code="role_missing")
    return DisclosureOut.model_validate(await service.get(session, disclosure_id))


@router.patch("/disclosures/{disclosure_id}", response_model=DisclosureOut, summary="修改脱敏稿")
async def edit(
    disclosure_id: uuid.UUID, body: DisclosureEdit, session: DbSession, identity: CurrentIdentity
) -> DisclosureOut:
    return DisclosureOut.model_validate(await service.edit(session, identity, disclosure_id, body))


@router.post(
    "/disclosures/{disclosure_id}/publish", response_model=DisclosureOut, summary="审核通过并公开"
)
async def publish(
    disclosure_id: uuid.UUID,
    session: DbSession,
    identity: CurrentIdentity,
    expected_version: Annotated[int | None, Query(ge=1)] = None,
) -> DisclosureOut:
    published = await service.publish(
        session, identity, disclosure_id, clock.now(), expected_version
    )
    return DisclosureOut.model_validate(published)


@router.post(
    "/disclosures/{disclosure_id}/withdraw", response_model=DisclosureOut, summary="撤回公开"
)
async def withdraw(
    disclosure_id: uuid.UUID, session: DbSession, identity: CurrentIdentity
) -> DisclosureOut:
    withdrawn = await service.withdraw(session, identity, disclosure_id, clock.now())
    return DisclosureOut.model_validate(withdrawn)


@router.get(
    "/public/disclosures", response_model=Page[PublicDisclosureOut], summary="公开的留言与答复"
)
async def public_list(
    session: DbSession,
    page: Pagination,
    category: Category = None,
    page_number: Annotated[PageNumber, Query(alias="page")] = None,
) -> Page[PublicDisclosureOut]:
    if page_number is not None:
        shown, total = await service.public_page(
            session, page_number, page.limit, category=category
        )
        return Page(
            items=[PublicDisclosureOut.model_validate(d) for d in shown],
            limit=page.limit,
            total=total,
            page=page_number,
        )
    rows, cursor = await service.list_disclosures(
        session, page, state=DisclosureState.published.value, category=category
    )
    return Page(
        items=[PublicDisclosureOut.model_validate(d) for d in rows],
        next_cursor=cursor,
        limit=page.limit,
    )


@router.get(
    "/public/disclosures/{number}", response_model=PublicDisclosureOut, summary="公开的留言详情"
)
async def public_one(number: Annotated[str, "工单编号"], session: DbSession) -> PublicDisclosureOut:
    return PublicDisclosureOut.model_validate(await service.public_one(session, number))
