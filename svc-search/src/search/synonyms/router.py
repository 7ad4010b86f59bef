from __future__ import annotations

from fastapi import APIRouter

from govkit.db import DbSession
from search.deps import Editor
from search.synonyms import service
from search.synonyms.schemas import SynonymGroupIn, SynonymGroupOut

router = APIRouter(prefix="/synonyms", tags=["同义词"])


@router.get("", response_model=list[SynonymGroupOut], summary="同义词组")
async def list_groups(session: DbSession) -> list[SynonymGroupOut]:
    return [SynonymGroupOut.model_validate(g) for g in await service.list_groups(session)]


@router.post("", response_model=SynonymGroupOut, status_code=201, summary="新增同义词组（编辑）")
async def create_group(body: SynonymGroupIn, session: DbSession, editor: Editor) -> SynonymGroupOut:
    group = await service.create_group(session, body, editor.subject)
    return SynonymGroupOut.model_validate(group)


@router.put("/{group_id}", response_model=SynonymGroupOut, summary="修改同义词组（编辑）")
async def replace_group(
    group_id: int, body: SynonymGroupIn, session: DbSession, editor: Editor
) -> SynonymGroupOut:
    group = await service.replace_group(session, group_id, body, editor.subject)
    return SynonymGroupOut.model_validate(group)


@router.delete("/{group_id}", status_code=204, summary="删除同义词组（编辑）")
async def delete_group(group_id: int, session: DbSession, editor: Editor) -> None:
    await service.delete_group(session, group_id)
