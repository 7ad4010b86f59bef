"""The enterprise's inbox of pushed measures, each with why it qualifies (the conditions its
profile meets today, worded in Chinese) and where to apply (the measure's 办事服务 item)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.pagination import Page, PageParams, paginate
from policy.calculator.service import evidence_out
from policy.conditions.evaluate import evaluate
from policy.districts.service import names_of
from policy.links import service as links
from policy.links.schemas import LinkedItemOut
from policy.policies.models import Measure, Policy
from policy.policies.service import condition_of
from policy.profiles.models import EnterpriseProfile
from policy.profiles.service import facts_of
from policy.push.models import Notice
from policy.push.schemas import NoticeOut


async def inbox(
    session: AsyncSession, credit_code: str, page: PageParams, today: date
) -> Page[NoticeOut]:
    stmt = select(Notice).where(Notice.credit_code == credit_code)
    notices, next_cursor = await paginate(
        session,
        stmt,
        keys=[Notice.created_at, Notice.id],
        params=page,
        key_of=lambda n: [n.created_at, n.id],
    )
    rows = await session.execute(
        select(Measure, Policy)
        .join(Policy, Policy.id == Measure.policy_id)
        .where(Measure.id.in_([n.measure_id for n in notices]))
    )
    found = {measure.id: (measure, policy) for measure, policy in rows.all()}
    profile = await session.get(EnterpriseProfile, credit_code)
    facts = facts_of(profile) if profile is not None else {}
    districts = await names_of(session)
    items = []
    for notice in notices:
        measure, policy = found[notice.measure_id]
        outcome = evaluate(condition_of(measure), facts, today)
        apply_at = await links.where_to_apply(session, measure, policy)
        items.append(
            NoticeOut(
                id=notice.id,
                measure_id=measure.id,
                title=measure.title,
                reward_type=measure.reward_type,
                amount_text=measure.amount_text,
                policy_id=policy.id,
                policy_title=policy.title,
                issuing_body=policy.issuing_body,
                created_at=notice.created_at,
                read_at=notice.read_at,
                reasons=[evidence_out(e, districts) for e in outcome.evidence if e.result],
                apply_at=[LinkedItemOut.of(link) for link in apply_at],
            )
        )
    return Page(items=items, next_cursor=next_cursor, limit=page.limit)
