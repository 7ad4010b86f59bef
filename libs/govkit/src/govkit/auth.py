"""JWT verification against the gateway's JWKS, and the request identity.

Every service verifies the bearer token itself (never a header set by someone else).
Tokens are asymmetric (EdDSA/ES256/RS256 only: `alg=none` and HMAC are refused, so a public
key can never be used as a shared secret), must carry `kid`, `sub`, `exp`, `iat`, the
platform issuer and audience. Keys are cached and refetched when an unknown `kid` appears
(key rotation), at most once per `refetch_interval`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

import httpx
import jwt
from fastapi import Depends, Request, Security
from fastapi.security import SecurityScopes
from pydantic import BaseModel, Field

from govkit.errors import Forbidden, ServiceUnavailable, Unauthorized

if TYPE_CHECKING:
    from govkit.denylist import DenyList

ALLOWED_ALGORITHMS = ("EdDSA", "ES256", "RS256")
IdentityKind = Literal["staff", "citizen", "enterprise", "partner"]
JwksProvider = Callable[[], Awaitable[dict[str, Any]]]


class RoleGrant(BaseModel):
    """A role held within a scope: `*` (platform-wide), `site:<code>` or `org:<code>`."""

    role: str
    scope: str = "*"


class Identity(BaseModel):
    subject: str
    kind: IdentityKind = "staff"
    name: str | None = None
    org: str | None = None
    # Enterprises act on their own records, keyed by 统一社会信用代码.
    credit_code: str | None = None
    roles: list[RoleGrant] = Field(default_factory=list)
    scopes: frozenset[str] = frozenset()

    def has_role(self, role: str, scope: str | None = None) -> bool:
        return any(
            g.role == role and (scope is None or g.scope in ("*", scope)) for g in self.roles
        )

    def role_scopes(self, role: str) -> set[str]:
        return {g.scope for g in self.roles if g.role == role}

    @property
    def is_platform_admin(self) -> bool:
        return self.has_role("platform_admin", "*")

    def acts_on_site(self, site_code: str, *roles: str) -> bool:
        """Holds one of `roles` for this site (or platform-wide), or is a platform admin."""
        return self.is_platform_admin or any(
            g.role in roles and g.scope in ("*", f"site:{site_code}") for g in self.roles
        )

    def acts_on_org(self, org_path: Sequence[str], *roles: str) -> bool:
        """Holds one of `roles` for the org or any of its ancestors. `org_path` is the org's
        codes from the root down (`identity.org.upserted` carries it), so a street's
        handler covers its communities but not the neighbouring street."""
        scopes = {"*", *(f"org:{code}" for code in org_path)}
        return self.is_platform_admin or any(
            g.role in roles and g.scope in scopes for g in self.roles
        )

    def ensure_site(self, site_code: str, *roles: str) -> None:
        if not self.acts_on_site(site_code, *roles):
            raise Forbidden(f"无权操作站点 {site_code}", code="outside_scope")

    def ensure_org(self, org_path: Sequence[str], *roles: str) -> None:
        if not self.acts_on_org(org_path, *roles):
            raise Forbidden("该单位不在当前账号的管辖范围内", code="outside_scope")

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Identity:
        raw_scope = claims.get("scope", "")
        return cls(
            subject=str(claims["sub"]),
            kind=claims.get("kind", "staff"),
            name=claims.get("name"),
            org=claims.get("org"),
            credit_code=claims.get("credit_code"),
            roles=[RoleGrant.model_validate(r) for r in claims.get("roles", [])],
            scopes=frozenset(raw_scope.split()) if isinstance(raw_scope, str) else frozenset(),
        )


def http_jwks_provider(url: str, client: httpx.AsyncClient | None = None) -> JwksProvider:
    async def fetch() -> dict[str, Any]:
        if client is not None:
            response = await client.get(url, timeout=3.0)
        else:
            async with httpx.AsyncClient() as own:
                response = await own.get(url, timeout=3.0)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    return fetch


MAX_VERIFIED_TOKENS = 10_000


class JwksVerifier:
    def __init__(
        self,
        provider: JwksProvider,
        *,
        issuer: str,
        audience: str,
        cache_seconds: float = 300.0,
        refetch_interval: float = 10.0,
        leeway_seconds: float = 10.0,
    ) -> None:
        self.provider = provider
        self.issuer = issuer
        self.audience = audience
        self.cache_seconds = cache_seconds
        self.refetch_interval = refetch_interval
        self.leeway = leeway_seconds
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()
        # Tokens already verified, until they expire: a caller sends the same token with
        # every request, and the signature check is most of a small request's CPU (~0.2 ms).
        # Keyed by the whole token, signature included, so nothing forged can hit it.
        self._verified: dict[str, dict[str, Any]] = {}
        # Disabled and erased accounts, revoked API keys (set by the app at start-up).
        self.deny: DenyList | None = None

    async def _refresh(self, *, force: bool) -> None:
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if age < self.refetch_interval or (not force and age < self.cache_seconds):
                return
            try:
                data = await self.provider()
            except Exception as exc:
                if self._keys:
                    return  # keep serving with the keys we have
                raise ServiceUnavailable(
                    "暂时无法获取签名公钥，请稍后重试", code="jwks_unavailable"
                ) from exc
            keys = {}
            for item in data.get("keys", []):
                try:
                    key = jwt.PyJWK.from_dict(item)
                except jwt.PyJWTError:
                    continue
                if key.key_id:
                    keys[key.key_id] = key
            if keys.keys() != self._keys.keys():
                self._verified.clear()  # a withdrawn key takes its tokens with it
            self._keys = keys
            self._fetched_at = time.monotonic()

    async def _key_for(self, kid: str) -> jwt.PyJWK:
        if kid not in self._keys or time.monotonic() - self._fetched_at > self.cache_seconds:
            await self._refresh(force=kid not in self._keys)
        key = self._keys.get(kid)
        if key is None:
            raise Unauthorized("令牌签名密钥未知", code="token_invalid")
        return key

    async def verify(self, token: str) -> dict[str, Any]:
        """The token's claims if it is well signed by a published key, current, ours, and
        not taken back since it was issued."""
        claims = await self._verified_claims(token)
        # After the cache: a token verified before its account was disabled is cached too.
        if self.deny is not None and self.deny.is_denied(claims):
            raise Unauthorized("账号已停用或注销，请重新登录", code="token_revoked")
        return claims

    async def _verified_claims(self, token: str) -> dict[str, Any]:
        claims = self._verified.get(token)
        keys_fresh = time.monotonic() - self._fetched_at <= self.cache_seconds
        if claims is not None and keys_fresh:
            if claims["exp"] + self.leeway > time.time():
                return dict(claims)
            del self._verified[token]  # expired: the full check below says so
        claims = await self._verify_signature(token)
        if len(self._verified) >= MAX_VERIFIED_TOKENS:
            self._verified.clear()
        self._verified[token] = claims
        return dict(claims)

    async def _verify_signature(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized("令牌格式错误", code="token_invalid") from exc
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in ALLOWED_ALGORITHMS or not isinstance(kid, str):
            raise Unauthorized("令牌签名算法不被接受", code="token_invalid")
        key = await self._key_for(kid)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("登录已过期，请重新登录", code="token_expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("令牌无效", code="token_invalid") from exc
        return claims


def _bearer(request: Request) -> str | None:
    value = request.headers.get("authorization")
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization 头应为 Bearer 令牌", code="token_invalid")
    return token.strip()


async def _token_identity(request: Request) -> Identity | None:
    token = _bearer(request)
    if token is None:
        return None
    verifier: JwksVerifier = request.app.state.verifier
    claims = await verifier.verify(token)
    try:
        return Identity.from_claims(claims)
    except Exception as exc:
        raise Unauthorized("令牌内容不完整", code="token_invalid") from exc


def _ensure_partner_scopes(identity: Identity, needed: list[str]) -> None:
    """A partner key acts only on routes that name the scopes they need
    (`Security(current_identity, scopes=[...])`), and only if its key carries them all:
    a route that names none is not open to partners (fail closed, so a new route cannot
    forget). Staff, citizens and enterprises are bounded by their roles instead."""
    if not needed:
        raise Forbidden("接口密钥无权调用此接口", code="scope_missing")
    missing = [s for s in needed if s not in identity.scopes]
    if missing:
        raise Forbidden(
            f"接口密钥缺少权限范围（需要 {'、'.join(missing)}）",
            code="scope_missing",
            extra={"required_scopes": missing},
        )


async def optional_identity(
    security_scopes: SecurityScopes,
    identity: Annotated[Identity | None, Depends(_token_identity)],
) -> Identity | None:
    """The caller if signed in. A partner on a route that names no scope is treated as
    anonymous: it reads what everyone may read, nothing more."""
    if identity is not None and identity.kind == "partner":
        if not security_scopes.scopes:
            return None
        _ensure_partner_scopes(identity, security_scopes.scopes)
    return identity


async def current_identity(
    security_scopes: SecurityScopes,
    identity: Annotated[Identity | None, Depends(_token_identity)],
) -> Identity:
    if identity is None:
        raise Unauthorized(
            "请先登录", code="not_authenticated", headers={"WWW-Authenticate": "Bearer"}
        )
    if identity.kind == "partner":
        _ensure_partner_scopes(identity, security_scopes.scopes)
    return identity


CurrentIdentity = Annotated[Identity, Depends(current_identity)]
OptionalIdentity = Annotated[Identity | None, Depends(optional_identity)]


def require_scopes(*needed: str) -> Callable[..., Awaitable[Identity]]:
    """Dependency: the token carries every OAuth-style scope named (partner keys), or the
    caller is a platform admin."""

    # A default, not Annotated: string annotations cannot see `needed` in this closure.
    async def check(
        identity: Identity = Security(current_identity, scopes=list(needed)),
    ) -> Identity:
        missing = [s for s in needed if s not in identity.scopes]
        if missing and not identity.is_platform_admin:
            raise Forbidden(f"缺少权限范围：{'、'.join(missing)}", code="scope_missing")
        return identity

    return check


def require_roles(*roles: str) -> Callable[..., Awaitable[Identity]]:
    """Dependency: the caller holds at least one of the roles (in any scope)."""

    async def check(identity: CurrentIdentity) -> Identity:
        if not identity.is_platform_admin and not any(identity.has_role(r) for r in roles):
            raise Forbidden("当前账号没有执行此操作的角色", code="role_missing")
        return identity

    return check
