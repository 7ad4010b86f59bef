"""Accounts: creation, citizen/enterprise registration, role grants, password changes.
Every change is audited and published as `identity.user.upserted` (without personal data)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from gateway import messages
from gateway.audit.service import record
from gateway.events import outbox
from gateway.orgs.models import Org
from gateway.orgs.service import get_org
from gateway.tokens.service import revoke_all
from gateway.users.models import Role, RoleGrant, User, UserKind
from gateway.users.passwords import hash_password, verify_password
from gateway.users.schemas import (
    CitizenRegistration,
    EnterpriseRegistration,
    GrantIn,
    OwnUpdate,
    PasswordChange,
    UserIn,
    UserOut,
    UserUpdate,
)
from govkit.contracts import RoleClaim, UserDeactivated, UserUpserted
from govkit.errors import Conflict, NotFound, ValidationFailed
from govkit.pagination import PageParams, paginate

# Which scopes each role may be granted in.
ROLE_SCOPES: dict[Role, tuple[str, ...]] = {
    Role.PLATFORM_ADMIN: ("*",),
    Role.SITE_EDITOR: ("site",),
    Role.SITE_REVIEWER: ("site",),
    Role.DISPATCHER: ("*", "org"),
    Role.UNIT_HANDLER: ("org",),
    Role.UNIT_SUPERVISOR: ("*", "org"),
    Role.POLICY_OFFICER: ("*", "org"),
    Role.ENTERPRISE: ("*",),
    Role.CITIZEN: ("*",),
}
_SCOPE_WORDS = {"*": "全平台（*）", "site": "站点（site:代码）", "org": "组织机构（org:代码）"}


async def get_user(
    session: AsyncSession, user_id: uuid.UUID | str, *, for_update: bool = False
) -> User:
    try:
        key = user_id if isinstance(user_id, uuid.UUID) else uuid.UUID(user_id)
    except ValueError as exc:
        raise NotFound(messages.USER_NOT_FOUND, code="user_not_found") from exc
    stmt = select(User).where(User.id == key).options(selectinload(User.grants))
    # Writers lock the row: two concurrent edits must not publish the same payload_version.
    user = await session.scalar(stmt.with_for_update() if for_update else stmt)
    if user is None:
        raise NotFound(messages.USER_NOT_FOUND, code="user_not_found")
    return user


async def find_by_username(session: AsyncSession, username: str) -> User | None:
    return await session.scalar(
        select(User).where(User.username == username).options(selectinload(User.grants))
    )


async def _check_grants(session: AsyncSession, grants: list[GrantIn]) -> None:
    for grant in grants:
        kind = grant.scope.split(":", 1)[0]
        allowed = ROLE_SCOPES[grant.role]
        if kind not in allowed:
            expected = " 或 ".join(_SCOPE_WORDS[a] for a in allowed)
            raise ValidationFailed(
                messages.ROLE_SCOPE_INVALID.format(role=grant.role.value, expected=expected),
                code="role_scope_invalid",
            )
        if kind == "org":
            await get_org(session, grant.scope.split(":", 1)[1])


async def _org_code(session: AsyncSession, org_id: uuid.UUID | None) -> str | None:
    if org_id is None:
        return None
    return await session.scalar(select(Org.code).where(Org.id == org_id))


async def to_out(session: AsyncSession, user: User) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        kind=user.kind,
        org_code=await _org_code(session, user.org_id),
        credit_code=user.credit_code,
        active=user.active,
        locked_until=user.locked_until,
        grants=[{"role": g.role, "scope": g.scope} for g in user.grants],  # type: ignore[misc]
    )


async def _publish(session: AsyncSession, user: User) -> None:
    # Only staff are mirrored by services (to scope their work); citizens' and enterprises'
    # names are personal data that no other service needs.
    if user.kind != UserKind.STAFF:
        return
    await outbox.publish(
        session,
        UserUpserted(
            user_id=user.id,
            username=user.username,
            kind=user.kind,
            display_name=user.display_name,
            org_code=await _org_code(session, user.org_id),
            roles=[RoleClaim(role=g.role, scope=g.scope) for g in user.grants],
            active=user.active,
            payload_version=user.version,
        ),
        subject=str(user.id),
    )


async def _insert(
    session: AsyncSession,
    *,
    username: str,
    display_name: str,
    kind: UserKind,
    password: str,
    org: Org | None,
    credit_code: str | None,
    grants: list[GrantIn],
    actor: str,
) -> User:
    if await session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(messages.USERNAME_TAKEN.format(username=username), code="username_taken")
    if credit_code and await session.scalar(select(User.id).where(User.credit_code == credit_code)):
        raise Conflict("该统一社会信用代码已注册", code="credit_code_taken")
    user = User(
        username=username,
        display_name=display_name,
        kind=kind.value,
        org_id=org.id if org else None,
        credit_code=credit_code,
        password_hash=await hash_password(password),
        active=True,
        failed_logins=0,
        version=1,
        grants=[RoleGrant(role=g.role.value, scope=g.scope) for g in grants],
    )
    session.add(user)
    await session.flush()
    await _publish(session, user)
    await record(
        session,
        actor=actor,
        action="user.created",
        target_type="user",
        target_id=str(user.id),
        changes={
            "username": username,
            "kind": kind.value,
            "org": org.code if org else None,
            "grants": [g.model_dump(mode="json") for g in grants],
        },
    )
    return user


async def create_user(session: AsyncSession, data: UserIn, *, actor: str) -> User:
    await _check_grants(session, data.grants)
    org = await get_org(session, data.org_code) if data.org_code else None
    return await _insert(
        session,
        username=data.username,
        display_name=data.display_name,
        kind=data.kind,
        password=data.password,
        org=org,
        credit_code=data.credit_code,
        grants=data.grants,
        actor=actor,
    )


async def register(
    session: AsyncSession, data: CitizenRegistration | EnterpriseRegistration
) -> User:
    """Self-registration: citizens, and enterprises with a valid credit code."""
    is_enterprise = isinstance(data, EnterpriseRegistration)
    kind = UserKind.ENTERPRISE if is_enterprise else UserKind.CITIZEN
    role = Role.ENTERPRISE if is_enterprise else Role.CITIZEN
    return await _insert(
        session,
        username=data.username,
        display_name=data.display_name,
        kind=kind,
        password=data.password,
        org=None,
        credit_code=data.credit_code if isinstance(data, EnterpriseRegistration) else None,
        grants=[GrantIn(role=role, scope="*")],
        actor="self-registration",
    )


async def update_user(
    session: AsyncSession, user_id: uuid.UUID, data: UserUpdate, *, actor: str
) -> User:
    user = await get_user(session, user_id, for_update=True)
    changes = data.model_dump(mode="json", exclude_unset=True)
    if data.display_name is not None:
        user.display_name = data.display_name
    if data.org_code is not None:
        user.org_id = (await get_org(session, data.org_code)).id
    if data.active is not None:
        user.active = data.active
        if data.active:  # re-enabling also lifts a lockout
            user.failed_logins, user.locked_until = 0, None
        else:
            await revoke_all(session, user.id)
            # Every kind (citizens are not in `identity.user.upserted`): the services'
            # deny lists refuse the access tokens issued before now.
            await outbox.publish(
                session,
                UserDeactivated(user_id=user.id, payload_version=user.version + 1),
                subject=str(user.id),
            )
    if data.grants is not None:
        await _check_grants(session, data.grants)
        # Keep the grants that stay, add only the new ones (the unique constraint would
        # otherwise see the re-added grant before the old row is deleted).
        wanted = {(g.role.value, g.scope) for g in data.grants}
        kept = [g for g in user.grants if (g.role, g.scope) in wanted]
        have = {(g.role, g.scope) for g in kept}
        user.grants = kept + [RoleGrant(role=r, scope=sc) for r, sc in sorted(wanted - have)]
    user.version += 1
    await session.flush()
    await _publish(session, user)
    await record(
        session,
        actor=actor,
        action="user.updated",
        target_type="user",
        target_id=str(user.id),
        changes=changes,
    )
    return user


async def correct_own(session: AsyncSession, user_id: uuid.UUID, data: OwnUpdate) -> User:
    """The person corrects their own account data (个人信息保护法 第46条)."""
    user = await get_user(session, user_id, for_update=True)
    changed = {
        k: v for k, v in data.model_dump(exclude_unset=True).items() if getattr(user, k) != v
    }
    if not changed:
        return user
    for key, value in changed.items():
        setattr(user, key, value)
    user.version += 1
    await session.flush()
    await _publish(session, user)
    # The fields, not their values: the audit log is no second copy of personal data.
    await record(
        session,
        actor=str(user.id),
        action="user.corrected",
        target_type="user",
        target_id=str(user.id),
        changes={"fields": sorted(changed)},
    )
    return user


async def change_password(session: AsyncSession, user_id: uuid.UUID, data: PasswordChange) -> None:
    user = await get_user(session, user_id, for_update=True)
    if not await verify_password(user.password_hash, data.old_password):
        raise ValidationFailed(messages.WRONG_PASSWORD, code="wrong_password")
    user.password_hash = await hash_password(data.new_password)
    await revoke_all(session, user.id)  # other sessions end with the old password
    await record(
        session,
        actor=str(user.id),
        action="user.password_changed",
        target_type="user",
        target_id=str(user.id),
    )


async def list_users(
    session: AsyncSession, params: PageParams, *, org_code: str | None, kind: str | None
) -> tuple[list[User], str | None]:
    stmt = select(User).options(selectinload(User.grants))
    if org_code:
        org = await get_org(session, org_code)
        stmt = stmt.join(Org, Org.id == User.org_id).where(Org.path.startswith(org.path))
    if kind:
        stmt = stmt.where(User.kind == kind)
    return await paginate(
        session,
        stmt,
        keys=[User.username],
        params=params,
        descending=False,
        key_of=lambda u: [u.username],
    )
