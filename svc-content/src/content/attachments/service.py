"""Attachments of an item: size and type limits on upload; served only while the item is
live."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from content.attachments.filetypes import ALLOWED, recognise
from content.audit import service as audit
from content.items.editing import lock_item
from content.items.models import Attachment, Item
from content.public.cache import mark_public_changed
from govkit.auth import Identity
from govkit.errors import AppError, NotFound, PayloadTooLarge, ValidationFailed
from govkit.storable import is_storable

MAX_PER_ITEM = 30


class UnsupportedFile(AppError):
    status, code, title = 415, "unsupported_file_type", "不支持的文件类型"


async def add(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    filename: str,
    data: bytes,
    *,
    max_bytes: int,
) -> Attachment:
    item, _ = await lock_item(session, actor, item_id, "site_editor")
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    # A multipart part streams past govkit's text check: its name is checked here.
    if not name or len(name) > 200 or not is_storable(name):
        raise ValidationFailed(
            "文件名不能为空，不超过 200 个字符，且不含空字符等无法保存的字符",
            code="invalid_filename",
        )
    if not data:
        raise ValidationFailed("不能上传空文件", code="empty_file")
    if len(data) > max_bytes:
        raise PayloadTooLarge(
            f"附件不能超过 {max_bytes // (1024 * 1024)} MB", code="attachment_too_large"
        )
    content_type = recognise(name, data[:64])
    if content_type is None:
        raise UnsupportedFile("仅支持以下类型且内容须与扩展名相符：" + "、".join(sorted(ALLOWED)))
    count = len(
        (await session.scalars(select(Attachment.id).where(Attachment.item_id == item.id))).all()
    )
    if count >= MAX_PER_ITEM:
        raise ValidationFailed(f"每条信息最多 {MAX_PER_ITEM} 个附件", code="too_many_attachments")
    attachment = Attachment(
        item_id=item.id,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by=actor.subject,
    )
    session.add(attachment)
    await session.flush()
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="attach",
        attachment=str(attachment.id),
        filename=name,
        size=len(data),
    )
    mark_public_changed(session)
    return attachment


async def remove(
    session: AsyncSession, actor: Identity, item_id: uuid.UUID, attachment_id: uuid.UUID
) -> None:
    item, _ = await lock_item(session, actor, item_id, "site_editor")
    attachment = await session.get(Attachment, attachment_id)
    if attachment is None or attachment.item_id != item.id:
        raise NotFound("附件不存在", code="attachment_not_found")
    await session.delete(attachment)
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="detach",
        attachment=str(attachment_id),
        filename=attachment.filename,
    )
    mark_public_changed(session)


async def public_file(session: AsyncSession, attachment_id: uuid.UUID) -> Attachment:
    attachment = await session.scalar(
        select(Attachment)
        .options(undefer(Attachment.data))
        .join(Item, Item.id == Attachment.item_id)
        .where(Attachment.id == attachment_id, Item.live)
    )
    if attachment is None:
        raise NotFound("附件不存在或所属信息已撤回", code="attachment_not_found")
    return attachment
