"""Editors pin documents on top of the results of a query (best bets)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.errors import Conflict, Forbidden, NotFound
from search import messages
from search.bestbets.models import BestBet
from search.bestbets.schemas import BestBetIn
from search.documents.models import SearchDocument
from search.engine.base import SearchDoc


def ensure_may_pin(identity: Identity, site: str) -> None:
    if not site:
        if not identity.is_platform_admin:
            raise Forbidden(messages.ALL_SITES_NEEDS_ADMIN, code="outside_scope")
        return
    identity.ensure_site(site, "site_editor")


async def create(session: AsyncSession, body: BestBetIn, identity: Identity) -> BestBet:
    ensure_may_pin(identity, body.site)
    doc = await session.get(SearchDocument, body.doc_id)
    if doc is None or doc.deleted:
        raise NotFound(messages.DOCUMENT_NOT_FOUND, code="document_not_found")
    bet = BestBet(**body.model_dump(), created_by=identity.subject)
    session.add(bet)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("该文档已置顶在此查询上", code="best_bet_exists") from None
    await session.refresh(bet)
    return bet


async def delete(session: AsyncSession, bet_id: int, identity: Identity) -> None:
    bet = await session.get(BestBet, bet_id)
    if bet is None:
        raise NotFound(messages.BEST_BET_NOT_FOUND, code="best_bet_not_found")
    ensure_may_pin(identity, bet.site)
    await session.delete(bet)


async def list_for(session: AsyncSession, query: str | None, site: str | None) -> list[BestBet]:
    stmt = select(BestBet).order_by(BestBet.query, BestBet.position, BestBet.id).limit(500)
    if query:
        stmt = stmt.where(BestBet.query == query)
    if site is not None:
        stmt = stmt.where(BestBet.site == site)
    return list((await session.scalars(stmt)).all())


async def pinned_for(session: AsyncSession, query: str, site: str | None) -> list[SearchDoc]:
    """The live documents pinned for this (normalised) query on this site or on all sites."""
    sites = ["", site] if site else [""]
    rows = await session.execute(
        select(SearchDocument.doc)
        .join(BestBet, BestBet.doc_id == SearchDocument.doc_id)
        .where(BestBet.query == query, BestBet.site.in_(sites), SearchDocument.deleted.is_(False))
        .order_by(BestBet.position, BestBet.id)
    )
    seen: dict[str, SearchDoc] = {}
    for (doc,) in rows.all():
        if doc:
            seen.setdefault(doc["id"], SearchDoc.from_json(doc))
    return list(seen.values())
