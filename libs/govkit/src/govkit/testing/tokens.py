"""Signs test tokens the way the gateway does (EdDSA, `kid`), and serves the matching JWKS."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from govkit.auth import JwksVerifier

ISSUER = "govplatform-gateway"
AUDIENCE = "govplatform"


class TokenFactory:
    def __init__(self, *, issuer: str = ISSUER, audience: str = AUDIENCE) -> None:
        self.issuer = issuer
        self.audience = audience
        self.private_key = Ed25519PrivateKey.generate()
        self.kid = uuid.uuid4().hex[:12]

    def jwks(self) -> dict[str, Any]:
        jwk = OKPAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "EdDSA"}]}

    def verifier(self) -> JwksVerifier:
        async def provide() -> dict[str, Any]:
            return self.jwks()

        return JwksVerifier(provide, issuer=self.issuer, audience=self.audience)

    def issue(
        self,
        subject: str = "user-1",
        *,
        roles: list[dict[str, str]] | None = None,
        kind: str = "staff",
        scope: str = "",
        expires_in: int = 600,
        **claims: Any,
    ) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "kind": kind,
            "roles": roles or [],
            "scope": scope,
            "iat": now,
            "exp": now + expires_in,
            "jti": uuid.uuid4().hex,
            **claims,
        }
        return jwt.encode(payload, self.private_key, algorithm="EdDSA", headers={"kid": self.kid})

    def enterprise(self, credit_code: str, subject: str = "ent-1") -> str:
        return self.issue(
            subject,
            kind="enterprise",
            credit_code=credit_code,
            roles=[{"role": "enterprise", "scope": "*"}],
        )

    def admin(self) -> str:
        return self.issue("admin", roles=[{"role": "platform_admin", "scope": "*"}])

    def bearer(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}
