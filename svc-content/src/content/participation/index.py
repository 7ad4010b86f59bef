"""政民互动 index: a site's live solicitations, surveys and interviews, each with its window
and whether it is still open, newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.items.models import Edition, Item
from content.participation.interview import interview_status
from content.participation.models import InterviewClosure
from content.participation.schemas import ParticipationEntry, ParticipationIndex
from content.participation.service import instant, window, window_status
from content.sites.service import get_site
from govkit.contracts import ItemKind
from govkit.web_paths import participation_path

PER_KIND = 20
KINDS = (ItemKind.solicitation, ItemKind.survey, ItemKind.interview)


async def site_index(
    session: AsyncSession, site_code: str, now: datetime | None = None
) -> ParticipationIndex:
    now = now or datetime.now(UTC)
    site = await get_site(session, site_code)
    entries: dict[str, list[ParticipationEntry]] = {}
    for kind in KINDS:
        rows = await session.execute(
            select(Item, Edition.fields, InterviewClosure)
            .join(Edition, and_(Edition.item_id == Item.id, Edition.number == Item.live_edition))
            .outerjoin(InterviewClosure, InterviewClosure.item_id == Item.id)
            .where(Item.site_id == site.id, Item.live.is_(True), Item.kind == kind.value)
            .order_by(Item.published_at.desc(), Item.id.desc())
            .limit(PER_KIND)
        )
        found: list[ParticipationEntry] = []
        for item, fields, closure in rows:
            fields = fields or {}
            if kind is ItemKind.interview:
                opens = instant(fields["starts_at"])
                closes = closure.closed_at if closure else None
                status = interview_status(opens, closure, now)
            else:
                opens, closes = window(fields)
                status = window_status(fields, now)
            found.append(
                ParticipationEntry(
                    id=item.id,
                    kind=kind.value,  # type: ignore[arg-type]
                    title=item.title,
                    url=participation_path(site.code, kind.value, item.id),
                    published_at=item.published_at,
                    opens_at=opens,
                    closes_at=closes,
                    status=status,  # type: ignore[arg-type]
                )
            )
        entries[kind.value] = found
    return ParticipationIndex(
        solicitations=entries["solicitation"],
        surveys=entries["survey"],
        interviews=entries["interview"],
    )
