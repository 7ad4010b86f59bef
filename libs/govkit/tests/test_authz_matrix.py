"""The matrix machinery itself: coverage of the route table, and what counts as a failure."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from govkit.auth import CurrentIdentity
from govkit.errors import install_error_handlers
from govkit.testing import TokenFactory
from govkit.testing.authz import (
    ADMIN,
    PUBLIC,
    SIGNED_IN,
    allow,
    coverage_problems,
    persona_headers,
    route_keys,
    run_matrix,
)


def small_app(tokens: TokenFactory) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.state.verifier = tokens.verifier()
    install_error_handlers(app)

    @app.get("/open")
    async def open_() -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/records/{record_id}")
    async def record(record_id: str, identity: CurrentIdentity) -> dict[str, str]:
        # Deliberately unscoped: every signed-in person reads record A's secret.
        return {"id": record_id, "secret": "S3CRET"}

    return app


async def matrix(table, tokens: TokenFactory) -> list[str]:  # type: ignore[no-untyped-def]
    app = small_app(tokens)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        failures, _ = await run_matrix(
            client, table, persona_headers(tokens.issue), {"record_id": "a"}, secrets=["S3CRET"]
        )
    return failures


def test_a_route_without_an_expectation_fails_coverage(tokens):
    app = small_app(tokens)
    assert route_keys(app) == ["GET /open", "GET /records/{record_id}"]
    assert coverage_problems(app, {"GET /open": PUBLIC, "GET /gone": PUBLIC}) == [
        "unclassified route: GET /records/{record_id}",
        "no such route: GET /gone",
    ]


async def test_a_denied_persona_that_gets_in_is_a_failure(tokens):
    failures = await matrix({"GET /open": PUBLIC, "GET /records/{record_id}": allow(ADMIN)}, tokens)
    denied = {f.split(" as ")[1].split(":")[0] for f in failures}
    assert denied == SIGNED_IN - ADMIN  # anonymous and partners were refused by govkit


async def test_a_non_owner_who_sees_a_secret_is_a_failure(tokens):
    table = {"GET /open": PUBLIC, "GET /records/{record_id}": allow(SIGNED_IN, owners={"citizen"})}
    failures = await matrix(table, tokens)
    assert len(failures) == len(SIGNED_IN) - 1
    assert all(f.startswith("sees side A's ['S3CRET']") for f in failures)
