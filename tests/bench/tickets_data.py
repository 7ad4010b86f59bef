"""A year of 12345 tickets at Datong's volume for the statistics benchmark: a city tree of
~150 units, the real messages' texts (so SimHash clusters are real), every kind, channel and
category, and states that follow age (old tickets closed and rated, some left overdue)."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from tickets.categories.catalogue import catalogue
from tickets.clock import CHINA
from tickets.settings import Settings
from tickets.tickets.fingerprint import simhash

KINDS = {
    "complaint": 34,
    "consultation": 26,
    "help": 15,
    "suggestion": 10,
    "report": 8,
    "other": 7,
}
WORKING_DAYS = {"consultation": 3, "help": 3, "other": 5}  # the rest: 13
CHANNELS = {
    "phone": 68,
    "web": 10,
    "wechat": 9,
    "sms": 4,
    "weibo": 3,
    "email": 3,
    "qq": 2,
    "fax": 1,
}
DISTRICTS = ["平城区", "云冈区", "新荣区", "云州区", "阳高县", "天镇县", "广灵县", "灵丘县"]
DISTRICTS += ["浑源县", "左云县"]
DEPARTMENTS = [
    "市城市管理局",
    "市住房和城乡建设局",
    "市生态环境局",
    "市交通运输局",
    "市公安局",
    "市市场监督管理局",
    "市人力资源和社会保障局",
    "市教育局",
    "市卫生健康委员会",
    "市自然资源局",
    "市民政局",
    "市农业农村局",
    "市医疗保障局",
    "市水务局",
    "市供热管理中心",
    "市文化和旅游局",
    "市应急管理局",
    "市商务局",
    "市发展和改革委员会",
    "市财政局",
    "市司法局",
    "市退役军人事务局",
    "市行政审批服务管理局",
    "市税务局",
    "市燃气公司",
]


@dataclass(frozen=True)
class UnitRow:
    code: str
    parent: str | None
    name: str
    kind: str
    path: tuple[str, ...]


def city_tree() -> list[UnitRow]:
    """City → 12345 centre and 25 departments; 10 districts/counties → 11 streets each."""
    units = [UnitRow("dt", None, "大同市人民政府", "city", ("dt",))]
    units.append(UnitRow("dt-rx", "dt", "市12345热线中心", "department", ("dt", "dt-rx")))
    for i, name in enumerate(DEPARTMENTS, 1):
        units.append(UnitRow(f"dt-d{i:02d}", "dt", name, "department", ("dt", f"dt-d{i:02d}")))
    for i, name in enumerate(DISTRICTS, 1):
        district = f"dt-q{i:02d}"
        units.append(UnitRow(district, "dt", name, "district", ("dt", district)))
        for j in range(1, 12):
            street = f"{district}-{j:02d}"
            units.append(
                UnitRow(street, district, f"{name}第{j}街道", "street", ("dt", district, street))
            )
    return units


def _weights(n: int, s: float) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


@dataclass
class Message:
    title: str
    content: str
    top: str
    simhash: int


def messages() -> list[Message]:
    cat = catalogue()
    out = []
    with (Settings().shared_data_dir / "12345" / "messages_labelled.jsonl").open(
        encoding="utf-8"
    ) as f:
        for line in f:
            row = json.loads(line)
            top = cat.top_code(row["category"])
            title, body = row["title"][:200], row["body"][:600]
            if top and len(title) >= 2 and len(body) >= 5:
                out.append(Message(title, body, top, simhash(title + body)))
    return out


class Generator:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.units = city_tree()
        # Tickets go to departments and streets; districts and the centre take a few.
        handlers = [u for u in self.units if u.kind in ("department", "street", "district")]
        self.rng.shuffle(handlers)
        self.handlers = handlers
        self.handler_weights = _weights(len(handlers), 0.7)
        cat = catalogue()
        self.leaves_by_top: dict[str, list[str]] = {}
        for c in cat.by_code.values():
            if c.level == 3:
                self.leaves_by_top.setdefault(c.top, []).append(c.code)
        self.messages = messages()
        self.rng.shuffle(self.messages)
        # A few messages are what many people write about (the same complaint over and over).
        self.message_weights = _weights(len(self.messages), 0.9)

    def _pick(self, table: dict[str, int]) -> str:
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    def _created(self, days: int) -> datetime:
        rng = self.rng
        while True:
            back = rng.random() * days
            day = (self.now - timedelta(days=back)).date()
            if day.weekday() >= 5 and rng.random() < 0.45:  # quieter weekends
                continue
            hour = min(23, max(0, int(rng.gauss(13, 4))))
            at = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), CHINA)
            if at <= self.now:
                return at

    def ticket(self, serial: int, created: datetime) -> dict[str, Any]:
        rng = self.rng
        kind = self._pick(KINDS)
        message = rng.choices(self.messages, weights=self.message_weights)[0]
        leaves = self.leaves_by_top[message.top]
        category = leaves[min(len(leaves) - 1, int(rng.expovariate(0.35)))]
        age_days = (self.now - created).total_seconds() / 86400
        working = WORKING_DAYS.get(kind, 13)
        due_on = created.date() + timedelta(days=round(working * 7 / 5) + 1)
        row: dict[str, Any] = {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "number": f"12345-{created:%Y%m%d}-{serial:06d}",
            "channel": self._pick(CHANNELS),
            "kind": kind,
            "title": message.title,
            "content": message.content,
            "category": category,
            "simhash": message.simhash,
            "created_at": created,
            "created_on": created.date(),
            "state": "received",
            "unit_code": None,
            "unit_path": [],
            "assigned_at": None,
            "due_on": None,
            "transfers": 0,
            "replied_at": None,
            "replied_on_time": None,
            "satisfaction": None,
            "closed_at": None,
        }
        if age_days < 0.05 and rng.random() < 0.6:
            return row  # just received, not yet dispatched
        unit = rng.choices(self.handlers, weights=self.handler_weights)[0]
        assigned = created + timedelta(minutes=rng.randint(5, 240))
        transfers = 1 if rng.random() < 0.08 else 2 if rng.random() < 0.02 else 0
        row |= {
            "state": "assigned",
            "unit_code": unit.code,
            "unit_path": list(unit.path),
            "assigned_at": min(assigned, self.now),
            "due_on": due_on,
            "transfers": transfers,
        }
        hours = rng.lognormvariate(3.6, 0.9)  # median ~36 h, a long tail past the deadline
        replied = assigned + timedelta(hours=hours)
        if replied > self.now or rng.random() < 0.015:  # 1.5% stuck: overdue or still open
            row["state"] = rng.choice(["assigned", "accepted", "in_progress", "in_progress"])
            return row
        row |= {
            "state": "replied",
            "replied_at": replied,
            "replied_on_time": replied.date() <= due_on,
        }
        if rng.random() < 0.75:
            row["satisfaction"] = rng.choices([5, 4, 3, 2, 1], weights=[55, 22, 9, 6, 8])[0]
            row["state"] = "rated"
        closed = replied + timedelta(hours=rng.uniform(2, 120))
        if closed <= self.now and rng.random() < 0.97:
            row |= {"state": "closed", "closed_at": closed}
        return row

    def tickets(self, n: int, days: int = 365) -> Iterator[dict[str, Any]]:
        """In the order they came in, as a live table is written (rows of a day sit together
        on disk)."""
        times = sorted(self._created(days) for _ in range(n))
        serial, day = 0, None
        for created in times:
            serial = serial + 1 if created.date() == day else 1
            day = created.date()
            yield self.ticket(serial, created)

    def transfer_times(self, row: dict[str, Any]) -> list[datetime]:
        """When the ticket's 转办 happened: after dispatch, before the reply (or now)."""
        if not row["transfers"]:
            return []
        start = row["assigned_at"]
        end = row["replied_at"] or self.now
        span = max((end - start).total_seconds(), 60)
        return sorted(
            start + timedelta(seconds=self.rng.uniform(0, span)) for _ in range(row["transfers"])
        )


def today_of(now: datetime) -> date:
    return now.astimezone(CHINA).date()


TICKET_DEFAULTS: dict[str, Any] = {
    "assist_units": [],
    "assist_paths": [],
    "due_estimated": False,
    "extension_days": 0,
    "urges": 0,
    "supervised": False,
    "reopened": 0,
    "duplicate_of": [],
    "version": 1,
}


async def load(conn: Any, n: int, now: datetime, seed: int = 12345) -> dict[str, int]:
    """COPY the unit tree, n tickets and their 转办 timeline entries over an asyncpg
    connection; counts of what went in."""
    gen = Generator(seed, now)
    await conn.copy_records_to_table(
        "units",
        records=[
            (u.code, uuid.uuid5(uuid.NAMESPACE_DNS, u.code), u.name, u.kind, u.parent, list(u.path))
            for u in gen.units
        ],
        columns=["code", "org_id", "name", "kind", "parent_code", "path"],
    )
    columns: list[str] = []
    batch: list[tuple[Any, ...]] = []
    timeline: list[tuple[Any, ...]] = []
    loaded = transfers = 0

    async def flush() -> None:
        nonlocal batch, timeline
        await conn.copy_records_to_table("tickets", records=batch, columns=columns)
        if timeline:
            await conn.copy_records_to_table(
                "ticket_timeline",
                records=timeline,
                columns=["ticket_id", "at", "action", "actor", "to_state", "data"],
            )
        batch, timeline = [], []

    for row in gen.tickets(n):
        row = TICKET_DEFAULTS | row
        if not columns:
            columns = list(row)
        batch.append(tuple(row[c] for c in columns))
        for at in gen.transfer_times(row):
            timeline.append(
                (
                    row["id"],
                    at,
                    "reassign",
                    "bench",
                    "assigned",
                    json.dumps({"unit": row["unit_code"]}),
                )
            )
            transfers += 1
        loaded += 1
        if len(batch) >= 20_000:
            await flush()
    await flush()
    return {"tickets": loaded, "transfers": transfers, "units": len(gen.units)}
