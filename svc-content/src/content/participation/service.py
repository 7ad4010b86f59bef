"""What all participation shares: finding the live item of the right kind, who may moderate
it, its participation window, moderation as a (state, action) → state table, and how a
citizen's name is shown publicly."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from content.items.editing import load_item, site_of
from content.items.models import Edition, Item
from content.sites.models import Site
from govkit.auth import Identity
from govkit.contracts import ItemKind
from govkit.contracts.content import ITEM_KIND_LABELS
from govkit.errors import Conflict, InvalidTransition, NotFound

# Times an editor typed without an offset are Beijing time.
BEIJING = timezone(timedelta(hours=8))
MODERATORS = ("site_editor", "site_reviewer")

# Moderation as data. A published comment may still be taken down (approved → rejected);
# a rejected one stays rejected, so nothing comes back without a fresh decision trail.
COMMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    ("pending", "approve"): "approved",
    ("pending", "reject"): "rejected",
    ("approved", "reject"): "rejected",
}
QUESTION_TRANSITIONS: dict[tuple[str, str], str] = {
    ("pending", "answer"): "answered",
    ("pending", "reject"): "rejected",
}
STATE_LABELS = {
    "pending": "待审核",
    "approved": "已公开",
    "rejected": "未采用",
    "answered": "已回答",
}
ACTION_LABELS = {"approve": "审核通过", "reject": "不予公开", "answer": "回答"}


def next_state(table: dict[tuple[str, str], str], current: str, action: str) -> str:
    try:
        return table[(current, action)]
    except KeyError:
        raise InvalidTransition(
            f"{STATE_LABELS.get(current, current)}的内容不能{ACTION_LABELS.get(action, action)}",
            extra={"state": current, "action": action},
        ) from None


@dataclass
class Live:
    """A live item with its site and the fields of its live edition."""

    item: Item
    site: Site
    fields: dict[str, Any]


def ensure_kind(item: Item, kind: ItemKind) -> None:
    if item.kind != kind.value:
        raise Conflict(f"该信息不是{ITEM_KIND_LABELS[kind]}，不能参与互动", code="wrong_kind")


async def live_item(session: AsyncSession, item_id: uuid.UUID, kind: ItemKind) -> Live:
    """The published item of `kind`: 404 when missing or withdrawn, 409 for another kind."""
    item = await session.get(Item, item_id)
    if item is None or not item.live:
        raise NotFound("信息不存在或已撤回", code="item_not_found")
    ensure_kind(item, kind)
    edition = await session.scalar(
        select(Edition).where(Edition.item_id == item.id, Edition.number == item.live_edition)
    )
    site = await session.get(Site, item.site_id)
    assert edition is not None and site is not None
    return Live(item, site, edition.fields or {})


async def moderated_item(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    kind: ItemKind,
    *roles: str,
) -> Item:
    """An item of `kind` (in any state) whose site the actor works for in one of `roles`."""
    item = await load_item(session, item_id)
    site = await site_of(session, item)
    actor.ensure_site(site.code, *(roles or MODERATORS))
    ensure_kind(item, kind)
    return item


def instant(raw: str) -> datetime:
    value = datetime.fromisoformat(raw)
    return value if value.tzinfo else value.replace(tzinfo=BEIJING)


def shown(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def window(fields: dict[str, Any]) -> tuple[datetime, datetime]:
    return instant(fields["opens_at"]), instant(fields["closes_at"])


def window_status(fields: dict[str, Any], now: datetime) -> str:
    opens, closes = window(fields)
    return "not_started" if now < opens else "open" if now < closes else "closed"


def ensure_open(fields: dict[str, Any], what: str, now: datetime | None = None) -> None:
    """409 unless `now` is inside [opens_at, closes_at)."""
    now = now or datetime.now(UTC)
    opens, closes = window(fields)
    if now < opens:
        raise Conflict(f"{what}尚未开始，将于 {shown(opens)} 开始", code="window_not_open")
    if now >= closes:
        raise Conflict(f"{what}已于 {shown(closes)} 截止，不再接受提交", code="window_closed")


def public_name(name: str | None) -> str:
    """Citizens are shown by surname only (张**), or as 网友."""
    return f"{name[0]}**" if name else "网友"
