"""Photos of a city-problem report (随手拍): images only, recognised by their first bytes."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from govkit.auth import Identity
from govkit.errors import AppError, Conflict, Forbidden, NotFound, PayloadTooLarge, ValidationFailed
from tickets.settings import Settings
from tickets.tickets.access import Capacity, ensure_visible
from tickets.tickets.actions import lock_ticket
from tickets.tickets.models import OPEN_STATES, Photo
from tickets.tickets.queries import visible_ticket

IMAGE_MAGIC = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


class NotAnImage(AppError):
    status, code, title = 415, "not_an_image", "仅支持图片"


def image_type(head: bytes) -> str | None:
    for magic, content_type in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


async def add_photo(
    session: AsyncSession, identity: Identity, ticket_id: uuid.UUID, data: bytes, settings: Settings
) -> Photo:
    ticket = await lock_ticket(session, ticket_id)
    held = ensure_visible(identity, ticket)
    if not held & {Capacity.citizen, Capacity.dispatcher, Capacity.lead_unit}:
        raise Forbidden("无权为该工单上传照片", code="outside_scope")
    if ticket.state not in [s.value for s in OPEN_STATES]:
        raise Conflict("工单已答复或办结，不能再上传照片", code="ticket_not_open")
    if not data:
        raise ValidationFailed("不能上传空文件", code="empty_file")
    if len(data) > settings.photo_max_bytes:
        raise PayloadTooLarge(
            f"照片不能超过 {settings.photo_max_bytes // (1024 * 1024)} MB", code="photo_too_large"
        )
    content_type = image_type(data[:16])
    if content_type is None:
        raise NotAnImage("仅支持 JPEG、PNG、GIF、WebP 图片")
    count = await session.scalar(select(func.count()).where(Photo.ticket_id == ticket.id))
    if (count or 0) >= settings.photos_per_ticket:
        raise Conflict(f"每件工单最多 {settings.photos_per_ticket} 张照片", code="too_many_photos")
    photo = Photo(
        ticket_id=ticket.id,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    session.add(photo)
    await session.flush()
    return photo


async def get_photo(
    session: AsyncSession, identity: Identity, ticket_id: uuid.UUID, photo_id: uuid.UUID
) -> Photo:
    # The ticket's scope first: whether a photo exists is the ticket's business.
    await visible_ticket(session, identity, ticket_id)
    photo = await session.scalar(
        select(Photo)
        .where(Photo.id == photo_id, Photo.ticket_id == ticket_id)
        .options(undefer(Photo.data))
    )
    if photo is None:
        raise NotFound("照片不存在", code="photo_not_found")
    return photo
