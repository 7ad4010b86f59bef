"""The city's districts, mirrored from the gateway's unit tree, and the one place that turns
what a person typed (新城区, or the code xc) into the code conditions compare with."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import OrgRemoved, OrgUpserted
from govkit.errors import ValidationFailed
from policy.districts.models import District

DISTRICT_KIND = "district"


async def apply_upserted(session: AsyncSession, org: OrgUpserted) -> None:
    if org.kind != DISTRICT_KIND:
        return
    values = {"name": org.name, "active": True, "payload_version": org.payload_version}
    stmt = insert(District).values(code=org.code, **values)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[District.code],
            set_=values,
            where=District.payload_version <= org.payload_version,
        )
    )


async def apply_removed(session: AsyncSession, org: OrgRemoved) -> None:
    await session.execute(update(District).where(District.code == org.code).values(active=False))


async def list_districts(session: AsyncSession) -> list[District]:
    return list(
        await session.scalars(select(District).where(District.active).order_by(District.code))
    )


async def names_of(session: AsyncSession) -> dict[str, str]:
    """Every known district's name by code (removed ones too: old conditions still name them)."""
    return dict((await session.execute(select(District.code, District.name))).all())


async def resolve(session: AsyncSession, given: str, *, field: str = "district") -> str:
    """The code of the district `given` names, by name or by code; a 422 naming the field and
    the allowed names otherwise (a district nobody knows would silently match nothing)."""
    text = given.strip()
    known = await list_districts(session)
    for district in known:
        if text in (district.code, district.name):
            return district.code
    allowed = "、".join(d.name for d in known) or "（暂无）"
    message = f"未知的区县“{text}”，可选：{allowed}"
    raise ValidationFailed(
        message,
        code="unknown_district",
        extra={"errors": [_field_error(field, message)]},
    )


def _field_error(field: str, message: str) -> dict[str, str]:
    return {"field": field, "in": "body", "code": "unknown_district", "message": message}
