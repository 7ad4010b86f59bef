from __future__ import annotations

from fastapi import APIRouter

from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from policy.profiles import service
from policy.profiles.schemas import ProfileIn, ProfileOut

router = APIRouter(prefix="/profiles", tags=["企业画像"])


@router.put("/me", response_model=ProfileOut, summary="维护本企业画像")
async def save_mine(body: ProfileIn, identity: CurrentIdentity, session: DbSession) -> ProfileOut:
    return ProfileOut.model_validate(await service.save_profile(session, identity, body))


@router.get("/me", response_model=ProfileOut, summary="本企业画像")
async def get_mine(identity: CurrentIdentity, session: DbSession) -> ProfileOut:
    code = service.own_credit_code(identity)
    return ProfileOut.model_validate(await service.get_profile(session, identity, code))


@router.get("/{credit_code}", response_model=ProfileOut, summary="企业画像（本企业或政策专员）")
async def get_one(credit_code: str, identity: CurrentIdentity, session: DbSession) -> ProfileOut:
    return ProfileOut.model_validate(await service.get_profile(session, identity, credit_code))
