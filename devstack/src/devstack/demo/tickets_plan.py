"""The life each demo ticket will have: where it ends (every state), by which channel and
kind, from which area, through which detours (下派, 转办, 退回, 延期, 协办, 督办, 重办) and
how the caller rated it. Deterministic for a seed; tickets_loader.py plays it through
svc-tickets' service layer."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from devstack.demo.orgs import DISTRICTS
from devstack.demo.tickets_data import Message, district_of, keyword_category, kind_of

CHANNELS = ["phone", "web", "wechat", "sms", "email", "qq", "weibo", "fax"]
CHANNEL_WEIGHTS = [46, 15, 17, 5, 5, 4, 6, 2]
KINDS = ["consultation", "help", "complaint", "report", "suggestion", "other"]
KIND_WEIGHTS = [26, 14, 32, 8, 14, 6]
# Where tickets end, in an order that lists every state in the first eight tickets.
FINALS = [
    "closed",
    "rated",
    "replied",
    "in_progress",
    "accepted",
    "assigned",
    "returned",
    "received",
]
FINAL_WEIGHTS = [52, 14, 10, 9, 4, 5, 2, 4]
ANSWERED = ("replied", "rated", "closed")
# The demo citizen's own tickets: one to rate, others at every stage.
CITIZEN_FINALS = ["replied", "closed", "in_progress", "rated", "received", "accepted"]
SATISFACTION = [5, 4, 3, 2, 1]
SATISFACTION_WEIGHTS = [56, 25, 8, 5, 6]
# Departments a ticket is sometimes sent to by mistake (and returned from).
WRONG_UNITS = ["zjj", "cgj", "sthjj", "rsj", "scjgj", "jtysj", "wjw", "jyj"]
# Departments that co-handle (协办) now and then.
ASSISTS = ["cgj", "sthjj", "scjgj", "gaj", "zrzyj", "yjglj"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
DEFAULT_TOP = "城乡建设"  # the largest class when nothing better is known


@dataclass
class Plan:
    message: Message
    final: str
    channel: str
    kind: str
    created_at: datetime
    top: str  # level-1 category name
    path: tuple[str, ...]  # category path (level 1 to 3)
    suggested: str | None  # the classifier's level-1 name
    area: str  # district or street code
    caller: str
    phone: str
    citizen: bool = False  # submitted by the demo citizen account
    direct: bool = False  # answered by the hotline itself (直接答复)
    bounce_to: str | None = None  # first sent to this unit, which returns it (退回)
    pass_down: bool = False  # the district passes it to the street (下派)
    transfer: bool = False  # the unit signs, then the dispatcher moves it (转办)
    assist: str | None = None  # co-handling unit (协办)
    extension: str | None = None  # "approve" | "reject"
    urged: bool = False  # 督办/催办
    late: bool = False  # replied after the deadline
    overdue: bool = False  # open and past its deadline
    satisfaction: int | None = None
    reopen: bool = False
    location: tuple[float, float, str] | None = None
    callback: bool = False  # the caller left a number in the message (masked when public)


# 江城市's centre (a plausible mid-sized city in 江西) and rough district centres around it.
CENTRE = (115.892, 28.676)
OFFSETS = [(0.0, 0.0), (-0.03, 0.02), (0.05, -0.04), (0.07, 0.05), (-0.08, -0.03), (0.1, 0.1)]


def district_centre(index: int) -> tuple[float, float]:
    if index < len(OFFSETS):
        dx, dy = OFFSETS[index]
    else:  # counties further out
        dx, dy = ((-0.35, 0.3), (0.4, -0.25), (-0.3, -0.4))[(index - len(OFFSETS)) % 3]
    return CENTRE[0] + dx, CENTRE[1] + dy


def _streets(code: str) -> list[str]:
    for d_code, _, streets, _ in DISTRICTS:
        if d_code == code:
            return [f"{code}-{i:02d}" for i in range(1, len(streets) + 1)]
    return []


def _weighted(rng: random.Random, options: list[str], weights: list[int], index: int) -> str:
    return options[index] if index < len(options) else rng.choices(options, weights)[0]


def _created_at(
    rng: random.Random, plan_final: str, kind: str, overdue: bool, now: datetime
) -> datetime:
    hours = rng.uniform
    if plan_final == "received":
        back = timedelta(hours=hours(0.2, 8))
    elif overdue:
        back = timedelta(days=rng.uniform(20, 50))
    elif plan_final in ("assigned", "accepted", "in_progress", "returned"):
        # Young enough that the reply deadline has not passed yet.
        limit = 1.2 if kind in ("consultation", "help") else (3 if kind == "other" else 10)
        back = timedelta(hours=hours(3, 24 * limit))
    elif plan_final == "replied":
        back = timedelta(days=rng.uniform(1, 20))
    else:
        back = timedelta(days=rng.uniform(4, 60))
    moment = now - back
    # Most calls come in during the day.
    if plan_final != "received" and not 8 <= moment.hour < 21 and rng.random() < 0.8:
        moment = moment.replace(hour=rng.randint(8, 20))
    return min(moment, now)


@dataclass(frozen=True)
class Pick:
    index: int
    final: str
    message: Message
    citizen: bool


def pick_messages(
    count: int,
    answered: list[Message],
    unanswered: list[Message],
    *,
    citizen_tickets: int = 0,
    seed: int = 12345,
) -> list[Pick]:
    """Where each of `count` tickets ends and which real message it carries (one with an
    official reply when it gets answered). The first tickets cover every state; the next
    `citizen_tickets` belong to the demo citizen."""
    rng = random.Random(seed)
    pools = {"answered": list(answered), "unanswered": list(unanswered)}
    for pool in pools.values():
        rng.shuffle(pool)
    used = {"answered": 0, "unanswered": 0}
    picks = []
    for i in range(count):
        citizen = len(FINALS) <= i < len(FINALS) + citizen_tickets
        final = (
            CITIZEN_FINALS[(i - len(FINALS)) % len(CITIZEN_FINALS)]
            if citizen
            else _weighted(rng, FINALS, FINAL_WEIGHTS, i)
        )
        which = "answered" if final in ANSWERED or not unanswered else "unanswered"
        pool = pools[which]
        picks.append(Pick(i, final, pool[used[which] % len(pool)], citizen))
        used[which] += 1
    return picks


def make_plans(
    picks: list[Pick], suggested: Mapping[int, str], now: datetime, *, seed: int = 12345
) -> list[Plan]:
    """The lives of the picked tickets, oldest first. `suggested` is the classifier's
    level-1 name by message id (absent when there is no classifier). The first tickets
    also cover every channel and kind, so even a small demo shows them all."""
    rng = random.Random(seed)
    plans = [
        _plan(rng, p.index, p.final, p.message, suggested.get(p.message.id), now, citizen=p.citizen)
        for p in picks
    ]
    plans.sort(key=lambda p: p.created_at)
    return plans


def _plan(
    rng: random.Random,
    i: int,
    final: str,
    message: Message,
    suggested: str | None,
    now: datetime,
    *,
    citizen: bool,
) -> Plan:
    text = f"{message.title}\n{message.body}"
    channel = (
        rng.choice(("web", "wechat")) if citizen else _weighted(rng, CHANNELS, CHANNEL_WEIGHTS, i)
    )
    kind = kind_of(message.title) if rng.random() < 0.75 else None
    kind = KINDS[i] if i < len(KINDS) else (kind or rng.choices(KINDS, KIND_WEIGHTS)[0])
    top = message.label or suggested or (keyword_category(text) or (DEFAULT_TOP,))[0]
    path = keyword_category(text, top) or (top,)
    # Now and then the level-1 classes differ: the dispatcher keeps the label.
    district = district_of(text) or rng.choice(DISTRICTS)[0]
    streets = _streets(district)
    area = rng.choice(streets) if streets and rng.random() < 0.7 else district
    handling = final in ("assigned", "accepted", "in_progress")
    overdue = handling and rng.random() < 0.35
    plan = Plan(
        message=message,
        final=final,
        channel=channel,
        kind=kind,
        created_at=_created_at(rng, final, kind, overdue, now),
        top=top,
        path=path,
        suggested=suggested,
        area=area,
        caller=rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
        phone=f"1380000{i % 10000:04d}",
        citizen=citizen,
        overdue=overdue,
        callback=channel == "phone" and rng.random() < 0.2,
    )
    answered = final in ANSWERED
    plan.direct = answered and kind == "consultation" and not citizen and rng.random() < 0.25
    if plan.direct or final == "received":
        return plan
    plan.bounce_to = rng.choice(WRONG_UNITS) if final == "returned" or rng.random() < 0.05 else None
    plan.pass_down = area != district and rng.random() < 0.6
    plan.transfer = final != "assigned" and rng.random() < 0.06
    if final in ("in_progress", *ANSWERED):
        plan.assist = rng.choice(ASSISTS) if rng.random() < 0.05 else None
        roll = rng.random()
        plan.extension = "approve" if roll < 0.06 else ("reject" if roll < 0.08 else None)
    plan.urged = (overdue and rng.random() < 0.6) or rng.random() < 0.03
    plan.late = answered and rng.random() < 0.1
    if final in ("rated", "closed"):
        plan.satisfaction = rng.choices(SATISFACTION, SATISFACTION_WEIGHTS)[0]
        if final == "closed" and rng.random() < 0.12:
            plan.satisfaction = None  # closed without reaching the caller
        plan.reopen = (plan.satisfaction or 5) <= 2 and rng.random() < 0.6
    reportable = len(path) > 1 and path[1] in ("城市建设和市政管理", "环境污染")
    if reportable and channel in ("wechat", "web", "qq") and rng.random() < 0.6:
        plan.location = _location(rng, district, area)  # 随手拍
    return plan


def _location(rng: random.Random, district: str, area: str) -> tuple[float, float, str]:
    index = next(n for n, d in enumerate(DISTRICTS) if d[0] == district)
    lon, lat = district_centre(index)
    d_name, streets = DISTRICTS[index][1], DISTRICTS[index][2]
    street = streets[int(area.split("-")[1]) - 1] if "-" in area else rng.choice(streets)
    where = f"{d_name}{street}{rng.choice(('人民路', '解放路', '建设路', '滨江路', '文化路'))}附近"
    return lon + rng.gauss(0, 0.012), lat + rng.gauss(0, 0.01), where
