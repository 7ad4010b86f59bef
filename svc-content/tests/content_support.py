"""Builders for svc-content tests: a site with columns, editor/reviewer tokens, items in any
workflow state. Each test states only what matters to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

GENRE = "government.genre.tongzhi"  # 通知 (体裁)
SUBJECT = "person.subject.zhufang"  # 住房 (主题)
TOPIC = "09"  # 城乡建设、环境保护


@dataclass
class Desk:
    """A site with its editor, reviewer and a few columns."""

    client: httpx.AsyncClient
    site: str
    editor: dict[str, str]
    reviewer: dict[str, str]
    admin: dict[str, str]

    async def create(self, **fields: Any) -> dict[str, Any]:
        body = {
            "column_code": "news",
            "kind": "news",
            "title": "关于做好住房保障工作的通知",
            "body_html": "<p>各区县人民政府：现将有关事项通知如下。</p>",
            "tag_codes": [GENRE, SUBJECT],
            "topic": TOPIC,
            **fields,
        }
        r = await self.client.post(
            f"/editorial/sites/{self.site}/items", json=body, headers=self.editor
        )
        assert r.status_code == 201, r.text
        return r.json()

    async def act(
        self, item_id: str, action: str, who: dict[str, str] | None = None, **body: Any
    ) -> httpx.Response:
        headers = who or (self.reviewer if action in ("approve", "return") else self.editor)
        params = {"confirm_findings": "true"} if body.pop("confirm", False) else None
        return await self.client.post(
            f"/editorial/items/{item_id}/{action}", json=body, headers=headers, params=params
        )

    async def publish(self, **fields: Any) -> dict[str, Any]:
        """Create an item and take it through submit → approve → publish."""
        confirm = fields.pop("confirm", False)
        item = await self.create(**fields)
        for action in ("submit", "approve", "publish"):
            r = await self.act(item["id"], action, confirm=confirm and action == "submit")
            assert r.status_code == 200, r.text
        return r.json()


async def make_desk(client: httpx.AsyncClient, tokens: Any, site: str = "portal") -> Desk:
    admin = tokens.bearer(tokens.admin())
    r = await client.put("/sites", json={"code": site, "name": f"{site}网站"}, headers=admin)
    assert r.status_code == 200, r.text
    editor = tokens.bearer(
        tokens.issue(
            f"{site}-editor", roles=[{"role": "site_editor", "scope": f"site:{site}"}], org="zfb"
        )
    )
    reviewer = tokens.bearer(
        tokens.issue(f"{site}-reviewer", roles=[{"role": "site_reviewer", "scope": f"site:{site}"}])
    )
    for code, name, parent in (
        ("xxgk", "信息公开", None),
        ("zcwj", "政策文件", "xxgk"),
        ("zcjd", "政策解读", "xxgk"),
        ("news", "新闻动态", None),
        ("tzgg", "通知公告", None),
        ("bsfw", "办事服务", None),
    ):
        r = await client.put(
            f"/sites/{site}/columns",
            json={"code": code, "name": name, "parent_code": parent, "update_period_days": 7},
            headers=editor,
        )
        assert r.status_code == 200, r.text
    return Desk(client, site, editor, reviewer, admin)


POLICY_FIELDS: dict[str, Any] = {
    "column_code": "zcwj",
    "kind": "policy_document",
    "title": "江城市人民政府关于促进中小企业高质量发展的若干措施",
    "document_number": "江政发〔2026〕12号",
    "issuing_body": "江城市人民政府",
    "written_on": "2026-03-01",
    "validity": "valid",
    "topic": "06",
}
