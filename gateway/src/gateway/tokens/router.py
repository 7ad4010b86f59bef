from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import JSONResponse

from gateway import messages
from gateway.apikeys.service import PARTNER_TOKEN_TTL, ApiKeyAuthenticator
from gateway.audit.service import record
from gateway.edge.headers import NO_STORE
from gateway.tokens.cookie import (
    REFRESH_COOKIE,
    clear_refresh_cookie,
    refresh_from_cookie,
    set_refresh_cookie,
)
from gateway.tokens.keyring import KeyRing
from gateway.tokens.schemas import AccessToken, LoginIn, RefreshIn, TokenPair
from gateway.tokens.service import TokenService
from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from govkit.errors import Unauthorized

router = APIRouter(tags=["统一身份认证"])


def tokens(request: Request) -> TokenService:
    return request.app.state.token_service  # type: ignore[no-any-return]


Tokens = Annotated[TokenService, Depends(tokens)]


@router.post(
    "/auth/login", response_model=TokenPair, summary="用户名密码登录", dependencies=[NO_STORE]
)
async def login(body: LoginIn, request: Request, response: Response, service: Tokens) -> TokenPair:
    pair = await service.login(body.username, body.password)
    return _deliver(pair, request, response, into_cookie=body.session == "cookie")


@router.post(
    "/auth/refresh",
    response_model=TokenPair,
    summary="换取新令牌（请求体中的刷新令牌，或浏览器会话的 Cookie）",
    dependencies=[NO_STORE],
)
async def refresh(
    request: Request, response: Response, service: Tokens, body: RefreshIn | None = None
) -> TokenPair:
    raw = body.refresh_token if body is not None else refresh_from_cookie(request)
    try:
        pair = await service.refresh(raw)
    except Unauthorized:
        if body is None:  # a dead browser session: stop the browser sending it
            clear_refresh_cookie(response, secure=_secure(request))
            raise Unauthorized(
                messages.REFRESH_INVALID,
                code="refresh_invalid",
                headers={"set-cookie": response.headers["set-cookie"]},
            ) from None
        raise
    return _deliver(pair, request, response, into_cookie=body is None)


@router.post("/auth/logout", status_code=204, summary="退出登录（吊销刷新令牌）")
async def logout(
    request: Request, response: Response, service: Tokens, body: RefreshIn | None = None
) -> None:
    raw = body.refresh_token if body is not None else request.cookies.get(REFRESH_COOKIE)
    if raw:
        await service.logout(raw)
    if body is None:
        clear_refresh_cookie(response, secure=_secure(request))


def _secure(request: Request) -> bool:
    return bool(request.app.state.settings.session_cookie_secure)


def _deliver(
    pair: TokenPair, request: Request, response: Response, *, into_cookie: bool
) -> TokenPair:
    if not into_cookie or pair.refresh_token is None:
        return pair
    set_refresh_cookie(
        response, pair.refresh_token, pair.refresh_expires_in, secure=_secure(request)
    )
    return pair.model_copy(update={"refresh_token": None})


@router.post(
    "/auth/token",
    response_model=AccessToken,
    summary="合作方以接口密钥换取访问令牌",
    dependencies=[NO_STORE],
)
async def exchange_api_key(
    request: Request, x_api_key: Annotated[str, Header(max_length=200)]
) -> AccessToken:
    authenticator: ApiKeyAuthenticator = request.app.state.api_keys
    partner = await authenticator.identify(x_api_key)
    return AccessToken(
        access_token=authenticator.token_for(partner),
        expires_in=PARTNER_TOKEN_TTL,
        scope=" ".join(partner.scopes),
    )


@router.get("/.well-known/jwks.json", summary="令牌验签公钥（JWKS）")
async def jwks(request: Request) -> JSONResponse:
    keyring: KeyRing = request.app.state.keyring
    await keyring.refresh_if_stale()
    return JSONResponse(keyring.jwks(), headers={"Cache-Control": "public, max-age=300"})


@router.post("/admin/signing-keys/rotate", summary="轮换签名密钥（平台管理员）")
async def rotate(
    request: Request,
    session: DbSession,
    admin: Annotated[Identity, Depends(require_roles("platform_admin"))],
) -> dict[str, str]:
    keyring: KeyRing = request.app.state.keyring
    kid = await keyring.rotate()
    await record(
        session,
        actor=admin.subject,
        action="signing_key.rotated",
        target_type="signing_key",
        target_id=kid,
    )
    return {"kid": kid}
