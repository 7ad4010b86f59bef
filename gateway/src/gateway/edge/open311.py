"""Open311 at the edge: GeoReport v2 puts `api_key` in the body of a form-encoded POST, and
its clients expect errors as `[{code, description}]` (XML `<errors>`), not problem+json.

The form body is small (a description is at most 4,000 characters), so it is read whole, the
`api_key` field cut out byte for byte (every other field reaches the service exactly as sent)
and the rest replayed to the app with a corrected Content-Length."""

from __future__ import annotations

import json
from urllib.parse import unquote_plus, unquote_to_bytes
from xml.sax.saxutils import escape

from starlette.types import Message, Receive, Scope, Send

OPEN311_PATHS = ("/open311/", "/api/tickets/open311/")
FORM = b"application/x-www-form-urlencoded"
FORM_MAX_BYTES = 256 * 1024
KEY_FIELD = b"api_key"
KEY_INVALID = "api_key 无效或已吊销"
KEYS_FLOODED = "无效 api_key 尝试次数过多，请稍后再试"
FORM_TOO_LARGE = f"Open311 表单不能超过 {FORM_MAX_BYTES // 1024} KB"


class FormTooLarge(Exception):
    pass


class ClientGone(Exception):
    pass


def is_open311(path: str) -> bool:
    return path.startswith(OPEN311_PATHS)


def _is_form_post(scope: Scope, headers: list[tuple[bytes, bytes]]) -> bool:
    if scope["method"] != "POST" or not is_open311(scope["path"]):
        return False
    content_type = next((v for n, v in headers if n == b"content-type"), b"")
    return content_type.split(b";")[0].strip().lower() == FORM


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > FORM_MAX_BYTES:
            raise FormTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def cut_key(body: bytes) -> tuple[str | None, bytes]:
    """The form's `api_key` (the last one, if repeated) and the body without any."""
    key: str | None = None
    kept = []
    for field in body.split(b"&"):
        name, _, value = field.partition(b"=")
        if unquote_to_bytes(name.replace(b"+", b" ")) == KEY_FIELD:
            key = unquote_plus(value.decode("latin-1")).strip()
        else:
            kept.append(field)
    return key, b"&".join(kept)


async def take_form_key(
    scope: Scope, receive: Receive, headers: list[tuple[bytes, bytes]]
) -> tuple[str | None, Receive, list[tuple[bytes, bytes]]]:
    """For an Open311 form POST: the key from its body, a receive that replays the body
    without it, and the headers with the new length. Anything else passes as it is."""
    if not _is_form_post(scope, headers):
        return None, receive, headers
    key, body = cut_key(await _read_body(receive))
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect

    kept = [(n, v) for n, v in headers if n not in (b"content-length", b"transfer-encoding")]
    kept.append((b"content-length", str(len(body)).encode()))
    return key, replay, kept


async def send_error(
    send: Send,
    path: str,
    status: int,
    description: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """GeoReport v2's error list, in the format the resource's extension asks for."""
    if path.lower().endswith(".xml"):
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n<errors><error>'
            f"<code>{status}</code><description>{escape(description)}</description>"
            "</error></errors>"
        ).encode()
        content_type = b"text/xml; charset=utf-8"
    else:
        body = json.dumps(
            [{"code": status, "description": description}], ensure_ascii=False
        ).encode()
        content_type = b"application/json; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
