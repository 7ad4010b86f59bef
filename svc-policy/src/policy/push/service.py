"""政策找企业: when a measure is published, find every enterprise that qualifies — a SQL
prefilter on indexed profile columns, then the exact evaluation of the tree — and put one
notice in each inbox (never twice for the same measure), announcing `policy.match.found`."""

from __future__ import annotations

import uuid
from datetime import date

import structlog
from sqlalchemy import exists, or_, select
from sqlalchemy.dialects.postgresql import array, insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import MatchFound
from policy.conditions.evaluate import evaluate
from policy.events import outbox
from policy.policies.models import Measure, Policy
from policy.policies.service import condition_of, is_in_force
from policy.profiles.models import EnterpriseProfile
from policy.profiles.service import facts_of
from policy.push.models import Notice
from policy.push.prefilter import to_sql
from policy.push.subscriptions import Subscription

log = structlog.get_logger("policy.push")
BATCH = 2000


async def push_measure(session: AsyncSession, measure_id: uuid.UUID, today: date) -> int:
    """Notify every qualifying enterprise once; returns how many were newly notified."""
    measure = await session.get(Measure, measure_id)
    if measure is None or measure.status != "published":
        return 0  # withdrawn (or never published) measures push nothing
    policy = await session.get(Policy, measure.policy_id)
    if policy is None or not is_in_force(policy, today):
        return 0  # a draft, withdrawn, repealed or expired policy pushes nothing
    condition = condition_of(measure)
    already = select(Notice.credit_code).where(Notice.measure_id == measure.id)
    wants = wanted_by_subscription(measure.reward_type, policy.industries)
    notified, after = 0, ""
    while True:
        # Keyset pages of prefiltered profiles; the exact evaluation decides each one.
        page = list(
            await session.scalars(
                select(EnterpriseProfile)
                .where(
                    to_sql(condition, today),
                    wants,
                    EnterpriseProfile.credit_code > after,
                    EnterpriseProfile.credit_code.not_in(already),
                )
                .order_by(EnterpriseProfile.credit_code)
                .limit(BATCH)
            )
        )
        if not page:
            break
        after = page[-1].credit_code
        eligible = [
            p.credit_code for p in page if evaluate(condition, facts_of(p), today).result is True
        ]
        notified += await _notify(session, measure, eligible)
        session.expunge_all()  # keep memory flat over 100,000 profiles
    log.info("measure_pushed", measure_id=str(measure_id), notified=notified)
    return notified


def wanted_by_subscription(reward_type: str, policy_industries: list[str]):  # type: ignore[no-untyped-def]
    """No subscription, or one naming this reward type or one of the policy's industries."""
    sub = select(Subscription.credit_code).where(
        Subscription.credit_code == EnterpriseProfile.credit_code
    )
    matching = sub.where(
        or_(
            Subscription.reward_types.contains(array([reward_type])),
            Subscription.industries.overlap(array(policy_industries or [""])),
        )
    )
    return or_(~exists(sub), exists(matching))


async def _notify(session: AsyncSession, measure: Measure, codes: list[str]) -> int:
    if not codes:
        return 0
    created = await session.scalars(
        insert(Notice)
        .values([{"id": uuid.uuid4(), "credit_code": c, "measure_id": measure.id} for c in codes])
        .on_conflict_do_nothing(constraint="uq_notices_once")
        .returning(Notice.credit_code)
    )
    new_codes = list(created)
    await outbox.publish_many(
        session,
        [
            (
                MatchFound(
                    measure_id=measure.id,
                    credit_code=code,
                    title=measure.title,
                    reward_type=measure.reward_type,
                    payload_version=1,
                ),
                f"{measure.id}:{code}",
            )
            for code in new_codes
        ],
    )
    return len(new_codes)
