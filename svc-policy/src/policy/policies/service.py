"""The policy library: policies, their measures, and publishing (which search and the
proactive push follow through `policy.measure.*` events)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.contracts import MeasurePublished, MeasureWithdrawn
from govkit.errors import Conflict, InvalidTransition, NotFound
from govkit.pagination import PageParams, paginate, paginate_numbered
from policy.conditions.schema import Condition, ConditionDocument
from policy.events import outbox
from policy.industry.catalogue import catalogue
from policy.policies.models import Measure, Policy, PolicyStatus, SourceState
from policy.policies.schemas import MeasureIn, PolicyIn, PolicyScopeIn

# A withdrawn or repealed 政策文件 takes its measures out of matching until content says otherwise.
_SOURCE_OUT = (SourceState.withdrawn.value, SourceState.repealed.value)


def in_force(today: date) -> ColumnElement[bool]:
    """SQL: the policy's measures may match today (the twin of `is_in_force`)."""
    return and_(
        Policy.status == PolicyStatus.active.value,
        or_(Policy.source_state.is_(None), Policy.source_state.not_in(_SOURCE_OUT)),
        or_(Policy.valid_to.is_(None), Policy.valid_to >= today),
        or_(Policy.valid_from.is_(None), Policy.valid_from <= today),
    )


def is_in_force(policy: Policy, today: date) -> bool:
    return (
        policy.status == PolicyStatus.active
        and policy.source_state not in _SOURCE_OUT
        and (policy.valid_to is None or policy.valid_to >= today)
        and (policy.valid_from is None or policy.valid_from <= today)
    )


async def create_policy(session: AsyncSession, data: PolicyIn, *, actor: str) -> Policy:
    if data.content_item_id and await policy_of_document(session, data.content_item_id):
        raise Conflict("该政策文件已关联到另一条政策", code="content_item_taken")
    policy = Policy(**data.model_dump(), created_by=actor)
    session.add(policy)
    await session.flush()
    return policy


async def policy_of_document(session: AsyncSession, item_id: uuid.UUID) -> Policy | None:
    return await session.scalar(select(Policy).where(Policy.content_item_id == item_id))


async def update_scope(session: AsyncSession, policy_id: uuid.UUID, data: PolicyScopeIn) -> Policy:
    """The officer's part of structuring: industries and districts (the rest comes from the
    政策文件 item when there is one)."""
    policy = await get_policy(session, policy_id, lock=True)
    for name, value in data.model_dump(exclude_none=True).items():
        setattr(policy, name, value)
    await session.flush()
    return policy


async def activate_policy(session: AsyncSession, policy_id: uuid.UUID) -> Policy:
    """待结构化 → 已结构化: from now on its published measures can match."""
    policy = await get_policy(session, policy_id, lock=True)
    if policy.status != PolicyStatus.draft:
        raise InvalidTransition("只有待结构化的政策可以启用", code="policy_not_draft")
    policy.status = PolicyStatus.active.value
    await session.flush()
    return policy


async def get_policy(session: AsyncSession, policy_id: uuid.UUID, *, lock: bool = False) -> Policy:
    policy = await session.get(Policy, policy_id, with_for_update=lock)
    if policy is None:
        raise NotFound("政策不存在", code="policy_not_found")
    return policy


@dataclass(frozen=True)
class PolicyFilters:
    """Browsing without a keyword: by industry (a GB/T 4754 code at any level), by the reward
    type of a published measure, by issuing body."""

    industry: str | None = None
    reward_type: str | None = None
    issuing_body: str | None = None


def _publicly_listed(today: date) -> ColumnElement[bool]:
    """Active policies in force that day whose document (if any) is still published."""
    return and_(
        Policy.status == PolicyStatus.active.value,
        # Entered by an officer (no 政策文件 item) or its document still published.
        or_(Policy.source_state.is_(None), Policy.source_state == SourceState.published.value),
        or_(Policy.valid_from.is_(None), Policy.valid_from <= today),
        or_(Policy.valid_to.is_(None), Policy.valid_to >= today),
    )


def _policies(
    status: PolicyStatus | None, public_on: date | None, filters: PolicyFilters
) -> Select[tuple[Policy]]:
    stmt = select(Policy) if status is None else select(Policy).where(Policy.status == status)
    if public_on is not None:
        stmt = stmt.where(_publicly_listed(public_on))
    if filters.industry:
        # A policy naming the code, a section or division above it, or a code below it
        # (choosing 制造业 lists a policy for C39; choosing C3911 lists one for C).
        books = catalogue()
        related = {n.code for n in books.lineage(filters.industry)}
        related.update(books.subtree(filters.industry))
        stmt = stmt.where(Policy.industries.overlap(array(sorted(related))))
    if filters.reward_type:
        stmt = stmt.where(
            exists().where(
                Measure.policy_id == Policy.id,
                Measure.status == "published",
                Measure.reward_type == filters.reward_type,
            )
        )
    if filters.issuing_body:
        stmt = stmt.where(Policy.issuing_body == filters.issuing_body)
    return stmt


async def list_policies(
    session: AsyncSession,
    params: PageParams,
    status: PolicyStatus | None = None,
    *,
    public_on: date | None = None,
    filters: PolicyFilters = PolicyFilters(),
) -> tuple[list[Policy], str | None]:
    """Officers see every policy (by status); the public (`public_on` = today) only active
    policies in force that day whose document is still published."""
    return await paginate(
        session,
        _policies(status, public_on, filters),
        keys=[Policy.published_on, Policy.id],
        params=params,
        key_of=lambda p: [p.published_on, p.id],
    )


async def policies_page(
    session: AsyncSession,
    page_number: int,
    limit: int,
    status: PolicyStatus | None = None,
    *,
    public_on: date | None = None,
    filters: PolicyFilters = PolicyFilters(),
) -> tuple[list[Policy], int]:
    """The same list newest first by page number, with the total (共 N 条 第 x/y 页)."""
    return await paginate_numbered(
        session,
        _policies(status, public_on, filters),
        order_by=[Policy.published_on.desc(), Policy.id.desc()],
        page=page_number,
        limit=limit,
    )


async def measure_summaries(
    session: AsyncSession, policy_ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, list[str]]]:
    """Per policy: how many published measures it has and their reward types."""
    rows = await session.execute(
        select(Measure.policy_id, Measure.reward_type, func.count())
        .where(Measure.policy_id.in_(policy_ids), Measure.status == "published")
        .group_by(Measure.policy_id, Measure.reward_type)
        .order_by(Measure.policy_id, func.count().desc(), Measure.reward_type)
    )
    counts: dict[uuid.UUID, int] = defaultdict(int)
    types: dict[uuid.UUID, list[str]] = defaultdict(list)
    for policy_id, reward_type, count in rows.all():
        counts[policy_id] += count
        types[policy_id].append(reward_type)
    return {policy_id: (count, types[policy_id]) for policy_id, count in counts.items()}


async def public_facets(
    session: AsyncSession, today: date
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """What the public list can be narrowed by, with counts of policies: issuing bodies and
    the reward types of their published measures."""
    listed = _publicly_listed(today)
    bodies = await session.execute(
        select(Policy.issuing_body, func.count())
        .where(listed)
        .group_by(Policy.issuing_body)
        .order_by(func.count().desc(), Policy.issuing_body)
    )
    rewards = await session.execute(
        select(Measure.reward_type, func.count(func.distinct(Policy.id)))
        .join(Policy, Policy.id == Measure.policy_id)
        .where(listed, Measure.status == "published")
        .group_by(Measure.reward_type)
    )
    return [(b, n) for b, n in bodies.all()], [(r, n) for r, n in rewards.all()]


def sees_unpublished(identity: Identity | None) -> bool:
    """Drafts and withdrawn measures are the policy officers' working material."""
    return identity is not None and (
        identity.is_platform_admin or identity.has_role("policy_officer")
    )


async def measures_of(
    session: AsyncSession, policy: Policy, identity: Identity | None
) -> list[Measure]:
    stmt = select(Measure).where(Measure.policy_id == policy.id)
    if not sees_unpublished(identity):
        stmt = stmt.where(Measure.status == "published")
    return list(await session.scalars(stmt.order_by(Measure.title, Measure.id)))


async def add_measure(session: AsyncSession, policy_id: uuid.UUID, data: MeasureIn) -> Measure:
    await get_policy(session, policy_id)
    measure = Measure(
        policy_id=policy_id,
        title=data.title,
        reward_type=data.reward_type.value,
        amount_wan=data.amount_wan,
        amount_text=data.amount_text,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        apply_item_id=data.apply_item_id,
        condition=data.model_dump(mode="json")["condition"],
        status="draft",
        version=1,
    )
    session.add(measure)
    await session.flush()
    return measure


async def get_measure(
    session: AsyncSession, measure_id: uuid.UUID, *, lock: bool = False
) -> Measure:
    stmt = select(Measure).where(Measure.id == measure_id)
    measure = await session.scalar(stmt.with_for_update() if lock else stmt)
    if measure is None:
        raise NotFound("奖励措施不存在", code="measure_not_found")
    return measure


async def visible_measure(
    session: AsyncSession, measure_id: uuid.UUID, identity: Identity | None
) -> Measure:
    """A measure as the caller may see it: one not published is missing to everyone but
    policy officers (the same 404 as a made-up id)."""
    measure = await get_measure(session, measure_id)
    if measure.status != "published" and not sees_unpublished(identity):
        raise NotFound("奖励措施不存在", code="measure_not_found")
    return measure


async def publish_measure(session: AsyncSession, measure_id: uuid.UUID) -> Measure:
    measure = await get_measure(session, measure_id, lock=True)
    if measure.status != "draft":
        raise InvalidTransition("只有草稿状态的措施可以发布", code="measure_not_draft")
    policy = await get_policy(session, measure.policy_id)
    if policy.status != PolicyStatus.active:
        raise InvalidTransition("政策尚待结构化，启用后才能发布措施", code="policy_not_active")
    if policy.source_state in _SOURCE_OUT:
        raise InvalidTransition("政策文件已撤回或废止，不能发布措施", code="policy_not_in_force")
    measure.status, measure.version = "published", measure.version + 1
    await session.flush()
    await outbox.publish(
        session,
        MeasurePublished(
            measure_id=measure.id,
            policy_id=policy.id,
            policy_title=policy.title,
            document_number=policy.document_number,
            issuing_body=policy.issuing_body,
            title=measure.title,
            reward_type=measure.reward_type,
            amount_wan=measure.amount_wan,
            summary=measure.amount_text,
            industries=policy.industries,
            districts=policy.districts,
            opens_on=measure.opens_on,
            closes_on=measure.closes_on,
            payload_version=measure.version,
        ),
        subject=str(measure.id),
    )
    return measure


async def withdraw_measure(session: AsyncSession, measure_id: uuid.UUID) -> Measure:
    measure = await get_measure(session, measure_id, lock=True)
    if measure.status != "published":
        raise InvalidTransition("只有已发布的措施可以撤回", code="measure_not_published")
    measure.status, measure.version = "withdrawn", measure.version + 1
    await session.flush()
    await outbox.publish(
        session,
        MeasureWithdrawn(
            measure_id=measure.id, policy_id=measure.policy_id, payload_version=measure.version
        ),
        subject=str(measure.id),
    )
    return measure


async def active_measures(session: AsyncSession, today: date) -> list[tuple[Measure, Policy]]:
    """Published measures of policies in force today (windows are checked per measure)."""
    rows = await session.execute(
        select(Measure, Policy)
        .join(Policy, Policy.id == Measure.policy_id)
        .where(Measure.status == "published", in_force(today))
    )
    return [(m, p) for m, p in rows.all()]


# Parsed trees by (measure, version): a measure's condition never changes once saved, and the
# calculator would otherwise re-validate every tree (catalogue lookups included) per request.
_PARSED: dict[tuple[uuid.UUID, int], Condition] = {}


def condition_of(measure: Measure) -> Condition:
    key = (measure.id, measure.version)
    parsed = _PARSED.get(key)
    if parsed is None:
        if len(_PARSED) >= 10_000:
            _PARSED.clear()
        parsed = ConditionDocument.model_validate({"condition": measure.condition}).condition
        _PARSED[key] = parsed
    return parsed
