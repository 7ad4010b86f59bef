from __future__ import annotations

import uuid
from urllib.parse import quote

from fastapi import APIRouter, Request, Response, UploadFile

from content.attachments import service
from content.attachments.schemas import AttachmentInfo
from govkit.auth import CurrentIdentity
from govkit.db import DbSession

router = APIRouter(tags=["附件"])


@router.post(
    "/editorial/items/{item_id}/attachments",
    response_model=AttachmentInfo,
    status_code=201,
    summary="上传附件（multipart/form-data，字段 file）",
)
async def upload(
    item_id: uuid.UUID,
    file: UploadFile,
    request: Request,
    session: DbSession,
    identity: CurrentIdentity,
) -> AttachmentInfo:
    limit = request.app.state.settings.attachment_max_bytes
    data = await file.read(limit + 1)
    attachment = await service.add(
        session, identity, item_id, file.filename or "", data, max_bytes=limit
    )
    return AttachmentInfo.model_validate(attachment)


@router.delete(
    "/editorial/items/{item_id}/attachments/{attachment_id}", status_code=204, summary="删除附件"
)
async def delete(
    item_id: uuid.UUID, attachment_id: uuid.UUID, session: DbSession, identity: CurrentIdentity
) -> Response:
    await service.remove(session, identity, item_id, attachment_id)
    return Response(status_code=204)


@router.get("/attachments/{attachment_id}", summary="下载附件（所属信息已发布时）")
async def download(attachment_id: uuid.UUID, session: DbSession) -> Response:
    attachment = await service.public_file(session, attachment_id)
    return Response(
        attachment.data,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.filename)}",
            "ETag": f'"{attachment.sha256}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "public, max-age=300",
        },
    )
