"""Bad input to the policy library: problem+json in Chinese, and nothing changed."""

from __future__ import annotations

import uuid

import httpx
import pytest
from test_policy_api import ENTERPRISE, officer

MISSING = "00000000-0000-4000-8000-000000000000"
POLICY = {
    "title": "江城市稳增长若干措施",
    "issuing_body": "江城市人民政府",
    "published_on": "2026-01-01",
}


def problem(r: httpx.Response, status: int, code: str | None = None) -> dict:  # type: ignore[type-arg]
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert not body["title"].isascii() and not body["detail"].isascii()
    if code:
        assert body["code"] == code
    return body  # type: ignore[no-any-return]


async def policies(client, tokens) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    """Every stored policy, as an officer lists them (the public sees only active ones)."""
    r = await client.get("/policies", headers=officer(tokens))
    listed = ("industry_names", "measure_count", "reward_types")  # the list's own extras
    return [{k: v for k, v in p.items() if k not in listed} for p in r.json()["items"]]


@pytest.mark.parametrize(
    "number",
    [
        "关于印发的通知",
        "江政规〔26〕3号",
        "江政规〔2026〕03号",
        "江政规〔1900〕3号",
        "JZG〔2026〕3号",
    ],
)
async def test_an_invalid_document_number_is_422_and_not_stored(client, tokens, number):
    r = await client.post(
        "/policies", json={**POLICY, "document_number": number}, headers=officer(tokens)
    )
    body = problem(r, 422, "validation_failed")
    assert [e["field"] for e in body["errors"]] == ["document_number"]
    assert await policies(client, tokens) == []


async def test_document_number_brackets_are_normalised(client, tokens):
    r = await client.post(
        "/policies",
        json={**POLICY, "document_number": "江政规（2026）3号"},
        headers=officer(tokens),
    )
    assert r.status_code == 201 and r.json()["document_number"] == "江政规〔2026〕3号"


async def test_a_content_item_belongs_to_one_policy_only(client, tokens):
    body = {**POLICY, "content_item_id": str(uuid.uuid4())}
    assert (await client.post("/policies", json=body, headers=officer(tokens))).status_code == 201
    r = await client.post("/policies", json={**body, "title": "另一条"}, headers=officer(tokens))
    problem(r, 409, "content_item_taken")
    assert [p["title"] for p in await policies(client, tokens)] == [POLICY["title"]]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/policies/abc", 422, "validation_failed"),
        (f"/policies/{MISSING}", 404, "policy_not_found"),
        ("/policies?status=approved", 422, "validation_failed"),
        ("/content-items/abc/policies", 422, "validation_failed"),
        (f"/content-items/{MISSING}/policies", 404, "item_not_linked"),
        (f"/measures/{MISSING}", 404, "measure_not_found"),
    ],
)
async def test_bad_reads_are_problems_in_chinese(client, path, status, code):
    problem(await client.get(path), status, code)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"industries": ["Q9"]},
        {"industries": "C"},
        {"districts": [""]},
        {"title": "改名"},
        {"industries": None, "districts": None},
    ],
)
async def test_a_bad_scope_is_422_and_changes_nothing(client, tokens, body):
    created = await client.post("/policies", json=POLICY, headers=officer(tokens))
    r = await client.patch(f"/policies/{created.json()['id']}", json=body, headers=officer(tokens))
    problem(r, 422, "validation_failed")
    assert await policies(client, tokens) == [created.json()]


async def test_only_policy_officers_structure_policies(client, tokens):
    created = (await client.post("/policies", json=POLICY, headers=officer(tokens))).json()
    mine = tokens.bearer(tokens.enterprise(ENTERPRISE))
    url = f"/policies/{created['id']}"
    problem(await client.patch(url, json={"industries": ["C"]}, headers=mine), 403)
    problem(await client.post(f"{url}/activate", headers=mine), 403)
    problem(await client.patch(url, json={"industries": ["C"]}), 401)
    assert await policies(client, tokens) == [created]


async def test_activating_a_missing_or_active_policy_is_refused(client, tokens):
    created = (await client.post("/policies", json=POLICY, headers=officer(tokens))).json()
    problem(
        await client.post(f"/policies/{uuid.uuid4()}/activate", headers=officer(tokens)),
        404,
        "policy_not_found",
    )
    problem(
        await client.post(f"/policies/{created['id']}/activate", headers=officer(tokens)),
        409,
        "policy_not_draft",
    )
    problem(
        await client.patch(
            f"/policies/{uuid.uuid4()}", json={"industries": ["C"]}, headers=officer(tokens)
        ),
        404,
        "policy_not_found",
    )
    assert await policies(client, tokens) == [created]


async def test_a_measure_with_a_malformed_service_item_is_422(client, tokens):
    created = (await client.post("/policies", json=POLICY, headers=officer(tokens))).json()
    r = await client.post(
        f"/policies/{created['id']}/measures",
        json={
            "title": "奖励",
            "reward_type": "资金奖励",
            "condition": {"op": "gte", "field": "employees", "value": 1},
            "apply_item_id": "办事指南",
        },
        headers=officer(tokens),
    )
    assert problem(r, 422)["errors"][0]["field"] == "apply_item_id"
    assert (await client.get(f"/policies/{created['id']}")).json()["measures"] == []
