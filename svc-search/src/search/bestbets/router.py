from __future__ import annotations

from fastapi import APIRouter, Query

from govkit.db import DbSession
from search.bestbets import service
from search.bestbets.schemas import BestBetIn, BestBetOut
from search.deps import Editor
from search.text.analysis import normalize

router = APIRouter(prefix="/best-bets", tags=["置顶推荐"])


@router.get("", response_model=list[BestBetOut], summary="置顶推荐列表（编辑）")
async def list_bets(
    session: DbSession,
    editor: Editor,
    query: str | None = Query(None, max_length=100),
    site: str | None = Query(None, max_length=64),
) -> list[BestBetOut]:
    bets = await service.list_for(session, normalize(query) if query else None, site)
    return [BestBetOut.model_validate(b) for b in bets]


@router.post("", response_model=BestBetOut, status_code=201, summary="为查询置顶文档（编辑）")
async def create_bet(body: BestBetIn, session: DbSession, editor: Editor) -> BestBetOut:
    return BestBetOut.model_validate(await service.create(session, body, editor))


@router.delete("/{bet_id}", status_code=204, summary="取消置顶（编辑）")
async def delete_bet(bet_id: int, session: DbSession, editor: Editor) -> None:
    await service.delete(session, bet_id, editor)
