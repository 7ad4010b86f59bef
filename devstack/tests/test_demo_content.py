"""The demo content loads through svc-content's own rules: every kind present, everything
published, interpretations linked to their documents, disclosure items numbered."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from content.items.models import Item, ItemLink
from content.participation.models import (
    InterviewQuestion,
    SolicitationComment,
    SolicitationFeedback,
    SurveyQuestion,
    SurveyResponse,
)
from content.sites.schemas import SiteIn
from content.sites.service import upsert_site
from devstack.demo.content_loader import load_content
from devstack.demo.sites import DEMO_SITES
from govkit.contracts import ItemKind
from govkit.db import Database

MIGRATIONS = Path(__file__).parents[2] / "svc-content" / "migrations"


async def test_demo_content_covers_every_kind_and_is_published(fresh_database):
    db = Database(await fresh_database("content", MIGRATIONS), pool_size=2)
    try:
        async with db.transaction() as session:
            for code, name in DEMO_SITES:
                await upsert_site(session, SiteIn(code=code, name=name))
            loaded = await load_content(session)
        async with db.transaction() as session:
            kinds = Counter((await session.scalars(select(Item.kind).where(Item.live))).all())
            assert set(kinds) == {k.value for k in ItemKind}
            assert sum(kinds.values()) == loaded >= 200
            assert kinds["qa"] >= 50  # from the real 12345 messages with replies
            unnumbered = await session.scalar(
                select(func.count()).where(
                    Item.kind.in_(["policy_document", "disclosure"]), Item.index_number.is_(None)
                )
            )
            assert unnumbered == 0
            interprets = await session.scalar(
                select(func.count()).where(ItemLink.kind == "interprets")
            )
            assert interprets >= 10
            # 政民互动 looks real: every survey has questions and answers, a closed
            # solicitation its 采纳情况 and public comments, an ended interview its Q&A.
            surveys = (await session.scalars(select(Item.id).where(Item.kind == "survey"))).all()
            for survey_id in surveys:
                assert await session.scalar(
                    select(func.count()).where(SurveyQuestion.item_id == survey_id)
                )
                assert await session.scalar(
                    select(func.count()).where(SurveyResponse.item_id == survey_id)
                )
            assert await session.scalar(select(func.count()).select_from(SolicitationFeedback))
            assert await session.scalar(
                select(func.count()).where(SolicitationComment.state == "approved")
            )
            assert await session.scalar(
                select(func.count()).where(InterviewQuestion.state == "answered")
            )
    finally:
        await db.dispose()
