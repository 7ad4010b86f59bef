"""Editors pin documents on top of the results of a query (best bets)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.errors import Conflict, Forbidden, NotFound
from search import messages
from search.bestbets.models import BestBet
from search.bestbets.schemas import BestBetIn
from search.cache import BEST_BETS, mark_changed
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
    mark_changed(session, BEST_BETS)
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
    mark_changed(session, BEST_BETS)


async def list_for(session: AsyncSession, query: str | None, site: str | None) -> list[BestBet]:
    stmt = select(BestBet).order_by(BestBet.query, BestBet.position, BestBet.id).limit(500)
    if query:
        stmt = stmt.where(BestBet.query == query)
    if site is not None:
        stmt = stmt.where(BestBet.site == site)
    return list((await session.scalars(stmt)).all())


@dataclass(frozen=True)
class Pin:
    query: str
    site: str
    position: int
    id: int
    doc: SearchDoc


async def load_pins(session: AsyncSession) -> dict[str, list[Pin]]:
    """Every live pinned document by query, in pinning order (kept in a `Snapshot`)."""
    rows = await session.execute(
        select(BestBet.query, BestBet.site, BestBet.position, BestBet.id, SearchDocument.doc)
        .join(SearchDocument, BestBet.doc_id == SearchDocument.doc_id)
        .where(SearchDocument.deleted.is_(False))
        .order_by(BestBet.position, BestBet.id)
    )
    pins: dict[str, list[Pin]] = {}
    for query, site, position, bet_id, doc in rows.all():
        if doc:
            pins.setdefault(query, []).append(
                Pin(query, site, position, bet_id, SearchDoc.from_json(doc))
            )
    return pins


def pinned_for(pins: dict[str, list[Pin]], query: str, site: str | None) -> list[SearchDoc]:
    """The live documents pinned for this (normalised) query on this site or on all sites."""
    sites = {"", site} if site else {""}
    seen: dict[str, SearchDoc] = {}
    for pin in pins.get(query, []):
        if pin.site in sites:
            seen.setdefault(pin.doc.id, pin.doc)
    return list(seen.values())
