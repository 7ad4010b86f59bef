"""svc-search's authorization matrix: every route × every persona, against one world (a
document of site A, a best bet pinned on it for site A, a synonym group). Side B is the
editor of another site."""

from __future__ import annotations

from typing import Any

import httpx
from search_builders import index, item

from govkit.testing.authz import (
    ADMIN,
    EVERYONE,
    PUBLIC,
    SERVICE_BASICS,
    SIGNED_IN,
    World,
    allow,
    coverage_problems,
    persona_headers,
    run_matrix,
)
from search.app import create_app
from search.settings import Settings

WORLD = World()
EDITORS = {"site_editor", "site_editor_other", "platform_admin"}
SYNONYMS = {"terms": ["公积金", "住房公积金"]}

TABLE: dict[str, Any] = {
    **SERVICE_BASICS,
    "GET /me/data": allow(SIGNED_IN),  # each their own
    "GET /search": allow(EVERYONE, params={"q": "社保卡"}),
    "GET /suggest": allow(EVERYONE, params={"q": "社保"}),
    "GET /qa": allow(EVERYONE, params={"q": "社保卡怎么办理"}),
    "GET /sites": PUBLIC,
    "GET /analytics/hot": PUBLIC,
    "GET /analytics/zero-results": allow(EDITORS),
    "GET /synonyms": PUBLIC,
    "POST /synonyms": allow(EDITORS, json={"terms": ["社保卡", "社会保障卡"]}),
    "PUT /synonyms/{group_id}": allow(EDITORS, json=SYNONYMS),
    "DELETE /synonyms/{group_id}": allow(EDITORS, missing=True),  # the first deletes it
    # Pinning is per site: site A's editor for site A, the admin for all sites.
    "GET /best-bets": allow(EDITORS),
    "POST /best-bets": allow(
        "site_editor",
        "platform_admin",
        json=lambda ids: {"query": "社保", "site": WORLD.site, "doc_id": ids["doc_id"]},
    ),
    "DELETE /best-bets/{bet_id}": allow("site_editor", "platform_admin", missing=True),
    "GET /admin/index": allow(ADMIN),
    "POST /admin/reindex": allow(ADMIN),
}


async def world(client: httpx.AsyncClient, headers: dict[str, dict[str, str]]) -> dict[str, Any]:
    doc = item(title="社保卡办理网点一览", site_code=WORLD.site)
    await index(client, doc)
    admin = headers["platform_admin"]
    bet = await client.post(
        "/best-bets",
        json={"query": "社保卡", "site": WORLD.site, "doc_id": f"content:{doc.item_id}"},
        headers=admin,
    )
    assert bet.status_code == 201, bet.text
    group = await client.post("/synonyms", json=SYNONYMS, headers=admin)
    assert group.status_code == 201, group.text
    return {
        "doc_id": f"content:{doc.item_id}",
        "bet_id": bet.json()["id"],
        "group_id": group.json()["id"],
        "dead_letter_id": 999_999,
    }


def test_every_route_has_an_expectation(tmp_path) -> None:
    app = create_app(Settings(index_path=str(tmp_path / "index")))
    assert coverage_problems(app, TABLE) == []


async def test_no_persona_acts_outside_its_scope(client, tokens):
    headers = persona_headers(tokens.issue, WORLD)
    ids = await world(client, headers)
    failures, sent = await run_matrix(client, TABLE, headers, ids)
    assert not failures, f"{len(failures)} of {sent} cells:\n" + "\n".join(failures)
