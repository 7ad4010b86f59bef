"""Submission and review: what an edition must have before review, and who may decide."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.items import workflow
from content.items.editing import lock_item, require_working_edition
from content.items.kinds import DISCLOSURE_LABELS, REQUIRED_DISCLOSURE
from content.items.models import Edition
from content.monitoring.words import word_findings
from content.tags.models import Tag
from content.tags.vocabulary import FACET_LABELS
from govkit.auth import Identity
from govkit.contracts import ItemKind
from govkit.errors import Forbidden, ValidationFailed


async def _missing_facets(
    session: AsyncSession, edition: Edition, required: tuple[str, ...]
) -> list[str]:
    facets = set(
        (await session.scalars(select(Tag.facet).where(Tag.code.in_(edition.tag_codes)))).all()
    )
    return [f for f in required if f not in facets]


async def submit(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    *,
    required_facets: tuple[str, ...],
    confirm_findings: bool = False,
) -> Edition:
    item, _ = await lock_item(session, actor, item_id, "site_editor")
    edition = await require_working_edition(session, item)
    workflow.next_state(edition.state, "submit")  # refuse early from the wrong state

    problems: list[str] = []
    if not edition.topic:
        problems.append("未选择主题分类")
    missing = await _missing_facets(session, edition, required_facets)
    if missing:
        problems.append("缺少以下分面的标签：" + "、".join(FACET_LABELS[f] for f in missing))
    for name in REQUIRED_DISCLOSURE.get(ItemKind(item.kind), ()):
        if getattr(edition, name) in (None, ""):
            problems.append(f"缺少公开要素：{DISCLOSURE_LABELS[name]}")
    if problems:
        raise ValidationFailed(
            "提交审核前须完成归类和打标：" + "；".join(problems),
            code="not_ready_for_review",
            extra={"problems": problems},
        )

    findings = await word_findings(
        session, f"{edition.title}\n{edition.summary}\n{edition.body_text}"
    )
    blocking = [f for f in findings if f["kind"] == "sensitive"]
    if blocking or (findings and not confirm_findings):
        edition.findings = findings
        raise ValidationFailed(
            "内容检测发现问题："
            + "；".join(
                f"{f['word']}" + (f"→{f['suggestion']}" if f.get("suggestion") else "")
                for f in findings[:10]
            )
            + (
                "（敏感词须修改后再提交）"
                if blocking
                else "（确认无误可带 confirm_findings 重新提交）"
            ),
            code="content_check_failed",
            extra={"findings": findings},
        )
    edition.findings = findings
    before, after = workflow.apply(edition, "submit")
    edition.submitted_by = actor.subject
    edition.return_reason = None
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="submit",
        from_state=before,
        to_state=after,
        edition=edition.number,
        confirmed_findings=[f["word"] for f in findings] or None,
    )
    return edition


async def approve(session: AsyncSession, actor: Identity, item_id: uuid.UUID) -> Edition:
    item, _ = await lock_item(session, actor, item_id, "site_reviewer")
    edition = await require_working_edition(session, item)
    workflow.next_state(edition.state, "approve")
    if edition.submitted_by == actor.subject and not actor.is_platform_admin:
        # 采审分离: whoever submitted an edition may not also approve it.
        raise Forbidden("不能审核自己提交的信息", code="self_review")
    before, after = workflow.apply(edition, "approve")
    edition.reviewed_by = actor.subject
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="approve",
        from_state=before,
        to_state=after,
        edition=edition.number,
    )
    return edition


async def return_edition(
    session: AsyncSession, actor: Identity, item_id: uuid.UUID, reason: str
) -> Edition:
    item, _ = await lock_item(session, actor, item_id, "site_reviewer")
    edition = await require_working_edition(session, item)
    before, after = workflow.apply(edition, "return")
    edition.reviewed_by = actor.subject
    edition.return_reason = reason
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="return",
        from_state=before,
        to_state=after,
        edition=edition.number,
        reason=reason,
    )
    return edition
