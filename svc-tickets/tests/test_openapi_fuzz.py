"""Schemathesis over svc-tickets' OpenAPI: no generated request gets a 5xx. Valid requests
aim at a real ticket."""

from __future__ import annotations

from govkit.testing.fuzz import broad_staff, fuzz_service


async def test_no_request_from_the_openapi_gets_a_server_error(desk, client, tokens):  # type: ignore[no-untyped-def]
    ticket = await desk.submit(desk.dispatcher)
    path = {"ticket_id": ticket["id"], "number": ticket["number"], "fmt": "json"}
    report = await fuzz_service(client, headers=broad_staff(tokens), path=path)
    print(report.summary())
    assert report.requests > report.operations
    assert not report.server_errors, "\n\n".join(report.server_errors)
