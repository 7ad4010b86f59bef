"""One OpenAPI document for the platform, merged by the gateway from real services served
over real HTTP (two stand-ins that both define `ItemOut`, one that is down, one that answers
something that is not OpenAPI).

No `from __future__ import annotations` here: the stand-ins define their models inside their
factories, where FastAPI could not resolve string annotations."""

import asyncio
import copy
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any, Literal

import httpx
import pytest
from fastapi import Depends, FastAPI, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from gateway_support import MIGRATIONS
from pydantic import BaseModel, Field

from gateway.app import create_app
from gateway.openapi import install_openapi
from gateway.openapi.merge import ServiceDocument, iter_operations, merge_documents
from gateway.settings import Settings
from govkit.servers import free_port
from govkit.testing import serve_app

# --- stand-in services -------------------------------------------------------------------


def content_stand_in() -> FastAPI:
    class Owner(BaseModel):
        name: str

    class ItemOut(BaseModel):
        id: int
        title: str
        owner: Owner

    class ItemIn(BaseModel):
        title: str = Field(min_length=1)

    app = FastAPI(title="content")

    @app.get("/items/{item_id}", response_model=ItemOut, tags=["站点"])
    async def get_item(item_id: int) -> ItemOut:
        return ItemOut(id=item_id, title="t", owner=Owner(name="n"))

    @app.post("/items", response_model=ItemOut, status_code=201, tags=["站点"])
    async def create_item(body: ItemIn) -> ItemOut:
        return ItemOut(id=1, title=body.title, owner=Owner(name="n"))

    @app.get("/healthz", tags=["运维"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["运维"])
    async def readyz() -> dict[str, str]:
        return {"status": "ready"}

    return app


def tickets_stand_in() -> FastAPI:
    class ItemOut(BaseModel):  # same name as content's, different shape
        code: str
        due: date

    class Cat(BaseModel):
        kind: Literal["cat"]
        lives: int

    class Dog(BaseModel):
        kind: Literal["dog"]
        good: bool

    bearer = HTTPBearer()
    app = FastAPI(title="tickets")

    @app.get("/items/{code}", response_model=ItemOut, tags=["工单"])
    async def get_item(
        code: str, token: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]
    ) -> ItemOut:
        return ItemOut(code=code, due=date(2025, 1, 1))

    @app.post("/pets")
    async def add_pet(pet: Annotated[Cat | Dog, Field(discriminator="kind")]) -> Cat | Dog:
        return pet

    return app


def not_openapi_stand_in() -> FastAPI:
    app = FastAPI(openapi_url=None)

    @app.get("/openapi.json")
    async def not_a_document() -> dict[str, str]:
        return {"hello": "world"}

    return app


@pytest.fixture(scope="module")
def stand_ins() -> Iterator[dict[str, str]]:
    with (
        serve_app(content_stand_in()) as content,
        serve_app(tickets_stand_in()) as tickets,
        serve_app(not_openapi_stand_in()) as search,
    ):
        yield {"content": content, "tickets": tickets, "search": search}


def with_openapi(**options: float) -> Callable[..., FastAPI]:
    def create(settings: Settings, **overrides: object) -> FastAPI:
        app = create_app(settings, **overrides)
        install_openapi(app, **options)
        return app

    return create


@asynccontextmanager
async def gateway_to(
    service_app: Any, urls: dict[str, str], **options: float
) -> AsyncIterator[httpx.AsyncClient]:
    async with service_app(
        with_openapi(**options),
        Settings,
        "gateway",
        MIGRATIONS,
        **{f"{name}_url": url for name, url in urls.items()},
    ) as client:
        yield client


@pytest.fixture
async def docs_gateway(service_app, stand_ins) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """content and tickets answer, policy is down, search answers with something else."""
    dead = f"http://127.0.0.1:{free_port()}"
    async with gateway_to(service_app, {**stand_ins, "policy": dead}) as client:
        yield client


@pytest.fixture
async def document(docs_gateway: httpx.AsyncClient) -> dict[str, Any]:
    response = await docs_gateway.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operation(document: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    return document["paths"][path][method]


def unavailable(document: dict[str, Any]) -> set[str]:
    return {s["name"] for s in document.get("x-unavailable-services", [])}


def references(node: Any) -> Iterator[str]:
    """Every `$ref`, and every schema a discriminator maps to."""
    if isinstance(node, list):
        for value in node:
            yield from references(value)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key == "discriminator" and isinstance(value, dict):
                yield from value.get("mapping", {}).values()
            else:
                yield from references(value)


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# --- the merged document -----------------------------------------------------------------


async def test_document_is_openapi_3_for_the_whole_platform(document):
    assert document["openapi"].startswith("3.")
    info = document["info"]
    assert info["title"] == "政务集约化平台 API" and info["version"]
    assert "Bearer" in info["description"] and "X-API-Key" in info["description"]
    assert document["paths"] and all(p.startswith("/") for p in document["paths"])
    assert all("responses" in op for op in iter_operations(document["paths"]))
    schemes = document["components"]["securitySchemes"]
    assert schemes["BearerJWT"]["scheme"] == "bearer"
    assert schemes["ApiKey"] == {**schemes["ApiKey"], "in": "header", "name": "X-API-Key"}


async def test_service_paths_are_prefixed_with_their_gateway_route(document):
    paths = document["paths"]
    assert {"/api/content/items/{item_id}", "/api/content/items"} <= set(paths)
    assert {"/api/tickets/items/{code}", "/api/tickets/pets"} <= set(paths)
    assert "/items" not in paths and "/pets" not in paths


async def test_operational_paths_of_services_are_left_out(document):
    assert not {"/api/content/healthz", "/api/content/readyz"} & set(document["paths"])


async def test_gateway_own_routes_are_in_the_document(document):
    services = operation(document, "/gateway/services")
    assert services["tags"] == ["网关"]
    item = services["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    assert item == {"$ref": "#/components/schemas/UpstreamStatus"}


async def test_same_named_schemas_stay_distinct(document):
    schemas = document["components"]["schemas"]
    assert "ItemOut" not in schemas
    assert "owner" in schemas["content_ItemOut"]["properties"]
    assert "code" in schemas["tickets_ItemOut"]["properties"]
    content = operation(document, "/api/content/items/{item_id}")["responses"]["200"]
    tickets = operation(document, "/api/tickets/items/{code}")["responses"]["200"]
    assert content["content"]["application/json"]["schema"]["$ref"].endswith("/content_ItemOut")
    assert tickets["content"]["application/json"]["schema"]["$ref"].endswith("/tickets_ItemOut")
    owner = schemas["content_ItemOut"]["properties"]["owner"]
    assert owner == {"$ref": "#/components/schemas/content_Owner"}


async def test_every_reference_resolves(document):
    refs = list(references(document))
    assert any("/content_" in r for r in refs) and any("/tickets_" in r for r in refs)
    for ref in refs:
        assert isinstance(resolve(document, ref), dict), ref
    pets = operation(document, "/api/tickets/pets", "post")["requestBody"]["content"]
    mapping = pets["application/json"]["schema"]["discriminator"]["mapping"]
    assert mapping == {
        "cat": "#/components/schemas/tickets_Cat",
        "dog": "#/components/schemas/tickets_Dog",
    }
    schemes = document["components"]["securitySchemes"]
    for op in iter_operations(document["paths"]):
        for requirement in op.get("security", []):
            assert set(requirement) <= set(schemes)
    for requirement in document["security"]:
        assert set(requirement) <= set(schemes)
    ticket = operation(document, "/api/tickets/items/{code}")
    assert ticket["security"] == [{"tickets_HTTPBearer": []}]


async def test_schemas_identical_to_the_gateways_are_kept_once(document):
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" in schemas
    assert not any(name.endswith("_HTTPValidationError") for name in schemas)
    invalid = operation(document, "/api/content/items", "post")["responses"]["422"]
    schema = invalid["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/HTTPValidationError"}


async def test_operation_ids_are_unique_and_name_their_service(document):
    ids = [op["operationId"] for op in iter_operations(document["paths"])]
    assert len(ids) == len(set(ids))
    assert operation(document, "/api/content/items/{item_id}")["operationId"].startswith("content_")
    assert operation(document, "/api/tickets/items/{code}")["operationId"].startswith("tickets_")


async def test_operations_are_grouped_by_service_title(document):
    assert operation(document, "/api/content/items/{item_id}")["tags"] == ["统一信息资源库 · 站点"]
    assert operation(document, "/api/tickets/items/{code}")["tags"] == ["12345 热线工单 · 工单"]
    assert operation(document, "/api/tickets/pets", "post")["tags"] == ["12345 热线工单"]
    groups = {g["name"]: g["tags"] for g in document["x-tagGroups"]}
    assert groups["统一信息资源库"] == ["统一信息资源库 · 站点"]
    assert "网关" in groups["API 网关"]
    declared = [t["name"] for t in document["tags"]]
    assert sorted(declared) == sorted(t for tags in groups.values() for t in tags)


async def test_services_down_or_not_openapi_are_listed_and_the_rest_still_merged(docs_gateway):
    response = await docs_gateway.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert unavailable(document) == {"policy", "search"}
    assert not any(p.startswith(("/api/policy/", "/api/search/")) for p in document["paths"])
    assert "/api/content/items" in document["paths"] and "/api/tickets/pets" in document["paths"]
    assert "惠企政策精准达（/api/policy）" in document["info"]["description"]


async def test_docs_pages_load_the_merged_document(docs_gateway):
    docs = await docs_gateway.get("/docs")
    assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
    assert "swagger-ui" in docs.text and "'/openapi.json'" in docs.text
    assert "政务集约化平台 API 文档" in docs.text
    redoc = await docs_gateway.get("/redoc")
    assert redoc.status_code == 200 and "/openapi.json" in redoc.text


async def test_a_service_back_up_reappears_soon_and_a_complete_document_is_kept(
    service_app, stand_ins
):
    port = free_port()
    policy, fetched = document_requests(content_stand_in())
    urls = {**stand_ins, "search": stand_ins["tickets"], "policy": f"http://127.0.0.1:{port}"}
    async with gateway_to(service_app, urls, ttl=60.0, retry_ttl=0.3) as client:
        assert unavailable((await client.get("/openapi.json")).json()) == {"policy"}
        with serve_app(policy, port=port):
            await asyncio.sleep(0.4)  # past the short delay kept for an incomplete document
            complete = (await client.get("/openapi.json")).json()
            assert "x-unavailable-services" not in complete
            assert "/api/policy/items/{item_id}" in complete["paths"]
            assert (await client.get("/openapi.json")).json() == complete
        assert (await client.get("/openapi.json")).json() == complete
        assert len(fetched) == 1  # complete: kept for the ttl, not fetched again


def document_requests(app: FastAPI) -> tuple[FastAPI, list[str]]:
    """`app`, and the list its /openapi.json requests are noted in."""
    seen: list[str] = []

    @app.middleware("http")
    async def note(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path == "/openapi.json":
            seen.append(request.url.path)
        return await call_next(request)

    return app, seen


# --- the merge rule, without HTTP ------------------------------------------------------------


def schema_doc(schemas: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {}, "paths": {}, "components": {"schemas": schemas}}


def test_a_schema_is_shared_only_if_what_it_refers_to_is_identical_too():
    wrapper = {"properties": {"detail": {"$ref": "#/components/schemas/ValidationError"}}}
    own = schema_doc({"HTTPValidationError": wrapper, "ValidationError": {"type": "object"}})
    theirs = schema_doc({"HTTPValidationError": wrapper, "ValidationError": {"type": "string"}})
    before = copy.deepcopy(own)
    merged = merge_documents(
        own,
        [ServiceDocument("svc", "服务", theirs)],
        info={"title": "t", "version": "1"},
        own_group="网关",
        security_schemes={},
    )
    schemas = merged["components"]["schemas"]
    assert schemas["svc_ValidationError"] == {"type": "string"}
    detail = schemas["svc_HTTPValidationError"]["properties"]["detail"]
    assert detail == {"$ref": "#/components/schemas/svc_ValidationError"}
    assert schemas["HTTPValidationError"] == wrapper  # the gateway's own, untouched
    assert own == before  # the gateway's cached schema is never modified
