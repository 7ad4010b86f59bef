"""Demo data loaded on the first `make up`, through each service's own service layer (so the
events go through the outbox like any other change)."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
import uuid
from concurrent.futures import ProcessPoolExecutor

from devstack.config import APP_SERVICES, StackConfig
from devstack.demo.accounts import ACCOUNTS, DEMO_CREDIT_CODE
from devstack.demo.orgs import city_tree
from devstack.demo.sites import DEMO_SITES
from govkit.db import Database

DEFAULT_DEMO_PASSWORD = "Gov@2026demo"


def demo_password() -> str:
    return os.environ.get("DEVSTACK_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def demo_enterprises() -> int:
    """10,000 on a real `make up`; the end-to-end test asks for fewer (it tests behaviour,
    not volume, and every published measure pushes to all that qualify)."""
    return int(os.environ.get("DEVSTACK_DEMO_ENTERPRISES", "10000"))


def demo_tickets() -> int:
    """About 3,000 12345 tickets on a real `make up` (two months of a mid-sized city's
    hotline); tests ask for fewer."""
    return int(os.environ.get("DEVSTACK_DEMO_TICKETS", "3000"))


async def load_demo(config: StackConfig) -> None:
    await _load_identity(config)
    # The 12345 tickets take longest (training the classifier, then ~3,000 ticket lives
    # through the service layer) and need only the identity: they load in a process of their
    # own beside the others, so the two cores are both at work.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        tickets = asyncio.get_running_loop().run_in_executor(pool, _tickets_process, config)
        await _load_sites(config)
        await _load_content(config)
        await _load_policies(config)
        await _link_life_events(config)
        await tickets


async def _link_life_events(config: StackConfig) -> None:
    from devstack.demo.life_events import link_life_event_services

    content, policy = _database(config, "content"), _database(config, "policy")
    try:
        await link_life_event_services(content, policy)
    finally:
        await content.dispose()
        await policy.dispose()


def _database(config: StackConfig, package: str) -> Database:
    service = next(s for s in APP_SERVICES if s.package == package)
    return Database(config.database_url(service), pool_size=2)


async def _load_identity(config: StackConfig) -> None:
    from gateway.orgs.models import OrgKind
    from gateway.orgs.schemas import OrgIn
    from gateway.orgs.service import create_org
    from gateway.users.models import Role, UserKind
    from gateway.users.schemas import GrantIn, UserIn
    from gateway.users.service import create_user

    db = _database(config, "gateway")
    try:
        async with db.transaction() as session:
            for order, (code, name, kind, parent) in enumerate(city_tree()):
                data = OrgIn(
                    code=code, name=name, kind=OrgKind(kind), parent_code=parent, sort_order=order
                )
                await create_org(session, data, actor="demo")
            for username, display, kind, org, grants in ACCOUNTS:
                user = UserIn(
                    username=username,
                    display_name=display,
                    kind=UserKind(kind),
                    password=demo_password(),
                    org_code=org,
                    credit_code=DEMO_CREDIT_CODE if kind == "enterprise" else None,
                    grants=[GrantIn(role=Role(role), scope=scope) for role, scope in grants],
                )
                await create_user(session, user, actor="demo")
    finally:
        await db.dispose()


async def _load_sites(config: StackConfig) -> None:
    from content.sites.schemas import SiteIn
    from content.sites.service import upsert_site

    db = _database(config, "content")
    try:
        async with db.transaction() as session:
            for code, name in DEMO_SITES:
                await upsert_site(session, SiteIn(code=code, name=name))
    finally:
        await db.dispose()


async def _load_content(config: StackConfig) -> None:
    from devstack.demo.content_loader import load_content

    db = _database(config, "content")
    try:
        async with db.transaction() as session:
            await load_content(session)
    finally:
        await db.dispose()


async def _load_policies(config: StackConfig) -> None:
    """Enterprises first, then the measures: publishing them lets svc-policy's push consumer
    notify the qualifying enterprises, as it would in production."""
    from datetime import date

    from sqlalchemy import insert

    from devstack.demo.enterprises import synthetic_enterprises
    from devstack.demo.policies import LINKED_POLICIES, POLICIES
    from policy.policies.schemas import PolicyIn
    from policy.policies.service import create_policy
    from policy.profiles.models import EnterpriseProfile
    from policy.profiles.schemas import ProfileIn
    from policy.profiles.service import derived_size

    demo_profile = ProfileIn(
        name="江城示范科技有限公司",
        industry_code="3911",
        revenue_wan=2600,
        employees=85,
        total_assets_wan=3100,
        rd_ratio=4.5,
        district="gx",
        founded_on=date(2019, 5, 1),
        qualifications=["专精特新", "科技型中小企业"],
        tags=["数字经济"],
    )
    db = _database(config, "policy")
    try:
        async with db.transaction() as session:
            rows = synthetic_enterprises(demo_enterprises())
            rows.append(
                {
                    **demo_profile.model_dump(),
                    "credit_code": DEMO_CREDIT_CODE,
                    "owner": "enterprise_demo",
                    "size_class": derived_size(demo_profile),
                }
            )
            for start in range(0, len(rows), 2000):
                await session.execute(insert(EnterpriseProfile), rows[start : start + 2000])
        async with db.transaction() as session:
            await _mirror_districts(session)
            for policy_fields, measures in POLICIES:
                policy = await create_policy(
                    session, PolicyIn.model_validate(policy_fields), actor="demo"
                )
                await _publish_measures(session, policy.id, measures)
        linked = await _content_ids([title for title, _, _ in LINKED_POLICIES], config)
        for title, fields, measures in LINKED_POLICIES:
            if title in linked:
                await _structure_document(db, linked[title], fields, measures)
    finally:
        await db.dispose()


async def _publish_measures(session: object, policy_id: uuid.UUID, measures: list) -> None:  # type: ignore[type-arg]
    from policy.policies.schemas import MeasureIn
    from policy.policies.service import add_measure, publish_measure

    for title, reward, amount, text, condition in measures:
        body = {
            "title": title,
            "reward_type": reward,
            "amount_wan": amount,
            "amount_text": text,
            "condition": condition,
        }
        measure = await add_measure(session, policy_id, MeasureIn.model_validate(body))  # type: ignore[arg-type]
        await publish_measure(session, measure.id)  # type: ignore[arg-type]


async def _structure_document(
    db: Database,
    item_id: uuid.UUID,
    fields: dict,  # type: ignore[type-arg]
    measures: list,  # type: ignore[type-arg]
) -> None:
    """The officer's work on a 政策文件 from content: svc-policy may already have made it a
    draft policy from content's event (the services run while the demo loads), or not yet
    (then the event refreshes the policy made here). Either way it ends active with measures."""
    from sqlalchemy.exc import IntegrityError

    from govkit.errors import Conflict
    from policy.policies.models import PolicyStatus
    from policy.policies.schemas import PolicyIn
    from policy.policies.service import activate_policy, create_policy, policy_of_document

    for attempt in range(3):
        try:
            async with db.transaction() as session:
                policy = await policy_of_document(session, item_id)
                if policy is None:
                    data = PolicyIn.model_validate({**fields, "content_item_id": item_id})
                    policy = await create_policy(session, data, actor="demo")
                elif policy.status == PolicyStatus.draft:
                    await activate_policy(session, policy.id)
                await _publish_measures(session, policy.id, measures)
            return
        except (Conflict, IntegrityError):
            # content's event made the draft meanwhile: take that one next time round
            if attempt == 2:
                raise
            await asyncio.sleep(0.5)


async def _mirror_districts(session: object) -> None:
    """The districts of the unit tree, as svc-policy's consumer of `identity.org.*` would
    record them once the gateway's events arrive (the calculator's district names)."""
    from govkit.contracts import OrgUpserted
    from policy.districts.service import apply_upserted

    for code, name, kind, parent in city_tree():
        if kind == "district":
            org = OrgUpserted(
                payload_version=1,
                org_id=uuid.uuid5(uuid.NAMESPACE_URL, f"jiangcheng/org/{code}"),
                code=code,
                name=name,
                kind=kind,
                parent_code=parent,
                path=[parent or "", code],
            )
            await apply_upserted(session, org)  # type: ignore[arg-type]


async def _content_ids(titles: list[str], config: StackConfig) -> dict[str, uuid.UUID]:
    """The portal's 政策文件 items of these titles, by title."""
    from sqlalchemy import select

    from content.items.models import Item

    db = _database(config, "content")
    try:
        async with db.transaction() as session:
            rows = await session.execute(
                select(Item.title, Item.id).where(
                    Item.title.in_(titles), Item.kind == "policy_document"
                )
            )
            return {title: item_id for title, item_id in rows.all()}
    finally:
        await db.dispose()


async def _gateway_ids(config: StackConfig) -> tuple[dict[str, uuid.UUID], dict[str, str]]:
    """The gateway's org ids by code and the demo users' ids (the JWT `sub`) by username."""
    from sqlalchemy import select

    from gateway.orgs.models import Org
    from gateway.users.models import User

    db = _database(config, "gateway")
    try:
        async with db.transaction() as session:
            orgs = dict((await session.execute(select(Org.code, Org.id))).all())
            users = (await session.execute(select(User.username, User.id))).all()
    finally:
        await db.dispose()
    return orgs, {username: str(user_id) for username, user_id in users}


def _tickets_process(config: StackConfig) -> None:
    asyncio.run(_load_tickets(config))


async def _load_tickets(config: StackConfig) -> None:
    from devstack.demo.tickets_loader import load_tickets, trained_suggester
    from devstack.stack import say

    started = time.perf_counter()
    org_ids, accounts = await _gateway_ids(config)
    suggest = await asyncio.to_thread(trained_suggester)
    db = _database(config, "tickets")
    try:
        report = await load_tickets(
            db, count=demo_tickets(), org_ids=org_ids, accounts=accounts, suggest=suggest
        )
    finally:
        await db.dispose()
    say(
        f"12345 演示数据：工单 {report.tickets} 件，公开 {report.disclosed} 件，"
        f"知识 {report.knowledge} 条（{time.perf_counter() - started:.0f} 秒）"
    )
