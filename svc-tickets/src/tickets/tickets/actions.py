"""Applying one lifecycle action: check the table, check who acts, change the ticket, write
the timeline entry and the event — all in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from tickets.db import lock_one
from tickets.deadlines import policy as deadlines
from tickets.messages import ACTION_NAMES, STATE_NAMES
from tickets.routing.service import known_category
from tickets.settings import Settings
from tickets.tickets import events
from tickets.tickets.access import Capacity, capacities
from tickets.tickets.models import State, Ticket, TimelineEntry
from tickets.tickets.schemas import ActionIn
from tickets.tickets.workflow import ACTIONS, allowed_from, step_for
from tickets.units.models import Unit
from tickets.units.service import active_unit

Effect = Callable[["Context"], Awaitable[None]]


class Context:
    def __init__(
        self,
        session: AsyncSession,
        ticket: Ticket,
        body: ActionIn,
        identity: Identity,
        held: set[Capacity],
        settings: Settings,
        now: datetime,
    ) -> None:
        self.session, self.ticket, self.body = session, ticket, body
        self.identity, self.held, self.settings, self.now = identity, held, settings, now
        self.data: dict[str, object] = {}


async def lock_ticket(session: AsyncSession, ticket_id: uuid.UUID) -> Ticket:
    return await lock_one(
        session, Ticket, ticket_id, NotFound("工单不存在", code="ticket_not_found")
    )


async def act(
    session: AsyncSession,
    ticket_id: uuid.UUID,
    action: str,
    body: ActionIn,
    identity: Identity,
    settings: Settings,
    now: datetime,
) -> Ticket:
    if action not in ACTIONS:
        raise NotFound(f"没有名为 {action} 的工单操作", code="unknown_action")
    ticket = await lock_ticket(session, ticket_id)
    held = capacities(identity, ticket)
    if not held:
        raise Forbidden("无权操作该工单", code="outside_scope")
    if body.expected_version is not None and body.expected_version != ticket.version:
        raise Conflict("工单已被他人更新，请刷新后重试", code="stale_version")
    state = State(ticket.state)
    step = step_for(action, state)
    if step is None:
        allowed = "、".join(STATE_NAMES[s] for s in allowed_from(action))
        raise InvalidTransition(
            f"工单{STATE_NAMES[state]}，不能{ACTION_NAMES[action]}（仅限：{allowed}）",
            extra={"state": state.value, "action": action},
        )
    acting = held & step.by
    if not acting:
        raise Forbidden(f"当前账号不能对该工单执行“{ACTION_NAMES[action]}”", code="not_your_step")
    ctx = Context(session, ticket, body, identity, acting, settings, now)
    await EFFECTS[action](ctx)
    if step.to is not None:
        ticket.state = step.to.value
    session.add(
        TimelineEntry(
            ticket_id=ticket.id,
            at=now,
            action=action,
            actor=identity.subject,
            actor_unit=identity.org,
            from_state=state.value,
            to_state=ticket.state,
            note=body.note,
            data=ctx.data,
        )
    )
    await session.flush()
    await PUBLISH.get(action, _nothing)(session, ticket)
    return ticket


def _need(value: object, message: str, code: str) -> None:
    if value is None or value == "" or value == []:
        raise ValidationFailed(message, code=code)


async def _give_to(ctx: Context, unit: Unit) -> None:
    t = ctx.ticket
    t.unit_code, t.unit_path = unit.code, list(unit.path)
    t.assigned_at, t.accepted_at = ctx.now, None
    ctx.data["unit"] = unit.code


async def _assign(ctx: Context) -> None:
    b, t = ctx.body, ctx.ticket
    _need(b.unit_code, "派单须指定承办单位", "unit_required")
    unit = await active_unit(ctx.session, b.unit_code)  # type: ignore[arg-type]
    if b.category is not None:
        known_category(b.category)
        t.category = b.category
    if t.category is None:
        raise ValidationFailed("派单前须确定诉求分类", code="category_required")
    first = t.due_on is None
    await _give_to(ctx, unit)
    if first:
        deadlines.start_clock(t, ctx.now, ctx.settings)
    else:
        deadlines.restart_sign_clock(t, ctx.now, ctx.settings)
    if b.assist_units:
        await _set_assists(ctx, b.assist_units)


async def _reassign(ctx: Context) -> None:
    _need(ctx.body.note, "转办须说明原因", "reason_required")
    if ctx.body.unit_code == ctx.ticket.unit_code:
        raise ValidationFailed("转办单位与当前承办单位相同", code="same_unit")
    await _assign(ctx)
    ctx.ticket.transfers += 1


async def _pass_down(ctx: Context) -> None:
    b, t = ctx.body, ctx.ticket
    _need(b.unit_code, "下派须指定下级单位", "unit_required")
    unit = await active_unit(ctx.session, b.unit_code)  # type: ignore[arg-type]
    if t.unit_code not in unit.path or unit.code == t.unit_code:
        raise ValidationFailed("只能下派给本单位的下级单位", code="not_a_sub_unit")
    await _give_to(ctx, unit)
    deadlines.restart_sign_clock(t, ctx.now, ctx.settings)


async def _accept(ctx: Context) -> None:
    ctx.ticket.accepted_at = ctx.now
    if ctx.ticket.sign_due_at is not None:
        ctx.data["signed_late"] = ctx.now > ctx.ticket.sign_due_at


async def _return(ctx: Context) -> None:
    _need(ctx.body.note, "退回须说明理由", "reason_required")
    t = ctx.ticket
    ctx.data["unit"] = t.unit_code
    t.unit_code, t.unit_path, t.accepted_at, t.sign_due_at = None, [], None, None


async def _nothing(*_: object) -> None:
    return None


async def _reply(ctx: Context) -> None:
    _need(ctx.body.reply, "答复内容不能为空", "reply_required")
    t = ctx.ticket
    t.reply, t.replied_at = ctx.body.reply, ctx.now
    t.replied_on_time = True if t.due_on is None else ctx.now.date() <= t.due_on
    t.extension_requested = None


async def _request_extension(ctx: Context) -> None:
    b, t = ctx.body, ctx.ticket
    _need(b.days, "延期须填写延期工作日数", "days_required")
    _need(b.note, "延期须说明理由", "reason_required")
    if t.extension_requested is not None:
        raise Conflict("已有待审批的延期申请", code="extension_pending")
    if t.extension_days + b.days > ctx.settings.max_extension_days:  # type: ignore[operator]
        raise ValidationFailed(
            f"累计延期不能超过 {ctx.settings.max_extension_days} 个工作日",
            code="extension_too_long",
        )
    t.extension_requested = b.days
    ctx.data["days"] = b.days


async def _approve_extension(ctx: Context) -> None:
    t = ctx.ticket
    if t.extension_requested is None:
        raise Conflict("没有待审批的延期申请", code="no_extension_pending")
    days = ctx.body.days or t.extension_requested
    if days > t.extension_requested:
        raise ValidationFailed("批准的天数不能多于申请的天数", code="extension_too_long")
    deadlines.extend(t, days)
    t.extension_requested = None
    ctx.data["days"] = days
    ctx.data["due_on"] = t.due_on.isoformat() if t.due_on else None


async def _reject_extension(ctx: Context) -> None:
    if ctx.ticket.extension_requested is None:
        raise Conflict("没有待审批的延期申请", code="no_extension_pending")
    _need(ctx.body.note, "驳回延期须说明理由", "reason_required")
    ctx.ticket.extension_requested = None


async def _rate(ctx: Context) -> None:
    _need(ctx.body.satisfaction, "请选择满意度（1–5）", "satisfaction_required")
    ctx.ticket.satisfaction = ctx.body.satisfaction
    ctx.data["satisfaction"] = ctx.body.satisfaction


SATISFIED = 4


async def _reopen(ctx: Context) -> None:
    t = ctx.ticket
    if Capacity.dispatcher not in ctx.held and (t.satisfaction or 0) >= SATISFIED:
        raise Conflict("已评价为满意的工单不能申请重办", code="already_satisfied")
    if t.reopened >= ctx.settings.max_reopen:
        raise Conflict(f"同一工单最多重办 {ctx.settings.max_reopen} 次", code="reopen_limit")
    _need(ctx.body.note, "重办须说明不满意的原因", "reason_required")
    if t.unit_code is None:
        raise InvalidTransition("该工单没有承办单位，无法重办")
    t.reopened += 1
    t.reply, t.replied_at, t.replied_on_time, t.satisfaction = None, None, None, None
    t.accepted_at, t.extension_days = None, 0
    deadlines.start_clock(t, ctx.now, ctx.settings)


async def _close(ctx: Context) -> None:
    ctx.ticket.closed_at = ctx.now


async def _supervise(ctx: Context) -> None:
    ctx.ticket.supervised = True


async def _urge(ctx: Context) -> None:
    ctx.ticket.urges += 1


async def _set_assists(ctx: Context, codes: list[str]) -> None:
    t = ctx.ticket
    if t.unit_code in codes:
        raise ValidationFailed("主办单位不能同时作为协办单位", code="lead_as_assist")
    paths: list[str] = []
    for code in codes:
        unit = await active_unit(ctx.session, code)
        paths += [c for c in unit.path if c not in paths]
    t.assist_units, t.assist_paths = list(codes), paths
    ctx.data["assist_units"] = list(codes)


async def _add_assist(ctx: Context) -> None:
    _need(ctx.body.assist_units, "请指定协办单位", "assist_units_required")
    merged = list(dict.fromkeys([*ctx.ticket.assist_units, *ctx.body.assist_units]))
    await _set_assists(ctx, merged)


async def _assist_note(ctx: Context) -> None:
    _need(ctx.body.note, "协办意见不能为空", "note_required")


EFFECTS: dict[str, Effect] = {
    "assign": _assign,
    "reassign": _reassign,
    "pass_down": _pass_down,
    "accept": _accept,
    "return": _return,
    "start": _nothing,
    "reply": _reply,
    "request_extension": _request_extension,
    "approve_extension": _approve_extension,
    "reject_extension": _reject_extension,
    "rate": _rate,
    "reopen": _reopen,
    "close": _close,
    "supervise": _supervise,
    "urge": _urge,
    "add_assist": _add_assist,
    "assist_note": _assist_note,
}


async def _published_assigned(session: AsyncSession, t: Ticket) -> None:
    await events.assigned(session, t, transfer=t.transfers > 0)


PUBLISH: dict[str, Callable[[AsyncSession, Ticket], Awaitable[None]]] = {
    "assign": _published_assigned,
    "reassign": _published_assigned,
    "pass_down": _published_assigned,
    "reopen": _published_assigned,
    "reply": events.replied,
    "close": events.closed,
}
