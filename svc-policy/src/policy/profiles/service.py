"""Enterprise profiles: an enterprise edits its own; policy officers read all. The size class
is recomputed from the 2017 thresholds on every save."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.errors import Forbidden, NotFound
from policy.industry.sizes import classify
from policy.profiles.models import EnterpriseProfile
from policy.profiles.schemas import ProfileFacts, ProfileIn


def derived_size(facts: ProfileFacts) -> str | None:
    if facts.industry_code is None:
        return None
    result = classify(
        facts.industry_code,
        employees=facts.employees,
        revenue_wan=facts.revenue_wan,
        total_assets_wan=facts.total_assets_wan,
    )
    return result.size.value if result.size else None


def own_credit_code(identity: Identity) -> str:
    if identity.kind != "enterprise" or not identity.credit_code:
        raise Forbidden("只有企业账号可以维护企业画像", code="not_an_enterprise")
    return identity.credit_code


async def save_profile(
    session: AsyncSession, identity: Identity, data: ProfileIn
) -> EnterpriseProfile:
    credit_code = own_credit_code(identity)
    profile = await session.get(EnterpriseProfile, credit_code, with_for_update=True)
    values = {**data.model_dump(), "size_class": derived_size(data), "owner": identity.subject}
    if profile is None:
        profile = EnterpriseProfile(credit_code=credit_code, **values)
        session.add(profile)
    else:
        for key, value in values.items():
            setattr(profile, key, value)
    await session.flush()
    await session.refresh(profile)
    return profile


async def get_profile(
    session: AsyncSession, identity: Identity, credit_code: str
) -> EnterpriseProfile:
    own = identity.kind == "enterprise" and identity.credit_code == credit_code
    if not own and not (identity.has_role("policy_officer") or identity.is_platform_admin):
        raise Forbidden("无权查看其他企业的画像", code="not_your_profile")
    profile = await session.get(EnterpriseProfile, credit_code)
    if profile is None:
        raise NotFound("企业画像不存在", code="profile_not_found")
    return profile


def facts_of(profile: EnterpriseProfile) -> dict[str, object]:
    fields = ProfileFacts.model_fields
    return {name: getattr(profile, name) for name in fields} | {"size_class": profile.size_class}
