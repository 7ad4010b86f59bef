"""Typed errors and their RFC 9457 problem+json rendering.

Services raise these from their service layer; one set of handlers renders them. Every
problem carries a stable `type`/`code` for programs and a Chinese `title`/`detail` for people.
Nothing a client sends may produce a 500: validation, routing, method and size errors are
all mapped here, and the last-resort handler hides internals behind a generic 500.
"""

from __future__ import annotations

import json
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Send

from govkit.outages import Dependency, unavailable_dependency

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://errors.gov-platform.cn/"

log = structlog.get_logger("govkit.errors")


class AppError(Exception):
    """Base of every error a service raises on purpose."""

    status: int = 400
    code: str = "bad_request"
    title: str = "请求有误"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        title: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.detail = detail or self.title
        if code:
            self.code = code
        if title:
            self.title = title
        self.extra = extra or {}
        self.headers = headers or {}
        super().__init__(self.detail)


class BadRequest(AppError):
    status, code, title = 400, "bad_request", "请求有误"


class Unauthorized(AppError):
    status, code, title = 401, "unauthorized", "未登录或登录已失效"


class Forbidden(AppError):
    status, code, title = 403, "forbidden", "无权执行此操作"


class NotFound(AppError):
    status, code, title = 404, "not_found", "资源不存在"


class Conflict(AppError):
    status, code, title = 409, "conflict", "与当前状态冲突"


class InvalidTransition(Conflict):
    code, title = "invalid_transition", "当前状态不允许此操作"


class PayloadTooLarge(AppError):
    status, code, title = 413, "payload_too_large", "请求体过大"


class ValidationFailed(AppError):
    status, code, title = 422, "validation_failed", "提交的数据未通过校验"


class TooManyRequests(AppError):
    status, code, title = 429, "rate_limited", "请求过于频繁，请稍后再试"


class UpstreamUnavailable(AppError):
    status, code, title = 502, "upstream_unavailable", "后端服务暂时不可用"


class UpstreamTimeout(AppError):
    status, code, title = 504, "upstream_timeout", "后端服务响应超时"


class ServiceUnavailable(AppError):
    status, code, title = 503, "service_unavailable", "服务暂时不可用"


_HTTP_TITLES = {
    400: ("bad_request", "请求有误"),
    401: ("unauthorized", "未登录或登录已失效"),
    403: ("forbidden", "无权执行此操作"),
    404: ("not_found", "请求的地址不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    406: ("not_acceptable", "无法提供所要求的格式"),
    413: ("payload_too_large", "请求体过大"),
    415: ("unsupported_media_type", "不支持的请求格式"),
    429: ("rate_limited", "请求过于频繁，请稍后再试"),
}

# Chinese wording of pydantic's error types, so field errors read naturally.
_FIELD_MESSAGES = {
    "missing": "缺少必填字段",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "string_type": "应为字符串",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为布尔值",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
    "json_invalid": "JSON 格式错误",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为数组",
    "enum": "不在允许的取值范围内",
    "literal_error": "不在允许的取值范围内",
    "date_from_datetime_parsing": "日期格式错误",
    "date_parsing": "日期格式错误",
    "datetime_parsing": "时间格式错误",
    "datetime_from_date_parsing": "时间格式错误",
    "uuid_parsing": "应为 UUID",
    "string_pattern_mismatch": "格式不正确",
    "value_error": "取值不合法",
    "extra_forbidden": "不允许的字段",
    "too_short": "元素过少",
    "too_long": "元素过多",
}


def problem_body(
    status: int, code: str, title: str, detail: str, instance: str | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


async def send_problem(
    send: Send,
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
    **extra: Any,
) -> None:
    """problem+json from plain ASGI middleware, which answers before any route exists."""
    body = json.dumps(
        problem_body(status, code, title, detail, instance, **extra), ensure_ascii=False
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, code, title, detail, instance, **extra),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    fields = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        fields.append(
            {
                "field": ".".join(loc[1:]) if len(loc) > 1 else ".".join(loc),
                "in": loc[0] if loc else "body",
                "code": err.get("type", "invalid"),
                "message": _message(err),
            }
        )
    return fields


def _message(err: Any) -> str:
    """Chinese wording of a field error. A validator of ours raises ValueError with a Chinese
    sentence (e.g. the 文号 format hint); that sentence is the message, not a generic one."""
    if err.get("type") == "value_error":
        raw = str((err.get("ctx") or {}).get("error", ""))
        if raw and not raw.isascii():
            return raw
    message = _FIELD_MESSAGES.get(err.get("type", ""), "取值不合法")
    if err.get("type") in ("enum", "literal_error"):
        # pydantic names the choices ("'a', 'b' or 'c'"): say them, so a caller can fix it.
        expected = str((err.get("ctx") or {}).get("expected", ""))
        if expected:
            choices = [c.strip(" '\"") for c in expected.replace(" or ", ", ").split(",")]
            message += "，可选：" + "、".join(c for c in choices if c)
    return message


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem_response(
        exc.status,
        exc.code,
        exc.title,
        exc.detail,
        instance=request.url.path,
        headers=exc.headers,
        **exc.extra,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = _field_errors(exc)
    names = "、".join(f["field"] or f["in"] for f in fields[:5])
    own = [
        f["message"] for f in fields if f["code"] == "value_error" and not f["message"].isascii()
    ]
    detail = f"以下字段有误：{names}" if names else "请求数据格式不正确"
    if own:
        detail += "。" + "；".join(dict.fromkeys(own[:3]))
    return problem_response(
        422,
        "validation_failed",
        "提交的数据未通过校验",
        detail,
        instance=request.url.path,
        errors=fields,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, title = _HTTP_TITLES.get(exc.status_code, ("http_error", "请求无法完成"))
    detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else title
    return problem_response(
        exc.status_code,
        code,
        title,
        detail,
        instance=request.url.path,
        headers=getattr(exc, "headers", None),
    )


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """Errors the database raises because of what the client sent: data it cannot store
    (a NUL character, a value out of range) is 422; a uniqueness race lost is 409."""
    assert isinstance(exc, DBAPIError)
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    if isinstance(exc, IntegrityError) or sqlstate.startswith("23"):
        return problem_response(
            409,
            "conflict",
            "与当前状态冲突",
            "数据与已有记录冲突，请刷新后重试",
            instance=request.url.path,
        )
    if sqlstate.startswith("22") or type(exc.orig).__name__ in _CLIENT_DATA_ERRORS:
        return problem_response(
            422,
            "invalid_input",
            "提交的数据未通过校验",
            "提交的数据含有无法保存的字符或超出范围的值",
            instance=request.url.path,
        )
    return await _unexpected(request, exc)


# A restarted PostgreSQL takes about a second, a reconnect to NATS half of one: a client
# that waits this long usually finds the service working again.
RETRY_AFTER_SECONDS = 5
_UNAVAILABLE: dict[Dependency, tuple[str, str, str]] = {
    "database": (
        "database_unavailable",
        "数据库暂时不可用",
        "服务的数据库暂时无法访问，请稍后重试",
    ),
    "bus": ("bus_unavailable", "消息总线暂时不可用", "服务的消息总线暂时无法访问，请稍后重试"),
}


def _dependency_down(exc: BaseException, path: str) -> tuple[tuple[int, str, str, str], str] | None:
    """The 503 (status, code, title, detail) and Retry-After for an error that means a
    dependency is away; None for every other error. Logged without a traceback: it is the
    dependency's state, not a bug here."""
    dependency = unavailable_dependency(exc)
    if dependency is None:
        return None
    log.warning(
        "dependency_unavailable", dependency=dependency, error=type(exc).__name__, path=path
    )
    return (503, *_UNAVAILABLE[dependency]), str(RETRY_AFTER_SECONDS)


# asyncpg's client-side encoding errors carry no SQLSTATE.
_CLIENT_DATA_ERRORS = {"DataError", "UntranslatableCharacterError", "CharacterNotInRepertoireError"}


UNEXPECTED = (500, "internal_error", "服务器内部错误", "服务器处理请求时出错，请稍后重试")


async def send_unexpected(send: Send, path: str, exc: BaseException | None = None) -> None:
    """The 500 for an exception nothing handled, answered by the request-context middleware
    so it carries the request id (see govkit.middleware); logged with its traceback. A
    dependency being away is a 503 instead."""
    down = _dependency_down(exc, path) if exc is not None else None
    if down is not None:
        problem, retry_after = down
        headers = [(b"retry-after", retry_after.encode())]
        await send_problem(send, *problem, instance=path, headers=headers)
        return
    log.exception("unhandled_error", path=path)
    await send_problem(send, *UNEXPECTED, instance=path)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Reached only when the request-context middleware is not installed (or itself failed).
    down = _dependency_down(exc, request.url.path)
    if down is not None:
        problem, retry_after = down
        return problem_response(
            *problem, instance=request.url.path, headers={"Retry-After": retry_after}
        )
    log.exception("unhandled_error", path=request.url.path)
    return problem_response(*UNEXPECTED, instance=request.url.path)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
