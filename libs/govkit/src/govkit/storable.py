"""Refuse text PostgreSQL cannot store, before any handler sees it.

A `text`/`varchar` column cannot hold U+0000, and a lone surrogate (JSON's "\\ud800") has no
UTF-8 form: either reached the database as a 500 (the hand-written ticket intake has no ORM
to translate the driver's error). One check here covers every write path of every service,
whatever its schemas look like: the path, the query string, and JSON and urlencoded form
bodies. The answer is the usual 422 problem with `errors[]` naming each field, as pydantic's
would. Multipart bodies (uploads) stream on untouched; their text parts go through the
route's form parsing.

The scan is a byte search, so clean requests (all of them, nearly) pay microseconds; only a
body that may hold such a character is parsed to find the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from govkit.errors import send_problem

CODE = "unstorable_character"
MESSAGE = "含有无法保存的字符（如空字符 NUL 或不成对的代理字符）"
# "\u0000" or a surrogate escape (a valid pair matches too: the parse tells them apart).
_JSON_SUSPECT = re.compile(rb"\\u(?:0000|[dD][89abcdefABCDEF][0-9a-fA-F]{2})|\x00")
_SURROGATES = re.compile("[\x00\ud800-\udfff]")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_storable(text: str) -> bool:
    return _SURROGATES.search(text) is None


def printable(text: str) -> str:
    """The text with each unstorable character spelled as an escape, fit to send back."""
    return _SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def unstorable_fields(value: Any, loc: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Where, in a parsed JSON value, a string (or an object's key) cannot be stored."""
    if isinstance(value, str):
        if not is_storable(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if not is_storable(key):
                yield (*loc, printable(key))
            else:
                yield from unstorable_fields(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable_fields(item, (*loc, str(index)))


def _form_fields(raw: str, where: str) -> list[dict[str, str]]:
    names = [
        name for name, value in parse_qsl(raw, keep_blank_values=True) if "\x00" in name + value
    ]
    return [_error(where, printable(name)) for name in dict.fromkeys(names)]


def _error(where: str, field: str) -> dict[str, str]:
    return {"field": field, "in": where, "code": CODE, "message": MESSAGE}


def _media_type(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return value.split(b";", 1)[0].strip().lower().decode("latin-1")
    return ""


def body_errors(media_type: str, body: bytes) -> list[dict[str, str]]:
    if media_type == "application/x-www-form-urlencoded":
        return _form_fields(body.decode("latin-1"), "body") if b"%00" in body else []
    if not _JSON_SUSPECT.search(body):
        return []
    try:
        parsed = json.loads(body)
    except ValueError:  # not JSON after all: the route's own parsing answers
        return []
    return [_error("body", ".".join(loc)) for loc in unstorable_fields(parsed)]


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


class StorableTextMiddleware:
    def __init__(self, app: ASGIApp, *, exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        errors: list[dict[str, str]] = []
        if "\x00" in scope["path"]:
            errors.append(_error("path", printable(scope["path"])))
        query: bytes = scope.get("query_string", b"")
        if b"%00" in query or b"\x00" in query:
            errors += _form_fields(query.decode("latin-1"), "query")
        media_type = _media_type(scope)
        if scope["method"] in _BODY_METHODS and (
            _is_json(media_type) or media_type == "application/x-www-form-urlencoded"
        ):
            try:
                body, more = await _read_body(receive)
            except HTTPException as exc:  # the size limit, raised while reading
                await send_problem(
                    send,
                    exc.status_code,
                    "payload_too_large",
                    "请求体过大",
                    str(exc.detail),
                    instance=scope["path"],
                    headers=[(b"connection", b"close")],
                )
                return
            errors += body_errors(media_type, body)
            receive = _replay(body, more, receive)
        if errors:
            await _refuse(send, scope["path"], errors)
            return
        await self.app(scope, receive, send)


async def _read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole body (already bounded by the size limit), and a message that was not part
    of it (a disconnect) to hand on."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), message
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), None


def _replay(body: bytes, pending: Message | None, receive: Receive) -> Receive:
    queue: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]
    if pending is not None:
        queue.append(pending)

    async def replayed() -> Message:
        if queue:
            return queue.pop(0)
        return await receive()

    return replayed


async def _refuse(send: Send, path: str, errors: list[dict[str, str]]) -> None:
    names = "、".join(e["field"] or e["in"] for e in errors[:5])
    await send_problem(
        send,
        422,
        "validation_failed",
        "提交的数据未通过校验",
        f"以下字段有误：{names}。{MESSAGE}",
        instance=path,
        errors=errors,
    )
