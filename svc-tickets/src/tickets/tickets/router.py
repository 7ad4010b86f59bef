from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response, UploadFile

from govkit.auth import CurrentIdentity, Identity, require_roles
from govkit.db import DbSession
from govkit.pagination import Page, Pagination
from govkit.validators import BoundedDate
from tickets import clock
from tickets.scopes import Submitter
from tickets.settings import Settings
from tickets.tickets import actions, photos, queries, submission, suggest
from tickets.tickets.access import capacities
from tickets.tickets.models import Channel, Kind, State
from tickets.tickets.presenters import detail_out, ticket_out, track_out
from tickets.tickets.schemas import (
    ActionIn,
    CategorySuggestionOut,
    ClassifyIn,
    SuggestionsOut,
    TicketDetailOut,
    TicketIn,
    TicketOut,
    TrackOut,
    TrackQuery,
)

router = APIRouter(tags=["工单"])
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=100,
        description="渠道重试时使用同一键，保证不重复建单",
    ),
]


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(settings_of)]
Dispatcher = Annotated[Identity, Depends(require_roles("dispatcher"))]


@router.post(
    "/tickets", response_model=TicketOut, status_code=201, summary="受理工单（各渠道统一入口）"
)
async def create_ticket(
    body: TicketIn,
    request: Request,
    response: Response,
    identity: Submitter,
    idempotency_key: IdempotencyKey = None,
) -> TicketOut:
    # No request session: the intake runs its own two statements (tickets/intake.py).
    ticket, replayed = await submission.submit(
        request.app, identity, body, now=clock.now(), idempotency_key=idempotency_key
    )
    if replayed:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    else:
        response.headers["Location"] = f"/tickets/{ticket.id}"
    return ticket_out(ticket)


@router.get("/tickets", response_model=Page[TicketOut], summary="工单列表（按账号范围）")
async def list_tickets(
    session: DbSession,
    identity: CurrentIdentity,
    page: Pagination,
    state: State | None = None,
    kind: Kind | None = None,
    channel: Channel | None = None,
    category: Annotated[str | None, "诉求分类编码（含下级）"] = None,
    unit: str | None = None,
    due: queries.Due | None = None,
    created_from: BoundedDate | None = None,
    created_to: BoundedDate | None = None,
) -> Page[TicketOut]:
    rows, cursor = await queries.list_tickets(
        session,
        identity,
        page,
        state=state,
        kind=kind,
        channel=channel,
        category=category,
        unit_code=unit,
        due=due,
        created_from=created_from,
        created_to=created_to,
        today=clock.today(),
        now=clock.now(),
    )
    return Page(items=[ticket_out(t) for t in rows], next_cursor=cursor, limit=page.limit)


@router.post("/tickets/track", response_model=TrackOut, summary="统一处办结果查询（编号 + 电话）")
async def track_ticket(body: TrackQuery, session: DbSession) -> TrackOut:
    ticket = await queries.track(session, body.number, body.phone)
    return await track_out(session, ticket)


@router.post("/classify", response_model=list[CategorySuggestionOut], summary="诉求文本分类建议")
async def classify(
    body: ClassifyIn, request: Request, _: Dispatcher
) -> list[CategorySuggestionOut]:
    return suggest.categories_for(request.app, body.title, body.content)


@router.get(
    "/tickets/{ticket_id}/suggestions",
    response_model=SuggestionsOut,
    summary="智能派单：分类建议与按责转办单位",
)
async def suggestions(
    ticket_id: uuid.UUID, request: Request, session: DbSession, identity: CurrentIdentity
) -> SuggestionsOut:
    ticket = await queries.visible_ticket(session, identity, ticket_id)
    return await suggest.for_ticket(request.app, session, ticket)


@router.get("/tickets/{ticket_id}", response_model=TicketDetailOut, summary="工单详情与办理过程")
async def get_ticket(
    ticket_id: uuid.UUID, session: DbSession, identity: CurrentIdentity
) -> TicketDetailOut:
    ticket = await queries.visible_ticket(session, identity, ticket_id)
    return await detail_out(session, ticket, capacities(identity, ticket))


@router.post(
    "/tickets/{ticket_id}/actions/{action}",
    response_model=TicketOut,
    summary="办理操作：assign 派单、reassign 转办、pass_down 下派、accept 签收、start 办理、"
    "return 退回、reply 答复、request_extension/approve_extension/reject_extension 延期、"
    "rate 评价、reopen 重办、close 办结、supervise 督办、urge 催办、add_assist 协办、"
    "assist_note 协办意见",
)
async def act(
    ticket_id: uuid.UUID,
    action: Annotated[str, "操作"],
    body: ActionIn,
    session: DbSession,
    identity: CurrentIdentity,
    settings: AppSettings,
) -> TicketOut:
    ticket = await actions.act(session, ticket_id, action, body, identity, settings, clock.now())
    return ticket_out(ticket)


@router.post("/tickets/{ticket_id}/photos", status_code=201, summary="上传现场照片")
async def upload_photo(
    ticket_id: uuid.UUID,
    file: UploadFile,
    session: DbSession,
    identity: CurrentIdentity,
    settings: AppSettings,
) -> dict[str, object]:
    data = await file.read(settings.photo_max_bytes + 1)
    photo = await photos.add_photo(session, identity, ticket_id, data, settings)
    return {"id": photo.id, "content_type": photo.content_type, "size": photo.size}


@router.get("/tickets/{ticket_id}/photos/{photo_id}", summary="查看现场照片")
async def get_photo(
    ticket_id: uuid.UUID, photo_id: uuid.UUID, session: DbSession, identity: CurrentIdentity
) -> Response:
    photo = await photos.get_photo(session, identity, ticket_id, photo_id)
    return Response(
        photo.data,
        media_type=photo.content_type,
        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
