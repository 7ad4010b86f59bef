"""svc-content's authorization matrix: every route × every persona, against one world on site
A (a draft, a published item with an attachment, a live solicitation with a pending comment,
a live survey, a live interview with a pending question, a tag request). Side B is site B's
editor and reviewer, and the other citizen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from content_support import GENRE, SUBJECT, TOPIC

from content.app import create_app
from content.settings import Settings
from govkit.testing import TokenFactory
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

WORLD = World(site="site-a", other_site="site-b")
SITE = WORLD.site
EDITOR = {"site_editor", "platform_admin"}
REVIEWER = {"site_reviewer", "platform_admin"}
EDITORIAL = {"site_editor", "site_reviewer", "platform_admin"}
DRAFT_TITLE = "矩阵草稿信息"  # nobody outside site A's desk may read it
PENDING_COMMENT = "矩阵待审意见"
PENDING_QUESTION = "矩阵网友提问"
NOW = datetime.now(UTC)
OPEN = {
    "opens_at": (NOW - timedelta(days=1)).isoformat(),
    "closes_at": (NOW + timedelta(days=7)).isoformat(),
}
ITEM = {
    "column_code": "news",
    "kind": "news",
    "title": "关于做好住房保障工作的通知",
    "body_html": "<p>各区县人民政府：现将有关事项通知如下。</p>",
    "tag_codes": [GENRE, SUBJECT],
    "topic": TOPIC,
}
QUESTIONS = [{"kind": "single", "title": "您是否满意？", "options": ["满意", "不满意"]}]
TAG_REASON = "矩阵标签申请理由"  # builder-editor's request: others must not read it
TAG_REQUEST = {"action": "retire", "tag_code": SUBJECT, "reason": TAG_REASON}
PDF = b"%PDF-1.4\n%matrix\n"


def draft(ids: dict[str, Any]) -> str:
    return str(ids["draft_id"])


def live(ids: dict[str, Any]) -> str:
    return str(ids["item_id"])


TABLE: dict[str, Any] = {
    **SERVICE_BASICS,
    "GET /me/data": allow(SIGNED_IN, owners={"citizen"}),
    # -- public reads: published items only, never a draft ------------------------------------
    "GET /sites/{site_code}/items/{item_id}": [
        allow(EVERYONE, owners=(), name="published"),
        allow(path={"item_id": draft}, name="draft"),  # nobody: 404 for all
    ],
    "GET /items/{item_id}": [
        allow(EVERYONE, owners=(), name="published"),
        allow(path={"item_id": draft}, name="draft"),
    ],
    "GET /sites/{site_code}/items": allow(EVERYONE, owners=()),
    "GET /sites/{site_code}/latest": allow(EVERYONE, owners=()),
    "GET /sites/{site_code}/catalogue": allow(EVERYONE, owners=()),
    "GET /attachments/{attachment_id}": PUBLIC,
    # -- sites and columns: the site's editors --------------------------------------------------
    "GET /sites": PUBLIC,
    "GET /sites/{code}": PUBLIC,
    "PUT /sites": allow(ADMIN, json={"code": "site-c", "name": "新站点"}),
    "PATCH /sites/{code}": allow(EDITOR, json={"name": "甲站点"}),
    "GET /sites/{site_code}/columns": PUBLIC,
    "PUT /sites/{site_code}/columns": allow(EDITOR, json={"code": "tzgg", "name": "通知公告"}),
    "GET /sites/{site_code}/columns/{code}/sources": allow(EVERYONE, path={"code": "news"}),
    "PUT /sites/{site_code}/columns/{code}/sources": allow(
        EDITOR, path={"code": "news"}, json={"sources": []}
    ),
    # -- tags: staff ask, the platform office decides, a unit claims ---------------------------
    "GET /tags": PUBLIC,
    "GET /tags/{code}": allow(EVERYONE, path={"code": SUBJECT}),
    # Each their own requests (citizens have none); the platform office sees everyone's.
    "GET /tags/requests": allow(SIGNED_IN, owners=ADMIN),
    "POST /tags/requests": allow(
        SIGNED_IN - {"citizen", "citizen_other", "enterprise", "enterprise_other"},
        json=TAG_REQUEST,
    ),
    "POST /tags/requests/{request_id}/approve": allow(ADMIN, json={"note": "同意"}),
    "POST /tags/requests/{request_id}/reject": allow(ADMIN, json={"note": "不同意"}),
    # Staff of a unit: only the handlers' tokens name an org.
    "POST /tags/{code}/claim": allow("unit_handler", "unit_handler_other", path={"code": GENRE}),
    # -- editorial workflow on site A ---------------------------------------------------------
    "POST /editorial/sites/{site_code}/items": allow(EDITOR, json=ITEM),
    "GET /editorial/sites/{site_code}/queue": allow(EDITORIAL),
    "GET /editorial/items/{item_id}": allow(EDITORIAL, path={"item_id": draft}),
    "GET /editorial/items/{item_id}/audit": allow(EDITORIAL, path={"item_id": draft}),
    "PATCH /editorial/items/{item_id}": allow(
        EDITOR, path={"item_id": draft}, json={"revision": 1, "summary": "摘要"}
    ),
    "POST /editorial/items/{item_id}/attachments": allow(
        EDITOR, path={"item_id": draft}, files={"file": ("a.pdf", PDF, "application/pdf")}
    ),
    "DELETE /editorial/items/{item_id}/attachments/{attachment_id}": allow(EDITOR, missing=True),
    "POST /editorial/items/{item_id}/submit": allow(EDITOR, path={"item_id": draft}, json={}),
    "POST /editorial/items/{item_id}/return": allow(
        REVIEWER, path={"item_id": draft}, json={"reason": "请补充正文"}
    ),
    "POST /editorial/items/{item_id}/approve": allow(REVIEWER, path={"item_id": draft}, json={}),
    "POST /editorial/items/{item_id}/publish": allow(
        EDITORIAL, path={"item_id": draft}, json={"publish_at": None}
    ),
    "POST /editorial/items/{item_id}/unschedule": allow(EDITORIAL, path={"item_id": draft}),
    "POST /editorial/items/{item_id}/editions": allow(EDITOR),
    "POST /editorial/items/{item_id}/withdraw": allow(EDITORIAL, json={"reason": "内容有误"}),
    # -- monitoring -----------------------------------------------------------------------------
    "GET /monitoring/words": allow(
        "site_editor", "site_editor_other", "site_reviewer", "site_reviewer_other", ADMIN
    ),
    "PUT /monitoring/words": allow(
        ADMIN, json={"kind": "mistyped", "word": "既使", "suggestion": "即使"}
    ),
    "POST /monitoring/check": allow(
        "site_editor",
        "site_editor_other",
        "site_reviewer",
        "site_reviewer_other",
        ADMIN,
        json={"text": "既使如此"},
    ),
    "POST /monitoring/sites/{site_code}/runs": allow(EDITORIAL),
    "GET /monitoring/sites/{site_code}/runs/latest": allow(EDITORIAL, missing=True),
    "GET /monitoring/ranking": allow(ADMIN),
    # -- participation: anyone signed in takes part; site A's desk moderates --------------------
    "GET /sites/{site_code}/participation": PUBLIC,
    "GET /surveys/{item_id}": allow(EVERYONE, path={"item_id": lambda ids: ids["survey_id"]}),
    "GET /interviews/{item_id}": allow(EVERYONE, path={"item_id": lambda ids: ids["interview_id"]}),
    "GET /solicitations/{item_id}": allow(
        EVERYONE, path={"item_id": lambda ids: ids["solicitation_id"]}
    ),
    "GET /solicitations/{item_id}/comments": allow(
        EVERYONE, owners=(), path={"item_id": lambda ids: ids["solicitation_id"]}
    ),
    "POST /solicitations/{item_id}/comments": allow(
        SIGNED_IN, path={"item_id": lambda ids: ids["solicitation_id"]}, json={"body": "建议"}
    ),
    "GET /editorial/solicitations/{item_id}/comments": allow(
        EDITORIAL, path={"item_id": lambda ids: ids["solicitation_id"]}
    ),
    "POST /editorial/comments/{comment_id}/{action}": allow(
        EDITORIAL, path={"action": "approve"}, json={}
    ),
    "PUT /editorial/solicitations/{item_id}/feedback": allow(
        EDITOR,
        path={"item_id": lambda ids: ids["solicitation_id"]},
        json={"received": 1, "adopted": 0, "text": "感谢参与"},
    ),
    "GET /surveys/{item_id}/questions": allow(
        EVERYONE, path={"item_id": lambda ids: ids["survey_id"]}
    ),
    "GET /surveys/{item_id}/results": allow(
        EVERYONE, path={"item_id": lambda ids: ids["survey_id"]}
    ),
    "GET /editorial/surveys/{item_id}/questions": allow(
        EDITORIAL, path={"item_id": lambda ids: ids["survey_id"]}
    ),
    "PUT /editorial/surveys/{item_id}/questions": allow(
        EDITOR, path={"item_id": lambda ids: ids["survey_id"]}, json={"questions": QUESTIONS}
    ),
    "POST /surveys/{item_id}/responses": allow(
        SIGNED_IN,
        path={"item_id": lambda ids: ids["survey_id"]},
        json=lambda ids: {"answers": [{"question_id": ids["question_id"], "options": ["1"]}]},
    ),
    "GET /interviews/{item_id}/qa": allow(
        EVERYONE, owners=(), path={"item_id": lambda ids: ids["interview_id"]}
    ),
    "POST /interviews/{item_id}/questions": allow(
        SIGNED_IN,
        path={"item_id": lambda ids: ids["interview_id"]},
        json={"body": "请问何时实施？"},
    ),
    "GET /editorial/interviews/{item_id}/questions": allow(
        EDITORIAL, path={"item_id": lambda ids: ids["interview_id"]}
    ),
    "POST /editorial/interview-questions/{question_id}/answer": allow(
        EDITOR,
        path={"question_id": lambda ids: ids["asked_id"]},
        json={"answer": "预计明年实施。"},
    ),
    "POST /editorial/interview-questions/{question_id}/reject": allow(
        EDITOR, path={"question_id": lambda ids: ids["asked_id"]}, json={}
    ),
    "POST /editorial/interviews/{item_id}/close": allow(
        EDITOR, path={"item_id": lambda ids: ids["interview_id"]}
    ),
    # -- 千人千网: each their own follows and feed ----------------------------------------------
    "GET /subscriptions/me": allow(SIGNED_IN),
    "PUT /subscriptions/me": allow(SIGNED_IN, json={"tags": [SUBJECT]}),
    "GET /feed/me": allow(SIGNED_IN),
}


class Builder:
    """Site A's own desk (not the matrix's personas), building the world through the API."""

    def __init__(self, client: httpx.AsyncClient, tokens: TokenFactory) -> None:
        self.client = client
        self.admin = tokens.bearer(tokens.admin())
        self.editor = tokens.bearer(
            tokens.issue("builder-editor", roles=[{"role": "site_editor", "scope": f"site:{SITE}"}])
        )
        self.reviewer = tokens.bearer(
            tokens.issue(
                "builder-reviewer", roles=[{"role": "site_reviewer", "scope": f"site:{SITE}"}]
            )
        )

    async def ok(self, method: str, url: str, headers: dict[str, str], **kw: Any) -> Any:
        r = await self.client.request(method, url, headers=headers, **kw)
        assert r.status_code in (200, 201), f"{method} {url}: {r.text}"
        return r.json()

    async def item(self, **fields: Any) -> str:
        created = await self.ok(
            "POST", f"/editorial/sites/{SITE}/items", self.editor, json={**ITEM, **fields}
        )
        return str(created["id"])

    async def publish(self, item_id: str) -> None:
        await self.ok("POST", f"/editorial/items/{item_id}/submit", self.editor, json={})
        await self.ok("POST", f"/editorial/items/{item_id}/approve", self.reviewer, json={})
        await self.ok("POST", f"/editorial/items/{item_id}/publish", self.editor, json={})


async def world(
    client: httpx.AsyncClient, tokens: TokenFactory, headers: dict[str, Any]
) -> dict[str, Any]:
    b = Builder(client, tokens)
    for code in (SITE, WORLD.other_site):
        await b.ok("PUT", "/sites", b.admin, json={"code": code, "name": f"{code}网站"})
    await b.ok("PUT", f"/sites/{SITE}/columns", b.editor, json={"code": "news", "name": "新闻动态"})
    draft_id = await b.item(title=DRAFT_TITLE)
    item_id = await b.item(title="矩阵已发布信息")
    attachment = await b.ok(
        "POST",
        f"/editorial/items/{item_id}/attachments",
        b.editor,
        files={"file": ("a.pdf", PDF, "application/pdf")},
    )
    await b.publish(item_id)
    solicitation_id = await b.item(kind="solicitation", title="公开征求意见", fields=OPEN)
    await b.publish(solicitation_id)
    comment = await b.ok(
        "POST",
        f"/solicitations/{solicitation_id}/comments",
        headers["citizen"],
        json={"body": PENDING_COMMENT},
    )
    survey_id = await b.item(kind="survey", title="满意度调查", fields=OPEN)
    questions = await b.ok(
        "PUT", f"/editorial/surveys/{survey_id}/questions", b.editor, json={"questions": QUESTIONS}
    )
    await b.publish(survey_id)
    starts = (NOW + timedelta(hours=2)).isoformat()
    interview_id = await b.item(
        kind="interview",
        title="在线访谈",
        fields={"starts_at": starts, "guests": ["市住建局局长 王明"]},
    )
    await b.publish(interview_id)
    asked = await b.ok(
        "POST",
        f"/interviews/{interview_id}/questions",
        headers["citizen"],
        json={"body": PENDING_QUESTION},
    )
    request = await b.ok("POST", "/tags/requests", b.editor, json=TAG_REQUEST)
    return {
        "site_code": SITE,
        "code": SITE,
        "draft_id": draft_id,
        "item_id": item_id,
        "attachment_id": attachment["id"],
        "solicitation_id": solicitation_id,
        "comment_id": comment["id"],
        "survey_id": survey_id,
        "question_id": questions[0]["id"],
        "interview_id": interview_id,
        "asked_id": asked["id"],
        "request_id": request["id"],
        "dead_letter_id": 999_999,
    }


def test_every_route_has_an_expectation() -> None:
    assert coverage_problems(create_app(Settings()), TABLE) == []


async def test_no_persona_acts_outside_its_scope(client, tokens):
    headers = persona_headers(tokens.issue, WORLD)
    ids = await world(client, tokens, headers)
    secrets = [DRAFT_TITLE, PENDING_COMMENT, PENDING_QUESTION, TAG_REASON]
    failures, sent = await run_matrix(client, TABLE, headers, ids, secrets=secrets)
    assert not failures, f"{len(failures)} of {sent} cells:\n" + "\n".join(failures)
