"""The unit tree as this service knows it: a mirror of the gateway's organisations."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import OrgRemoved, OrgUpserted
from govkit.errors import ValidationFailed
from tickets.units.models import Unit


async def apply_upserted(session: AsyncSession, org: OrgUpserted) -> None:
    values = {
        "org_id": org.org_id,
        "name": org.name,
        "kind": org.kind,
        "parent_code": org.parent_code,
        "path": list(org.path),
        "active": True,
    }
    stmt = insert(Unit).values(code=org.code, **values)
    await session.execute(stmt.on_conflict_do_update(index_elements=[Unit.code], set_=values))


async def apply_removed(session: AsyncSession, org: OrgRemoved) -> None:
    # Kept, not deleted: old tickets still name the unit that handled them.
    await session.execute(update(Unit).where(Unit.code == org.code).values(active=False))


async def active_unit(session: AsyncSession, code: str) -> Unit:
    """A unit a ticket can be given to: known and not removed (a 422 otherwise, since the
    code came in the request body)."""
    unit = await session.get(Unit, code)
    if unit is None or not unit.active:
        raise ValidationFailed(f"承办单位 {code} 不存在或已撤销", code="unknown_unit")
    return unit


async def list_units(session: AsyncSession, parent_code: str | None) -> list[Unit]:
    stmt = select(Unit).where(Unit.active.is_(True))
    stmt = stmt.where(
        Unit.parent_code.is_(None) if parent_code is None else Unit.parent_code == parent_code
    )
    return list((await session.scalars(stmt.order_by(Unit.code))).all())


async def names_of(session: AsyncSession, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = await session.execute(select(Unit.code, Unit.name).where(Unit.code.in_(codes)))
    return {code: name for code, name in rows.all()}
