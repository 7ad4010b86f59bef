"""Plays one planned ticket life through svc-tickets' intake and lifecycle actions, each
step at its own (backdated) moment and by the person whose step it is."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from devstack.demo.tickets_data import CITY_RULES, category_code
from devstack.demo.tickets_plan import Plan
from govkit.auth import Identity, RoleGrant
from govkit.db import Database

RETURN_NOTE = "经核实，该诉求不属于本单位职责范围，请重新派单。"
TRANSFER_NOTE = "承办单位反映该事项属其他单位职责，经协调转办。"
EXTENSION_NOTE = "涉及多个部门协调及现场勘查，需延期办理。"
REJECT_NOTE = "该事项不属于需延期情形，请按期办结。"
REOPEN_NOTE = "来电人对答复不满意，问题仍未解决，要求重新办理。"
ASSIST_NOTE = "我单位已配合现场核查，意见已反馈主办单位。"
SECOND_REPLY = "经再次现场核查，已督促相关责任方整改到位，并与来电人沟通解释。原答复如下："
CALLBACK = "（来电人留言：请回电 {phone}）"
URGE_NOTE = "该工单已超期，请加快办理。"


def _staff(subject: str, name: str, org: str, role: str, scope: str) -> Identity:
    return Identity(subject=subject, name=name, org=org, roles=[RoleGrant(role=role, scope=scope)])


class Cast:
    """The people who act on tickets. Gateway user ids where the demo has an account."""

    def __init__(self, accounts: dict[str, str]) -> None:
        self.accounts = accounts
        self.dispatcher = _staff(
            accounts.get("dispatcher", "demo-dispatcher"),
            "热线派单员",
            "rx12345",
            "dispatcher",
            "*",
        )
        self.supervisor = _staff(
            accounts.get("supervisor", "demo-supervisor"), "督办人员", "zfb", "unit_supervisor", "*"
        )
        citizen = accounts.get("citizen_demo")
        self.citizen = (
            Identity(
                subject=citizen,
                kind="citizen",
                name="张三",
                roles=[RoleGrant(role="citizen", scope="*")],
            )
            if citizen
            else None
        )
        self._handlers: dict[str, Identity] = {}

    def handler(self, unit: str) -> Identity:
        if unit not in self._handlers:
            named = {"xc": "xc_handler", "xc-01": "dongjie_handler"}.get(unit)
            subject = self.accounts.get(named or "", f"demo-handler-{unit}")
            self._handlers[unit] = _staff(subject, "承办人员", unit, "unit_handler", f"org:{unit}")
        return self._handlers[unit]


class Clock:
    """Monotonic moments from a start, never past `limit`."""

    def __init__(self, rng: random.Random, start: datetime, limit: datetime) -> None:
        self.rng, self.current, self.limit = rng, start, limit

    def after(self, lo_minutes: float, hi_minutes: float) -> datetime:
        return self.at(self.current + timedelta(minutes=self.rng.uniform(lo_minutes, hi_minutes)))

    def at(self, moment: datetime) -> datetime:
        self.current = max(self.current, min(moment, self.limit))
        return self.current


CITY_UNIT = {path[0]: unit for path, unit in CITY_RULES if len(path) == 1}


class Player:
    def __init__(
        self,
        session: AsyncSession,
        db: Database,
        settings: Any,
        cast: Cast,
        unit_paths: dict[str, list[str]],
        now: datetime,
        routes: dict[tuple[str, str], str | None],
    ) -> None:
        self.session, self.db, self.settings = session, db, settings
        self.cast, self.paths, self.now = cast, unit_paths, now
        self.routes = routes  # (category, area) → the unit the rules suggest

    async def _route(self, category: str, area: str) -> str | None:
        from tickets.routing.service import suggest_unit

        if (category, area) not in self.routes:
            found = await suggest_unit(self.session, category, self.paths[area])
            self.routes[category, area] = found.unit_code if found else None
        return self.routes[category, area]

    async def _do(self, ticket: Any, action: str, who: Identity, at: datetime, **body: Any) -> Any:
        from tickets.tickets.actions import act
        from tickets.tickets.schemas import ActionIn

        return await act(self.session, ticket.id, action, ActionIn(**body), who, self.settings, at)

    async def play(self, plan: Plan) -> Any:
        from tickets.tickets import intake
        from tickets.tickets.models import Ticket
        from tickets.tickets.schemas import Location, TicketIn

        rng = random.Random(plan.message.id * 31 + plan.created_at.toordinal())
        category = category_code(plan.path)
        content = plan.message.body
        if plan.callback:
            content = f"{content}\n{CALLBACK.format(phone=plan.phone)}"[:5000]
        body = TicketIn(
            channel=plan.channel,  # type: ignore[arg-type]
            kind=plan.kind,  # type: ignore[arg-type]
            title=plan.message.title,
            content=content,
            category=category if plan.direct else None,
            area_code=plan.area,
            location=Location(
                longitude=plan.location[0], latitude=plan.location[1], address=plan.location[2]
            )
            if plan.location
            else None,
            citizen_name=None if plan.citizen else plan.caller,
            citizen_phone=plan.phone,
        )
        submitter = (
            self.cast.citizen if plan.citizen and self.cast.citizen else self.cast.dispatcher
        )
        suggested = category_code((plan.suggested,)) if plan.suggested else None
        made, _ = await intake.create(
            self.db,
            submitter,
            body,
            self.settings,
            now=plan.created_at,
            idempotency_key=None,
            suggested_category=suggested,
        )
        # The intake committed on its own connection; the lifecycle goes on in this session.
        ticket = await self.session.get(Ticket, made.id)
        if plan.final == "received":
            return ticket
        clock = Clock(rng, plan.created_at, self.now)
        if plan.direct:
            ticket = await self._do(
                ticket, "reply", self.cast.dispatcher, clock.after(5, 40), reply=plan.message.reply
            )
            return await self._after_reply(ticket, plan, clock, rng, unit=None)
        unit = await self._route(category, plan.area) or CITY_UNIT.get(plan.top, "zfb")
        d = self.cast.dispatcher
        if plan.bounce_to:
            wrong = (
                plan.bounce_to if plan.bounce_to != unit else ("zjj" if unit != "zjj" else "cgj")
            )
            await self._do(
                ticket, "assign", d, clock.after(10, 120), unit_code=wrong, category=category
            )
            ticket = await self._do(
                ticket, "return", self.cast.handler(wrong), clock.after(60, 900), note=RETURN_NOTE
            )
            if plan.final == "returned":
                return ticket
        ticket = await self._do(
            ticket, "assign", d, clock.after(10, 180), unit_code=unit, category=category
        )
        if plan.pass_down and plan.area.startswith(unit + "-"):
            ticket = await self._do(
                ticket,
                "pass_down",
                self.cast.handler(unit),
                clock.after(20, 300),
                unit_code=plan.area,
            )
            unit = plan.area
        if plan.final == "assigned":
            return ticket
        late_sign = rng.random() < 0.08
        ticket = await self._do(
            ticket,
            "accept",
            self.cast.handler(unit),
            clock.after(*((1500, 3000) if late_sign else (15, 900))),
        )
        if plan.transfer:
            other = self._transfer_target(plan, unit)
            await self._do(
                ticket, "reassign", d, clock.after(60, 600), unit_code=other, note=TRANSFER_NOTE
            )
            unit = other
            ticket = await self._do(ticket, "accept", self.cast.handler(unit), clock.after(15, 600))
        if plan.final == "accepted":
            return await self._urge(ticket, plan, clock)
        ticket = await self._do(ticket, "start", self.cast.handler(unit), clock.after(10, 300))
        ticket = await self._handling(ticket, plan, clock, unit)
        if plan.final == "in_progress":
            return await self._urge(ticket, plan, clock)
        ticket = await self._reply(ticket, plan, clock, rng, unit, plan.message.reply)
        return await self._after_reply(ticket, plan, clock, rng, unit=unit)

    def _transfer_target(self, plan: Plan, unit: str) -> str:
        district = plan.area.split("-")[0]
        if district not in self.paths[unit]:
            return district
        other = CITY_UNIT.get(plan.top, "zfb")
        return other if other != unit else "zfb"

    async def _handling(self, ticket: Any, plan: Plan, clock: Clock, unit: str) -> Any:
        h = self.cast.handler(unit)
        if plan.assist and plan.assist != unit and plan.assist not in self.paths[unit]:
            ticket = await self._do(
                ticket,
                "add_assist",
                self.cast.dispatcher,
                clock.after(30, 300),
                assist_units=[plan.assist],
            )
            ticket = await self._do(
                ticket,
                "assist_note",
                self.cast.handler(plan.assist),
                clock.after(120, 1440),
                note=ASSIST_NOTE,
            )
        if plan.extension:
            ticket = await self._do(
                ticket, "request_extension", h, clock.after(240, 2880), days=5, note=EXTENSION_NOTE
            )
            if plan.extension == "approve":
                ticket = await self._do(
                    ticket, "approve_extension", self.cast.supervisor, clock.after(60, 600)
                )
            else:
                ticket = await self._do(
                    ticket,
                    "reject_extension",
                    self.cast.supervisor,
                    clock.after(60, 600),
                    note=REJECT_NOTE,
                )
        return ticket

    async def _urge(self, ticket: Any, plan: Plan, clock: Clock) -> Any:
        if not plan.urged:
            return ticket
        s = self.cast.supervisor
        if plan.overdue:
            ticket = await self._do(
                ticket, "supervise", s, clock.after(60, 4320), note="列入督办。"
            )
        return await self._do(ticket, "urge", s, clock.after(60, 2880), note=URGE_NOTE)

    async def _reply(
        self, ticket: Any, plan: Plan, clock: Clock, rng: random.Random, unit: str, reply: str
    ) -> Any:
        deadline = datetime.combine(ticket.due_on, time(17, 30), tzinfo=plan.created_at.tzinfo)
        if plan.late:
            moment = deadline + timedelta(days=rng.uniform(1, 6))
        else:
            span = max((deadline - clock.current).total_seconds(), 3600)
            moment = clock.current + timedelta(seconds=rng.uniform(0.15, 0.9) * span)
        return await self._do(
            ticket, "reply", self.cast.handler(unit), clock.at(moment), reply=reply
        )

    async def _after_reply(
        self, ticket: Any, plan: Plan, clock: Clock, rng: random.Random, unit: str | None
    ) -> Any:
        if plan.final == "replied":
            return ticket
        d = self.cast.dispatcher
        rater = self.cast.citizen if plan.citizen and self.cast.citizen else d
        if plan.satisfaction is not None:
            ticket = await self._do(
                ticket, "rate", rater, clock.after(120, 4320), satisfaction=plan.satisfaction
            )
            if plan.reopen and unit is not None:
                ticket = await self._do(ticket, "reopen", d, clock.after(30, 600), note=REOPEN_NOTE)
                h = self.cast.handler(unit)
                ticket = await self._do(ticket, "accept", h, clock.after(30, 900))
                ticket = await self._do(ticket, "start", h, clock.after(10, 300))
                again = f"{SECOND_REPLY}{plan.message.reply}"[:10000]
                ticket = await self._reply(ticket, plan, clock, rng, unit, again)
                ticket = await self._do(
                    ticket,
                    "rate",
                    rater,
                    clock.after(120, 2880),
                    satisfaction=rng.choice((3, 4, 4, 5)),
                )
        if plan.final == "rated":
            return ticket
        return await self._do(ticket, "close", d, clock.after(60, 2880))
