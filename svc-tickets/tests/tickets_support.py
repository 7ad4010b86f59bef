"""Builders for ticket tests: a small unit tree, identities by role, tickets in any state."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx

from govkit.contracts import OrgUpserted
from govkit.testing.tokens import TokenFactory
from tickets.clock import CHINA
from tickets.tickets.fingerprint import simhash
from tickets.tickets.models import Ticket, TimelineEntry
from tickets.units.service import apply_upserted

# (code, parent): city → district → street → community, plus a city department.
TREE = [
    ("city", None, "江城市人民政府", "city"),
    ("rx12345", "city", "市12345热线中心", "department"),
    ("cgj", "city", "市城市管理局", "department"),
    ("zjj", "city", "市住房和城乡建设局", "department"),
    ("xc", "city", "新城区", "district"),
    ("xc-01", "xc", "东街街道", "street"),
    ("xc-01-01", "xc-01", "东街幸福社区", "community"),
    ("xc-02", "xc", "西关街道", "street"),
    ("lc", "city", "老城区", "district"),
]
CITY_BUILDING = "01"  # 城乡建设
GAS = "01.02.13"  # 城乡建设 / 城市建设和市政管理 / 燃气供应


def path_of(code: str) -> list[str]:
    parents = {c: p for c, p, _, _ in TREE}
    path = [code]
    while parents[path[0]] is not None:
        path.insert(0, parents[path[0]])  # type: ignore[arg-type]
    return path


def app_of(client: httpx.AsyncClient) -> Any:
    return client._transport.app  # type: ignore[attr-defined]


async def seed_units(client: httpx.AsyncClient) -> None:
    async with app_of(client).state.db.transaction() as session:
        for code, parent, name, kind in TREE:
            await apply_upserted(
                session,
                OrgUpserted(
                    payload_version=1,
                    org_id=uuid.uuid5(uuid.NAMESPACE_DNS, code),
                    code=code,
                    name=name,
                    kind=kind,
                    parent_code=parent,
                    path=path_of(code),
                ),
            )


class Desk:
    """The people around a ticket, each with a bearer header."""

    def __init__(self, client: httpx.AsyncClient, tokens: TokenFactory) -> None:
        self.client = client
        self.tokens = tokens

    def _as(self, sub: str, roles: list[tuple[str, str]], **claims: Any) -> dict[str, str]:
        token = self.tokens.issue(sub, roles=[{"role": r, "scope": s} for r, s in roles], **claims)
        return self.tokens.bearer(token)

    @property
    def dispatcher(self) -> dict[str, str]:
        return self._as("dispatcher-1", [("dispatcher", "*")], org="rx12345")

    @property
    def supervisor(self) -> dict[str, str]:
        return self._as("supervisor-1", [("unit_supervisor", "*")], org="city")

    def handler(self, org: str) -> dict[str, str]:
        return self._as(f"handler-{org}", [("unit_handler", f"org:{org}")], org=org)

    def citizen(self, sub: str = "citizen-1") -> dict[str, str]:
        return self._as(sub, [("citizen", "*")], kind="citizen", name="张三")

    async def submit(self, headers: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
        body = {
            "channel": "web",
            "kind": "complaint",
            "title": "小区燃气管道漏气无人处理",
            "content": "东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天，请尽快处理。",
            "citizen_phone": "13800138000",
            **fields,
        }
        r = await self.client.post("/tickets", json=body, headers=headers or self.citizen())
        assert r.status_code == 201, r.text
        return r.json()

    async def act(
        self, ticket: dict[str, Any], action: str, headers: dict[str, str], **body: Any
    ) -> httpx.Response:
        return await self.client.post(
            f"/tickets/{ticket['id']}/actions/{action}", json=body, headers=headers
        )

    async def ok(
        self, ticket: dict[str, Any], action: str, headers: dict[str, str], **body: Any
    ) -> dict[str, Any]:
        r = await self.act(ticket, action, headers, **body)
        assert r.status_code == 200, r.text
        return r.json()

    async def assigned(self, unit: str = "xc-01", **fields: Any) -> dict[str, Any]:
        t = await self.submit(**fields)
        return await self.ok(t, "assign", self.dispatcher, unit_code=unit, category=GAS)

    async def replied(self, unit: str = "xc-01", **fields: Any) -> dict[str, Any]:
        t = await self.assigned(unit, **fields)
        h = self.handler(unit)
        await self.ok(t, "accept", h)
        return await self.ok(t, "reply", h, reply="已联系燃气公司上门检修，漏点已修复。")


# -- statistics: tickets written straight to the database, in any state and at any time ---------


def ticket_row(unit: str | None = "xc-01", *, at: datetime, **fields: Any) -> Ticket:
    """A ticket created at `at` (lead unit `unit`), with whatever else the test sets."""
    title = fields.pop("title", "小区燃气管道漏气无人处理")
    content = fields.pop("content", f"统计测试工单 {uuid.uuid4().hex[:8]}，请尽快处理。")
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "number": f"12345-{at:%Y%m%d}-{uuid.uuid4().int % 10**9:09d}",
        "channel": "phone",
        "kind": "complaint",
        "category": GAS,
        "state": "assigned" if unit else "received",
        "unit_code": unit,
        "unit_path": path_of(unit) if unit else [],
        "assist_units": [],
        "assist_paths": [],
        "created_at": at,
        "created_on": at.astimezone(CHINA).date(),
        "simhash": simhash(title + content),
        "duplicate_of": [],
    }
    return Ticket(title=title, content=content, **(values | fields))


def transfer_entry(ticket: Ticket, at: datetime) -> TimelineEntry:
    return TimelineEntry(
        ticket_id=ticket.id,
        at=at,
        action="reassign",
        actor="dispatcher-1",
        from_state="assigned",
        to_state="assigned",
        data={"unit": ticket.unit_code},
    )


async def insert_rows(client: httpx.AsyncClient, *rows: Any) -> None:
    async with app_of(client).state.db.transaction() as session:
        for row in rows:
            session.add(row)
            await session.flush()
