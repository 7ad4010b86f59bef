"""Schemathesis over svc-policy' OpenAPI: no generated request gets a 5xx."""

from __future__ import annotations

from govkit.testing.fuzz import broad_staff, fuzz_service


async def test_no_request_from_the_openapi_gets_a_server_error(client, tokens):  # type: ignore[no-untyped-def]
    report = await fuzz_service(client, headers=broad_staff(tokens))
    print(report.summary())
    assert report.requests > report.operations
    assert not report.server_errors, "\n\n".join(report.server_errors)
