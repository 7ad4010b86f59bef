"""Loads the 12345 demo through svc-tickets' own service layer: the unit mirror, the routing
rules, a few thousand tickets played through the lifecycle with backdated clocks, public
disclosures and the knowledge base. Every change writes its event to the outbox, as the
service's endpoints would."""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from devstack.demo.content_loader import shared_data_dir
from devstack.demo.orgs import city_tree
from devstack.demo.tickets_data import (
    CITY_RULES,
    Message,
    area_rules,
    category_code,
    keyword_category,
    load_messages,
)
from devstack.demo.tickets_lives import Cast, Player
from devstack.demo.tickets_plan import DEFAULT_TOP, Plan, make_plans, pick_messages
from govkit.contracts import OrgUpserted
from govkit.db import Database

BATCH = 250  # tickets per transaction
CITIZEN_TICKETS = 6


@dataclass
class TicketsReport:
    tickets: int = 0
    states: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    rules: int = 0
    disclosed: int = 0
    knowledge: int = 0
    seconds: float = 0.0


def paths() -> dict[str, list[str]]:
    parents = {code: parent for code, _, _, parent in city_tree()}
    found: dict[str, list[str]] = {}
    for code in parents:
        path, current = [code], parents[code]
        while current is not None:
            path.insert(0, current)
            current = parents[current]
        found[code] = path
    return found


async def load_units(session: AsyncSession, org_ids: dict[str, uuid.UUID]) -> None:
    """The mirror the `identity.org.*` consumer keeps, written the way the consumer writes
    it (the gateway's org ids where known, so its events later upsert the same rows)."""
    from tickets.units.service import apply_upserted

    tree_paths = paths()
    for code, name, kind, parent in city_tree():
        await apply_upserted(
            session,
            OrgUpserted(
                payload_version=1,
                org_id=org_ids.get(code)
                or uuid.uuid5(uuid.NAMESPACE_URL, f"jiangcheng/org/{code}"),
                code=code,
                name=name,
                kind=kind,
                parent_code=parent,
                path=tree_paths[code],
            ),
        )


async def load_rules(session: AsyncSession, actor: str) -> int:
    from tickets.routing.schemas import RuleIn
    from tickets.routing.service import put_rule

    count = 0
    for path, unit in CITY_RULES:
        await put_rule(session, RuleIn(category=category_code(path), unit_code=unit), actor)
        count += 1
    for path, district in area_rules():
        body = RuleIn(category=category_code(path), area_code=district, unit_code=district)
        await put_rule(session, body, actor)
        count += 1
    return count


Suggest = Callable[[list[Message]], dict[int, str]]


def trained_suggester(data_dir: Path | None = None) -> Suggest | None:
    """The category classifier svc-tickets uses (智能派单), trained here on the shared data:
    message id → its best level-1 name. None when it cannot be trained."""
    from tickets.classify import Classifier, get_classifier

    model = get_classifier(data_dir or shared_data_dir())
    if not isinstance(model, Classifier):
        return None

    def suggest(messages: list[Message]) -> dict[int, str]:
        best = model.suggest_many([(m.title, m.body) for m in messages], top=1)
        return {m.id: found[0].category for m, found in zip(messages, best, strict=True) if found}

    return suggest


async def load_tickets(
    db: Database,
    *,
    count: int,
    org_ids: dict[str, uuid.UUID] | None = None,
    accounts: dict[str, str] | None = None,
    data_dir: Path | None = None,
    now: datetime | None = None,
    suggest: Suggest | None = None,
) -> TicketsReport:
    """`accounts` maps the demo usernames to their gateway user ids (the JWT `sub`), so the
    demo citizen sees their tickets and staff actions carry real subjects."""
    from tickets import clock
    from tickets.settings import Settings

    started = time.perf_counter()
    data_dir = data_dir or shared_data_dir()
    now = now or clock.now()
    settings = Settings(shared_data_dir=data_dir)
    cast = Cast(accounts or {})
    report = TicketsReport()
    async with db.transaction() as session:
        await load_units(session, org_ids or {})
        report.rules = await load_rules(session, cast.dispatcher.subject)
    answered, unanswered = load_messages(data_dir)
    if not answered:
        return report
    picks = pick_messages(
        count, answered, unanswered, citizen_tickets=CITIZEN_TICKETS if cast.citizen else 0
    )
    faq = frequently_asked(answered, max(count // 10, 10))
    wanted = list({m.id: m for m in [*(p.message for p in picks), *faq]}.values())
    suggested = suggest(wanted) if suggest else {}
    plans = make_plans(picks, suggested, now)
    done: list[tuple[Plan, uuid.UUID, str]] = []
    routes: dict[tuple[str, str], str | None] = {}

    for start in range(0, len(plans), BATCH):
        async with db.transaction() as session:
            player = Player(session, db, settings, cast, paths(), now, routes)
            for plan in plans[start : start + BATCH]:
                ticket = await player.play(plan)
                done.append((plan, ticket.id, ticket.number))
                report.states[ticket.state] += 1
                report.channels[ticket.channel] += 1
                report.kinds[ticket.kind] += 1
    report.tickets = len(done)
    async with db.transaction() as session:
        report.disclosed = await disclose(session, cast, done, now, max(count // 15, 8))
    async with db.transaction() as session:
        report.knowledge = await load_knowledge(session, cast, faq, done, suggested, now)
    report.seconds = time.perf_counter() - started
    return report


async def disclose(
    session: AsyncSession,
    cast: Cast,
    done: list[tuple[Plan, uuid.UUID, str]],
    now: datetime,
    wanted: int,
) -> int:
    """留言公开: the dispatcher prepares a masked copy, the supervisor publishes it."""
    from tickets.disclosure import service as disclosure

    rng = random.Random(7)
    candidates = [
        (plan, ticket_id)
        for plan, ticket_id, _ in done
        if plan.final in ("closed", "rated") and not plan.citizen and (plan.satisfaction or 3) >= 3
    ]
    rng.shuffle(candidates)
    # A quarter with a number the caller left, so the public copies show masking at work.
    with_phone = [c for c in candidates if c[0].callback][: wanted // 4]
    candidates = with_phone + [c for c in candidates if not c[0].callback]
    count = 0
    for plan, ticket_id in candidates[:wanted]:
        draft = await disclosure.prepare(session, cast.dispatcher, ticket_id)
        when = min(plan.created_at + timedelta(days=rng.uniform(3, 15)), now)
        await disclosure.publish(session, cast.supervisor, draft.id, when)
        count += 1
    return count


def frequently_asked(answered: list[Message], wanted: int) -> list[Message]:
    """Replies worth keeping as knowledge: questions people ask first (咨询), answers of a
    readable length."""

    def rank(message: Message) -> tuple[int, int]:
        asks = any(w in message.title for w in ("？", "?", "请问", "咨询", "如何", "能否", "是否"))
        return (0 if asks else 1, abs(len(message.reply or "") - 400))

    usable = [m for m in answered if 60 <= len(m.reply or "") <= 4000]
    return sorted(usable, key=rank)[:wanted]


async def load_knowledge(
    session: AsyncSession,
    cast: Cast,
    chosen: list[Message],
    done: list[tuple[Plan, uuid.UUID, str]],
    suggested: dict[int, str],
    now: datetime,
) -> int:
    """知识库 from the real replies: the question, the unit's answer, the category the
    classifier suggests (the label where the message has one); drafted by the dispatcher,
    published by the supervisor; linked to the demo ticket that carried the same message."""
    from tickets.knowledge import service as knowledge
    from tickets.knowledge.schemas import EntryIn

    source = {
        plan.message.id: number
        for plan, _, number in done
        if plan.final in ("replied", "rated", "closed")
    }
    count = 0
    for message in chosen:
        top = message.label or suggested.get(message.id)
        text = f"{message.title}\n{message.body}"
        path = keyword_category(text, top) or ((top,) if top else keyword_category(text))
        body = message.body if len(message.body) <= 150 else message.body[:150] + "…"
        entry = await knowledge.create(
            session,
            cast.dispatcher,
            EntryIn(
                question=f"{message.title}：{body}"[:500],
                answer=message.reply or "",
                category=category_code(path or (DEFAULT_TOP,)),
                source_tickets=[source[message.id]] if message.id in source else [],
            ),
        )
        await knowledge.publish(session, cast.supervisor, entry.id, now)
        count += 1
    return count
