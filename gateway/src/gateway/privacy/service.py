"""Erasure: the account anonymised here at once, every service told by
`identity.user.erased`, and the request complete when each has confirmed its part."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Text, cast, select, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, array
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import messages
from gateway.audit.models import AuditEvent
from gateway.audit.service import record
from gateway.events import outbox
from gateway.privacy.models import Erasure, ErasureConfirmation
from gateway.privacy.schemas import ConfirmationOut, ErasureOut
from gateway.tokens.service import revoke_all
from gateway.users.models import UserKind
from gateway.users.passwords import verify_password
from gateway.users.service import get_user
from govkit.contracts import ErasureConfirmed, UserErased
from govkit.errors import Conflict, Forbidden, NotFound, ValidationFailed

# Never a valid argon2 hash: nothing verifies against it, so nobody logs in again.
UNUSABLE_PASSWORD = "!erased"
# Audit entries keep who did what; the personal values they recorded go.
PERSONAL_AUDIT_KEYS = ("username", "display_name", "credit_code")


async def erase(
    session: AsyncSession, user_id: uuid.UUID, password: str, services: list[str]
) -> Erasure:
    user = await get_user(session, user_id, for_update=True)
    if user.kind == UserKind.STAFF:
        raise Forbidden(messages.ERASURE_STAFF, code="staff_not_self_erasable")
    if user.erased_at is not None:
        raise Conflict(messages.USER_NOT_FOUND, code="already_erased")
    if not await verify_password(user.password_hash, password):
        raise ValidationFailed(messages.ERASURE_PASSWORD, code="wrong_password")
    now, credit_code = datetime.now(UTC), user.credit_code
    erasure = Erasure(id=uuid.uuid4(), user_id=user.id, services=sorted(services), requested_at=now)
    session.add(erasure)
    user.username = f"erased-{erasure.id.hex[:16]}"
    user.display_name = messages.ERASED_DISPLAY_NAME
    user.credit_code, user.password_hash = None, UNUSABLE_PASSWORD
    user.active, user.erased_at, user.locked_until = False, now, None
    user.grants = []
    user.version += 1
    await revoke_all(session, user.id)
    await session.execute(
        update(AuditEvent)
        .where(AuditEvent.target_type == "user", AuditEvent.target_id == str(user.id))
        .values(
            changes=AuditEvent.changes.op("-", return_type=JSONB)(
                cast(array(PERSONAL_AUDIT_KEYS), ARRAY(Text))
            )
        )
    )
    await session.flush()
    # Subject: the erasure, not the user, so a service's event bookkeeping keeps no user id.
    await outbox.publish(
        session,
        UserErased(
            user_id=user.id,
            erasure_id=erasure.id,
            kind=user.kind,
            credit_code=credit_code,
            payload_version=user.version,
        ),
        subject=str(erasure.id),
    )
    await record(
        session,
        actor=str(user.id),
        action="user.erasure_requested",
        target_type="user",
        target_id=str(user.id),
        changes={"erasure_id": str(erasure.id), "services": erasure.services},
    )
    return erasure


async def confirm(session: AsyncSession, data: ErasureConfirmed, at: datetime) -> None:
    """A service's confirmation (from the event consumer: once per event id)."""
    erasure = await session.get(Erasure, data.erasure_id, with_for_update=True)
    if erasure is None:
        return  # not ours (or its account row is gone): nothing to record
    inserted = await session.execute(
        pg_insert(ErasureConfirmation)
        .values(erasure_id=erasure.id, service=data.service, confirmed_at=at, removed=data.removed)
        .on_conflict_do_nothing()
        .returning(ErasureConfirmation.service)
    )
    if inserted.first() is None:
        return  # that service confirmed already (a redelivered or repeated answer)
    target = {"target_type": "user", "target_id": str(erasure.user_id)}
    await record(
        session,
        actor=f"service:{data.service}",
        action="user.erasure_confirmed",
        changes={"erasure_id": str(erasure.id), "service": data.service, "removed": data.removed},
        **target,
    )
    done = set(
        await session.scalars(
            select(ErasureConfirmation.service).where(ErasureConfirmation.erasure_id == erasure.id)
        )
    )
    if erasure.completed_at is None and done >= set(erasure.services):
        erasure.completed_at = datetime.now(UTC)
        await record(
            session,
            actor="system",
            action="user.erased",
            changes={"erasure_id": str(erasure.id)},
            **target,
        )


async def status(session: AsyncSession, erasure_id: uuid.UUID) -> ErasureOut:
    erasure = await session.get(Erasure, erasure_id)
    if erasure is None:
        raise NotFound(messages.ERASURE_NOT_FOUND, code="erasure_not_found")
    rows = (
        await session.scalars(
            select(ErasureConfirmation)
            .where(ErasureConfirmation.erasure_id == erasure.id)
            .order_by(ErasureConfirmation.confirmed_at)
        )
    ).all()
    confirmed = {r.service for r in rows}
    return ErasureOut(
        id=erasure.id,
        requested_at=erasure.requested_at,
        completed_at=erasure.completed_at,
        complete=erasure.completed_at is not None,
        pending=[s for s in erasure.services if s not in confirmed],
        confirmed=[
            ConfirmationOut(service=r.service, confirmed_at=r.confirmed_at, removed=r.removed)
            for r in rows
        ],
        status_url=f"/auth/erasures/{erasure.id}",
    )
