"""Signing keys for access tokens: EdDSA (Ed25519), identified by `kid`.

Keys live in the gateway's database so every replica signs with the same newest key and
publishes the same JWKS; each replica reloads them periodically to see a rotation made by
another. A rotated-out key stays in the JWKS until retired, so tokens it signed still verify.
"""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from sqlalchemy import select

from gateway.tokens.models import SigningKey
from govkit.db import Database

ALGORITHM = "EdDSA"


def _new_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


class KeyRing:
    def __init__(
        self,
        db: Database,
        *,
        issuer: str,
        audience: str,
        access_ttl_seconds: int,
        reload_seconds: float = 60.0,
    ) -> None:
        self.db = db
        self.issuer = issuer
        self.audience = audience
        self.access_ttl = access_ttl_seconds
        self.reload_seconds = reload_seconds
        self._keys: dict[str, Ed25519PrivateKey] = {}
        self._signing_kid: str | None = None
        self._loaded_at = 0.0
        # Tokens already verified at the edge, until they expire: a client sends the same
        # token many times and an Ed25519 check costs ~0.1 ms of the gateway's CPU each.
        self._verified: dict[str, dict[str, Any]] = {}

    async def ensure(self) -> None:
        """Create the first key if there is none, then load."""
        async with self.db.transaction() as session:
            if (
                await session.scalar(
                    select(SigningKey.kid).where(SigningKey.retired_at.is_(None)).limit(1)
                )
                is None
            ):
                session.add(
                    SigningKey(
                        kid=uuid.uuid4().hex[:16], algorithm=ALGORITHM, private_pem=_new_pem()
                    )
                )
        await self.load()

    async def load(self) -> None:
        async with self.db.sessionmaker() as session:
            rows = list(
                await session.scalars(
                    select(SigningKey)
                    .where(SigningKey.retired_at.is_(None))
                    .order_by(SigningKey.created_at)
                )
            )
        keys = {}
        for row in rows:
            key = serialization.load_pem_private_key(row.private_pem.encode(), password=None)
            assert isinstance(key, Ed25519PrivateKey)
            keys[row.kid] = key
        if set(keys) != set(self._keys):
            self._verified.clear()  # a retired key's tokens must not stay "verified"
        self._keys = keys
        self._signing_kid = rows[-1].kid if rows else None
        self._loaded_at = time.monotonic()

    async def refresh_if_stale(self, max_age: float | None = None) -> None:
        limit = self.reload_seconds if max_age is None else max_age
        if time.monotonic() - self._loaded_at > limit:
            await self.load()

    async def rotate(self) -> str:
        kid = uuid.uuid4().hex[:16]
        async with self.db.transaction() as session:
            session.add(SigningKey(kid=kid, algorithm=ALGORITHM, private_pem=_new_pem()))
        await self.load()
        return kid

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid, key in self._keys.items():
            jwk = OKPAlgorithm.to_jwk(key.public_key(), as_dict=True)
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": ALGORITHM})
        return {"keys": keys}

    def sign(self, claims: dict[str, Any], *, ttl: int | None = None) -> str:
        if self._signing_kid is None:
            raise RuntimeError("no signing key loaded")
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + (ttl or self.access_ttl),
            "jti": secrets.token_hex(8),
            **claims,
        }
        return jwt.encode(
            payload,
            self._keys[self._signing_kid],
            algorithm=ALGORITHM,
            headers={"kid": self._signing_kid},
        )

    def verify(self, token: str) -> dict[str, Any] | None:
        """Local verification for the edge (rate limiting, statistics): None if not valid."""
        cached = self._verified.get(token)
        if cached is not None:
            if cached["exp"] > time.time():
                return cached
            del self._verified[token]
        claims = self._verify_signature(token)
        if claims is not None:
            if len(self._verified) >= 10_000:
                self._verified.clear()
            self._verified[token] = claims
        return claims

    def _verify_signature(self, token: str) -> dict[str, Any] | None:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._keys.get(kid) if isinstance(kid, str) else None
            if key is None:
                return None
            claims: dict[str, Any] = jwt.decode(
                token,
                key.public_key(),
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
            )
            return claims
        except jwt.PyJWTError:
            return None
