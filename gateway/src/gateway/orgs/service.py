"""The unit tree. Paths are materialised (`city/xc/xc-dj/`): subtree = prefix scan on an
index with text_pattern_ops; ancestors = the codes in the path, fetched in one query."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import messages
from gateway.audit.service import record
from gateway.events import outbox
from gateway.orgs.models import Org
from gateway.orgs.schemas import OrgIn, OrgUpdate
from gateway.users.models import User
from govkit.contracts import OrgRemoved, OrgUpserted
from govkit.errors import Conflict, NotFound
from govkit.pagination import PageParams, paginate

# Tree writes are rare and must not interleave (two crossed moves would make a cycle): they
# take one transaction-scoped advisory lock.
TREE_LOCK = 0x6F7267  # "org"


async def lock_tree(session: AsyncSession) -> None:
    await session.execute(select(func.pg_advisory_xact_lock(TREE_LOCK)))


async def get_org(session: AsyncSession, code: str) -> Org:
    org = await session.scalar(select(Org).where(Org.code == code))
    if org is None:
        raise NotFound(messages.ORG_NOT_FOUND.format(code=code), code="org_not_found")
    return org


async def _publish(session: AsyncSession, org: Org, parent_code: str | None) -> None:
    await outbox.publish(
        session,
        OrgUpserted(
            org_id=org.id,
            code=org.code,
            name=org.name,
            kind=org.kind,
            parent_code=parent_code,
            path=org.path_codes,
            payload_version=org.version,
        ),
        subject=str(org.id),
    )


async def create_org(session: AsyncSession, data: OrgIn, *, actor: str) -> Org:
    await lock_tree(session)
    if await session.scalar(select(Org.id).where(Org.code == data.code)):
        raise Conflict(messages.ORG_CODE_TAKEN.format(code=data.code), code="org_code_taken")
    parent = await get_org(session, data.parent_code) if data.parent_code else None
    org = Org(
        code=data.code,
        name=data.name,
        kind=data.kind.value,
        parent_id=parent.id if parent else None,
        path=(parent.path if parent else "") + data.code + "/",
        depth=(parent.depth + 1) if parent else 0,
        sort_order=data.sort_order,
        version=1,
    )
    session.add(org)
    await session.flush()
    await _publish(session, org, data.parent_code)
    await record(
        session,
        actor=actor,
        action="org.created",
        target_type="org",
        target_id=org.code,
        changes=data.model_dump(mode="json"),
    )
    return org


async def update_org(session: AsyncSession, code: str, data: OrgUpdate, *, actor: str) -> Org:
    await lock_tree(session)
    org = await get_org(session, code)
    changes = data.model_dump(mode="json", exclude_unset=True)
    parent_code = org.path_codes[-2] if org.depth > 0 else None
    if data.name is not None:
        org.name = data.name
    if data.kind is not None:
        org.kind = data.kind.value
    if data.sort_order is not None:
        org.sort_order = data.sort_order
    if data.parent_code is not None and data.parent_code != parent_code:
        await _move(session, org, await get_org(session, data.parent_code))
        parent_code = data.parent_code
    org.version += 1
    await session.flush()
    await _publish(session, org, parent_code)
    if data.parent_code is not None:
        await _republish_descendants(session, org)
    await record(
        session,
        actor=actor,
        action="org.updated",
        target_type="org",
        target_id=code,
        changes=changes,
    )
    return org


async def _move(session: AsyncSession, org: Org, new_parent: Org) -> None:
    if new_parent.path.startswith(org.path):
        raise Conflict(messages.ORG_CYCLE, code="org_cycle")
    old_path, new_path = org.path, new_parent.path + org.code + "/"
    depth_shift = new_parent.depth + 1 - org.depth
    # One statement re-roots the whole subtree (the org itself included).
    await session.execute(
        update(Org)
        .where(Org.path.startswith(old_path))
        .values(
            path=func.concat(new_path, func.substr(Org.path, len(old_path) + 1)),
            depth=Org.depth + depth_shift,
        )
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Org)
        .where(Org.id == org.id)
        .values(parent_id=new_parent.id)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(org)


async def _republish_descendants(session: AsyncSession, org: Org) -> None:
    """A move changes every descendant's path: services scoping by path must hear of it."""
    rows = await session.scalars(
        select(Org).where(Org.path.startswith(org.path), Org.id != org.id).order_by(Org.path)
    )
    for child in rows:
        child.version += 1
        await session.flush()
        await _publish(session, child, child.path_codes[-2])


async def remove_org(session: AsyncSession, code: str, *, actor: str) -> None:
    await lock_tree(session)
    org = await get_org(session, code)
    if await session.scalar(select(Org.id).where(Org.parent_id == org.id).limit(1)):
        raise Conflict(messages.ORG_HAS_CHILDREN, code="org_has_children")
    if await session.scalar(select(User.id).where(User.org_id == org.id).limit(1)):
        raise Conflict(messages.ORG_HAS_USERS, code="org_has_users")
    await outbox.publish(
        session,
        OrgRemoved(org_id=org.id, code=org.code, payload_version=org.version + 1),
        subject=str(org.id),
    )
    await session.delete(org)
    await record(session, actor=actor, action="org.removed", target_type="org", target_id=code)


async def subtree(
    session: AsyncSession, code: str, params: PageParams, *, max_depth: int | None = None
) -> tuple[list[Org], str | None]:
    """The org and everything below it, in tree (path) order, paged."""
    root = await get_org(session, code)
    stmt = select(Org).where(Org.path.startswith(root.path))
    if max_depth is not None:
        stmt = stmt.where(Org.depth <= root.depth + max_depth)
    return await paginate(
        session, stmt, keys=[Org.path], params=params, descending=False, key_of=lambda o: [o.path]
    )


async def ancestors(session: AsyncSession, code: str) -> list[Org]:
    """From the root down to the org itself."""
    org = await get_org(session, code)
    rows = await session.scalars(select(Org).where(Org.code.in_(org.path_codes)))
    return sorted(rows, key=lambda o: o.depth)


async def roots(session: AsyncSession) -> list[Org]:
    return list(await session.scalars(select(Org).where(Org.depth == 0).order_by(Org.sort_order)))


async def is_within(session: AsyncSession, code: str, ancestor_code: str) -> bool:
    """Whether `code` lies in the subtree of `ancestor_code` (itself included)."""
    org = await get_org(session, code)
    return ancestor_code in org.path_codes
