from __future__ import annotations

import uuid

from fastapi import APIRouter

from govkit.db import DbSession
from govkit.errors import NotFound
from policy.links import service
from policy.links.schemas import ItemPoliciesOut, ItemPolicyOut

router = APIRouter(tags=["政策库"])


@router.get(
    "/content-items/{item_id}/policies",
    response_model=ItemPoliciesOut,
    summary="内容库信息所属的政策（原文、解读、答问或办事服务）",
)
async def policies_of_item(item_id: uuid.UUID, session: DbSession) -> ItemPoliciesOut:
    found = await service.policies_of_item(session, item_id)
    if not found:
        raise NotFound("该信息未关联任何政策", code="item_not_linked")
    return ItemPoliciesOut(
        item_id=item_id,
        policies=[
            ItemPolicyOut(
                policy_id=policy.id,
                title=policy.title,
                document_number=policy.document_number,
                status=policy.status,
                relation=relation,
            )
            for policy, relation in found
        ],
    )
