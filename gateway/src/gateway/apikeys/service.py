"""Partner API keys: created for an org by an admin, shown once, stored hashed, revocable.

Key format `gk_<prefix>_<secret>`: the prefix finds the row, the SHA-256 of the whole key is
compared in constant time. Keys are looked up through a short cache so the edge does not hit
the database per request; a revocation is seen at once on this replica and within
`cache_seconds` on the others."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import messages
from gateway.apikeys.models import ApiKey
from gateway.apikeys.schemas import ApiKeyIn
from gateway.audit.service import record
from gateway.events import outbox
from gateway.orgs.models import Org
from gateway.orgs.service import get_org
from gateway.tokens.keyring import KeyRing
from govkit.contracts import ApiKeyRevoked
from govkit.db import Database
from govkit.errors import NotFound, Unauthorized
from govkit.pagination import PageParams, paginate

PARTNER_TOKEN_TTL = 300


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


KEY_SHAPE = re.compile(r"^gk_([0-9a-f]{10})_[A-Za-z0-9_\-]{32,64}$")


def split_key(raw: str) -> tuple[str, str] | None:
    """The prefix of a well-formed key (anything else is refused before any lookup)."""
    match = KEY_SHAPE.match(raw)
    return (match.group(1), raw) if match else None


async def create_key(session: AsyncSession, data: ApiKeyIn, *, actor: str) -> tuple[ApiKey, str]:
    org = await get_org(session, data.org_code)
    prefix = secrets.token_hex(5)
    raw = f"gk_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        prefix=prefix,
        key_hash=_digest(raw),
        name=data.name,
        org_id=org.id,
        scopes=data.normalised_scopes(),
        rate_per_minute=data.rate_per_minute,
        created_by=actor,
    )
    session.add(key)
    await session.flush()
    await record(
        session,
        actor=actor,
        action="api_key.created",
        target_type="api_key",
        target_id=str(key.id),
        changes={
            "name": data.name,
            "org": org.code,
            "scopes": key.scopes,
            "rate": key.rate_per_minute,
        },
    )
    return key, raw


async def revoke_key(session: AsyncSession, key_id: uuid.UUID, *, actor: str) -> ApiKey:
    key = await session.get(ApiKey, key_id)
    if key is None:
        raise NotFound("接口密钥不存在", code="api_key_not_found")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        # The services refuse the partner tokens already exchanged for it (up to 300 s left).
        await outbox.publish(
            session, ApiKeyRevoked(key_id=key.id, payload_version=1), subject=str(key.id)
        )
        await record(
            session,
            actor=actor,
            action="api_key.revoked",
            target_type="api_key",
            target_id=str(key.id),
        )
    return key


async def list_keys(
    session: AsyncSession, params: PageParams, *, org_code: str | None
) -> tuple[list[ApiKey], str | None]:
    stmt = select(ApiKey)
    if org_code:
        stmt = stmt.join(Org, Org.id == ApiKey.org_id).where(Org.code == org_code)
    return await paginate(
        session,
        stmt,
        keys=[ApiKey.created_at, ApiKey.id],
        params=params,
        key_of=lambda k: [k.created_at, k.id],
    )


@dataclass(frozen=True)
class PartnerIdentity:
    key_id: uuid.UUID
    org_code: str
    name: str
    scopes: tuple[str, ...]
    rate_per_minute: int


class ApiKeyAuthenticator:
    """Resolves a presented key to a partner identity and a short-lived JWT for the services."""

    def __init__(self, db: Database, keyring: KeyRing, *, cache_seconds: float = 30.0) -> None:
        self.db = db
        self.keyring = keyring
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, str, PartnerIdentity | None]] = {}
        self._tokens: dict[uuid.UUID, tuple[float, str]] = {}
        self._used: set[uuid.UUID] = set()

    async def identify(self, raw: str) -> PartnerIdentity:
        parts = split_key(raw)
        if parts is None:
            raise Unauthorized(messages.API_KEY_INVALID, code="api_key_invalid")
        prefix, _ = parts
        now = time.monotonic()
        cached = self._cache.get(prefix)
        if cached is None or cached[0] < now:
            cached = (now + self.cache_seconds, *await self._load(prefix))
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[prefix] = cached
        _, key_hash, identity = cached
        if identity is None or not hmac.compare_digest(key_hash, _digest(raw)):
            raise Unauthorized(messages.API_KEY_INVALID, code="api_key_invalid")
        self._used.add(identity.key_id)
        return identity

    async def _load(self, prefix: str) -> tuple[str, PartnerIdentity | None]:
        async with self.db.sessionmaker() as session:
            row = (
                await session.execute(
                    select(ApiKey, Org.code)
                    .join(Org, Org.id == ApiKey.org_id)
                    .where(ApiKey.prefix == prefix)
                )
            ).first()
        if row is None or row[0].revoked_at is not None:
            return "", None
        key, org_code = row
        return key.key_hash, PartnerIdentity(
            key_id=key.id,
            org_code=org_code,
            name=key.name,
            scopes=tuple(key.scopes),
            rate_per_minute=key.rate_per_minute,
        )

    def forget(self, prefix: str) -> None:
        self._cache.pop(prefix, None)

    def token_for(self, identity: PartnerIdentity) -> str:
        """A partner JWT, reused until shortly before it expires."""
        now = time.monotonic()
        cached = self._tokens.get(identity.key_id)
        if cached and cached[0] > now:
            return cached[1]
        token = self.keyring.sign(
            {
                "sub": f"apikey:{identity.key_id}",
                "kind": "partner",
                "name": identity.name,
                "org": identity.org_code,
                "roles": [],
                "scope": " ".join(identity.scopes),
                # The edge rate-limits an exchanged token like the key itself.
                "rate": identity.rate_per_minute,
            },
            ttl=PARTNER_TOKEN_TTL,
        )
        self._tokens[identity.key_id] = (now + PARTNER_TOKEN_TTL - 60, token)
        return token

    async def flush_last_used(self) -> None:
        """Batched `last_used_at`: one UPDATE per flush, never one per request."""
        if not self._used:
            return
        used, self._used = self._used, set()
        async with self.db.transaction() as session:
            await session.execute(
                update(ApiKey).where(ApiKey.id.in_(used)).values(last_used_at=datetime.now(UTC))
            )
