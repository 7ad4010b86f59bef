"""GeoReport v2's two formats and its error shape.

Every answer is UTF-8 JSON (`application/json; charset=utf-8`) or XML (`text/xml;
charset=utf-8` with the XML declaration), picked by the resource's extension. Errors are the
spec's list of `{code, description}` (XML `<errors><error>`), `code` being the HTTP status,
whatever went wrong: our typed errors, validation, routing and database refusals alike."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any
from xml.etree import ElementTree

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from govkit.errors import AppError
from tickets.open311 import messages

FORMATS = ("json", "xml")
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
# The element name of one item in each list the spec defines.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    """An error answered in the spec's own shape."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def format_of(path: str) -> str:
    """The format the caller asked for; JSON when the extension is not one we serve."""
    return "xml" if path.rsplit("/", 1)[-1].lower().endswith(".xml") else "json"


def checked_format(fmt: str) -> str:
    if fmt.lower() not in FORMATS:
        raise Open311Error(404, messages.BAD_FORMAT)
    return fmt.lower()


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _fill(parent: ElementTree.Element, name: str, value: object) -> None:
    if isinstance(value, Mapping):
        node = ElementTree.SubElement(parent, name)
        for key, item in value.items():
            _fill(node, key, item)
    elif isinstance(value, list | tuple):
        node = ElementTree.SubElement(parent, name)
        for item in value:
            _fill(node, ITEM_NAMES.get(name, "item"), item)
    else:
        ElementTree.SubElement(parent, name).text = _text(value)


def to_xml(root: str, data: Mapping[str, Any] | Sequence[Any]) -> bytes:
    """`root` names the document element: a list becomes its items (`<services><service>`),
    a mapping its children (`<service_definition><service_code>`)."""
    holder = ElementTree.Element("holder")
    _fill(holder, root, data)
    body = ElementTree.tostring(holder[0], encoding="unicode")
    return (XML_DECLARATION + "\n" + body).encode()


def respond(
    fmt: str, root: str, data: Mapping[str, Any] | Sequence[Any], status: int = 200
) -> Response:
    if fmt == "xml":
        return Response(to_xml(root, data), status_code=status, media_type=XML_TYPE)
    return JSONResponse(data, status_code=status, media_type=JSON_TYPE)


def error_response(fmt: str, status: int, description: str) -> Response:
    return respond(fmt, "errors", [{"code": status, "description": description}], status)


def _validation_description(exc: RequestValidationError) -> str:
    names = [".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()]
    return messages.INVALID_FIELDS.format(fields="、".join(n for n in names[:5] if n) or "-")


def as_open311(exc: Exception) -> tuple[int, str] | None:
    """Status and description for an error raised under /open311/v2, or None to let the
    service's own handlers deal with it (a genuine server fault)."""
    if isinstance(exc, Open311Error):
        return exc.status, exc.description
    if isinstance(exc, AppError):
        # GeoReport v2 answers a missing or refused api_key with 403 (never 401), and input
        # it cannot take with 400 (it has no 422).
        return {401: 403, 422: 400}.get(exc.status, exc.status), exc.detail
    if isinstance(exc, RequestValidationError):
        return 400, _validation_description(exc)
    if isinstance(exc, HTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else ""
        return exc.status_code, detail or messages.HTTP_ERROR
    if isinstance(exc, DBAPIError):
        sqlstate = getattr(exc.orig, "sqlstate", None) or ""
        if isinstance(exc, IntegrityError) or sqlstate.startswith("23"):
            return 409, messages.CONFLICT
        if sqlstate.startswith("22") or type(exc.orig).__name__ in {
            "DataError",
            "UntranslatableCharacterError",
            "CharacterNotInRepertoireError",
        }:
            return 400, messages.UNSTORABLE
    return None


class Open311Route(APIRoute):
    """Routes whose every error, including validation and dependency failures, is rendered
    in GeoReport v2's shape. The request's transaction has rolled back by the time the error
    reaches here (the session dependency exits with the exception)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def open311_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                known = as_open311(exc)
                if known is None:
                    raise
                return error_response(format_of(request.url.path), *known)

        return open311_handler
