"""Login with lockout, refresh-token rotation with reuse detection, logout.

These run their own transactions instead of the request's: a failed login must record the
failure (and maybe lock the account) even though the request answers 401.

A username no account has is locked out exactly like one that has (same count, 423, body and
Retry-After; its password checked against a dummy hash, so as slow): the answers do not tell
which names exist."""

from __future__ import annotations

import hashlib
import math
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from gateway import messages
from gateway.audit.service import record
from gateway.errors import AccountLocked
from gateway.orgs.models import Org
from gateway.tokens.keyring import KeyRing
from gateway.tokens.models import RefreshToken, UnknownUserLockout
from gateway.tokens.schemas import TokenPair
from gateway.users.models import User
from gateway.users.passwords import hash_password, needs_rehash, verify_password
from govkit.db import Database
from govkit.errors import Unauthorized


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


async def access_claims(db: Database, user: User) -> dict[str, object]:
    async with db.sessionmaker() as session:
        org = (
            await session.scalar(select(Org.code).where(Org.id == user.org_id))
            if user.org_id
            else None
        )
    return {
        "sub": str(user.id),
        "kind": user.kind,
        "name": user.display_name,
        "org": org,
        "credit_code": user.credit_code,
        "roles": [{"role": g.role, "scope": g.scope} for g in user.grants],
        "scope": "",
    }


class TokenService:
    def __init__(
        self,
        db: Database,
        keyring: KeyRing,
        *,
        refresh_ttl: timedelta,
        max_failures: int,
        lock_duration: timedelta,
    ) -> None:
        self.db = db
        self.keyring = keyring
        self.refresh_ttl = refresh_ttl
        self.max_failures = max_failures
        self.lock_duration = lock_duration

    def _new_refresh(self, session: AsyncSession, user: User, family: uuid.UUID) -> str:
        raw = secrets.token_urlsafe(32)
        session.add(
            RefreshToken(
                token_hash=_digest(raw),
                user_id=user.id,
                family=family,
                expires_at=_now() + self.refresh_ttl,
            )
        )
        return raw

    async def _pair(self, user: User, raw: str) -> TokenPair:
        return TokenPair(
            access_token=self.keyring.sign(await access_claims(self.db, user)),
            expires_in=self.keyring.access_ttl,
            refresh_token=raw,
            refresh_expires_in=int(self.refresh_ttl.total_seconds()),
        )

    def _locked(
        self, counter: User | UnknownUserLockout | None, now: datetime
    ) -> AccountLocked | None:
        if counter is None or not counter.locked_until or counter.locked_until <= now:
            return None
        seconds = (counter.locked_until - now).total_seconds()
        return AccountLocked(
            messages.ACCOUNT_LOCKED.format(minutes=math.ceil(seconds / 60)),
            headers={"Retry-After": str(int(seconds) + 1)},
        )

    async def _unknown_counter(self, session: AsyncSession, username: str) -> UnknownUserLockout:
        """The name's row, locked (made if missing): concurrent failures all count."""
        name_hash = _digest(username)
        await session.execute(
            insert(UnknownUserLockout)
            .values(name_hash=name_hash, failed_logins=0)
            .on_conflict_do_nothing(index_elements=[UnknownUserLockout.name_hash])
        )
        counter = await session.scalar(
            select(UnknownUserLockout)
            .where(UnknownUserLockout.name_hash == name_hash)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        assert counter is not None
        return counter

    async def prune_unknown_lockouts(self, idle: timedelta = timedelta(days=1)) -> int:
        """Forget names without an account that have been left alone for `idle` (and are
        not locked): made-up names must not pile up."""
        now = _now()
        async with self.db.transaction() as session:
            result = await session.execute(
                delete(UnknownUserLockout).where(
                    UnknownUserLockout.updated_at < now - idle,
                    (UnknownUserLockout.locked_until.is_(None))
                    | (UnknownUserLockout.locked_until < now),
                )
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def login(self, username: str, password: str) -> TokenPair:
        # The argon2 check (tens of ms, 64 MiB) runs with no transaction open and no row
        # locked, so a burst of logins cannot hold the connection pool; the short locked
        # transaction after it re-reads the row and records the outcome.
        unknown: UnknownUserLockout | None = None
        async with self.db.sessionmaker() as session:
            found = await session.scalar(select(User).where(User.username == username))
            if found is None:
                unknown = await session.get(UnknownUserLockout, _digest(username))
        if (refused := self._locked(found or unknown, _now())) is not None:
            raise refused
        ok = await verify_password(found.password_hash if found else None, password)
        new_hash = (
            await hash_password(password)
            if ok and found and needs_rehash(found.password_hash)
            else None
        )
        failure: Exception | None = None
        async with self.db.transaction() as session:
            user = await session.scalar(
                select(User)
                .where(User.username == username)
                .options(selectinload(User.grants))
                .with_for_update()
            )
            counter = user or await self._unknown_counter(session, username)
            now = _now()
            if (refused := self._locked(counter, now)) is not None:
                failure = refused
            elif (
                user is None or found is None or not ok or user.password_hash != found.password_hash
            ):
                counter.failed_logins += 1
                locked = counter.failed_logins >= self.max_failures
                if locked:
                    counter.locked_until = now + self.lock_duration
                    counter.failed_logins = 0
                if user is not None:
                    await record(
                        session,
                        actor="anonymous",
                        action="login.locked" if locked else "login.failed",
                        target_type="user",
                        target_id=str(user.id),
                    )
                failure = Unauthorized(messages.INVALID_CREDENTIALS, code="invalid_credentials")
            elif not user.active:
                failure = Unauthorized(messages.ACCOUNT_DISABLED, code="account_disabled")
            else:
                raw = self._new_refresh(session, user, uuid.uuid4())
                user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
                if new_hash is not None:
                    user.password_hash = new_hash
                await record(
                    session,
                    actor=str(user.id),
                    action="login",
                    target_type="user",
                    target_id=str(user.id),
                )
        # Committed above, whatever the outcome: the failure counter must stick.
        if failure is not None:
            raise failure
        assert user is not None
        return await self._pair(user, raw)

    async def refresh(self, raw: str) -> TokenPair:
        async with self.db.transaction() as session:
            token = await session.scalar(
                select(RefreshToken)
                .where(RefreshToken.token_hash == _digest(raw))
                .with_for_update()
            )
            now = _now()
            reused = token is not None and token.rotated_at is not None and token.revoked_at is None
            if reused:
                # A rotated token presented again: someone holds a copy. End the whole family.
                assert token is not None
                await session.execute(
                    update(RefreshToken)
                    .where(RefreshToken.family == token.family, RefreshToken.revoked_at.is_(None))
                    .values(revoked_at=now)
                )
                await record(
                    session,
                    actor="anonymous",
                    action="refresh.reuse_detected",
                    target_type="user",
                    target_id=str(token.user_id),
                )
            valid = (
                token is not None
                and not reused
                and token.revoked_at is None
                and token.expires_at > now
            )
            user = None
            if valid:
                assert token is not None
                user = await session.scalar(
                    select(User).where(User.id == token.user_id).options(selectinload(User.grants))
                )
                valid = user is not None and user.active
                token.rotated_at = now
                if valid and user is not None:
                    # Same transaction as the rotation: a concurrent reuse that revokes the
                    # family (it waits on the row lock) also catches this new token.
                    raw = self._new_refresh(session, user, token.family)
        if not valid or user is None or token is None:
            raise Unauthorized(messages.REFRESH_INVALID, code="refresh_invalid")
        return await self._pair(user, raw)

    async def logout(self, raw: str) -> None:
        """Revoke the token's whole family (this session on every device that shares it)."""
        async with self.db.transaction() as session:
            token = await session.scalar(
                select(RefreshToken)
                .where(RefreshToken.token_hash == _digest(raw))
                .with_for_update()
            )
            if token is None:
                return  # logging out twice is not an error
            await session.execute(
                update(RefreshToken)
                .where(RefreshToken.family == token.family, RefreshToken.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
            await record(
                session,
                actor=str(token.user_id),
                action="logout",
                target_type="user",
                target_id=str(token.user_id),
            )


async def revoke_all(session: AsyncSession, user_id: uuid.UUID) -> None:
    """End every session of a user (password changed, account disabled)."""
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=_now())
    )
