"""Editors' synonym groups. Queries are expanded at search time, so a change applies to the
next query on every engine without reindexing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.errors import NotFound
from search import messages
from search.cache import SYNONYMS, mark_changed
from search.synonyms.models import SynonymGroup
from search.synonyms.schemas import SynonymGroupIn


async def list_groups(session: AsyncSession) -> list[SynonymGroup]:
    return list((await session.scalars(select(SynonymGroup).order_by(SynonymGroup.id))).all())


async def create_group(session: AsyncSession, body: SynonymGroupIn, actor: str) -> SynonymGroup:
    group = SynonymGroup(terms=body.terms, updated_by=actor)
    session.add(group)
    mark_changed(session, SYNONYMS)
    await session.flush()
    await session.refresh(group)
    return group


async def replace_group(
    session: AsyncSession, group_id: int, body: SynonymGroupIn, actor: str
) -> SynonymGroup:
    group = await session.get(SynonymGroup, group_id)
    if group is None:
        raise NotFound(messages.SYNONYM_NOT_FOUND, code="synonym_group_not_found")
    group.terms, group.updated_by = body.terms, actor
    mark_changed(session, SYNONYMS)
    await session.flush()
    await session.refresh(group)
    return group


async def delete_group(session: AsyncSession, group_id: int) -> None:
    group = await session.get(SynonymGroup, group_id)
    if group is None:
        raise NotFound(messages.SYNONYM_NOT_FOUND, code="synonym_group_not_found")
    await session.delete(group)
    mark_changed(session, SYNONYMS)


def expansion_map(groups: list[list[str]]) -> dict[str, list[str]]:
    """word → its equivalents (itself first); a word in two groups gets both."""
    out: dict[str, list[str]] = {}
    for terms in groups:
        for term in terms:
            bucket = out.setdefault(term, [term])
            bucket.extend(t for t in terms if t not in bucket)
    return out
