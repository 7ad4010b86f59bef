"""Schemathesis over svc-content's OpenAPI: no generated request gets a 5xx. Valid requests
aim at a real site, column and draft item."""

from __future__ import annotations

from content_support import make_desk

from govkit.testing.fuzz import broad_staff, fuzz_service


async def test_no_request_from_the_openapi_gets_a_server_error(client, tokens):  # type: ignore[no-untyped-def]
    desk = await make_desk(client, tokens)
    item = await desk.create()
    path = {"site_code": "portal", "code": "news", "item_id": item["id"]}
    report = await fuzz_service(client, headers=broad_staff(tokens), path=path)
    print(report.summary())
    assert report.requests > report.operations
    assert not report.server_errors, "\n\n".join(report.server_errors)
