from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)
    session: Literal["token", "cookie"] = Field(
        default="token",
        description="token：刷新令牌在响应体中返回（接口调用方）；cookie：写入 httpOnly Cookie，"
        "响应体中不返回（浏览器）",
    )


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=16, max_length=128)


class TokenPair(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    # None when the refresh token went into the browser session's cookie instead.
    refresh_token: str | None
    refresh_expires_in: int


class AccessToken(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    scope: str
