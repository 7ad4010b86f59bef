"""Attachments: type and size limits, served only while the item is live."""

from __future__ import annotations

from content_support import make_desk

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


async def _upload(client, desk, item_id: str, name: str, data: bytes, who=None):
    return await client.post(
        f"/editorial/items/{item_id}/attachments",
        files={"file": (name, data, "application/octet-stream")},
        headers=who or desk.editor,
    )


async def _attachments(client, item_id: str) -> list[dict]:
    client._transport.app.state.public_cache.clear()
    return (await client.get(f"/items/{item_id}")).json()["attachments"]


async def test_a_pdf_is_attached_and_downloadable_while_the_item_is_live(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.publish()
    r = await _upload(client, desk, item["id"], "附件1：申报表.pdf", PDF)
    assert r.status_code == 201, r.text
    assert r.json()["content_type"] == "application/pdf" and r.json()["size"] == len(PDF)
    listed = await _attachments(client, item["id"])
    assert [a["filename"] for a in listed] == ["附件1：申报表.pdf"]
    download = await client.get(listed[0]["url"])
    assert download.status_code == 200 and download.content == PDF
    assert "filename*=UTF-8''" in download.headers["content-disposition"]
    await desk.act(item["id"], "withdraw", reason="撤回测试")
    assert (await client.get(listed[0]["url"])).status_code == 404


async def test_a_file_whose_bytes_do_not_match_its_name_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.publish()
    r = await _upload(client, desk, item["id"], "通知.pdf", b"MZ\x90\x00 not a pdf")
    assert r.status_code == 415 and r.json()["code"] == "unsupported_file_type"
    r = await _upload(client, desk, item["id"], "setup.exe", b"MZ\x90\x00")
    assert r.status_code == 415
    assert await _attachments(client, item["id"]) == []


async def test_an_oversized_attachment_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.publish()
    app = client._transport.app
    app.state.settings.attachment_max_bytes = 1024
    r = await _upload(client, desk, item["id"], "大文件.pdf", PDF + b"0" * 2048)
    assert r.status_code == 413 and r.json()["code"] == "attachment_too_large"
    assert await _attachments(client, item["id"]) == []


async def test_a_body_over_the_upload_limit_is_cut_off_at_the_edge(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.publish()
    huge = PDF + b"0" * (21 * 1024 * 1024)
    r = await _upload(client, desk, item["id"], "超大.pdf", huge)
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"


async def test_only_the_sites_editors_attach_files(client, tokens):
    desk = await make_desk(client, tokens)
    other = await make_desk(client, tokens, site="xc")
    item = await desk.publish()
    r = await _upload(client, desk, item["id"], "a.pdf", PDF, who=other.editor)
    assert r.status_code == 403
    r = await _upload(client, desk, item["id"], "a.pdf", PDF, who=desk.reviewer)
    assert r.status_code == 403


async def test_an_attachment_can_be_removed(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.publish()
    attachment = (
        await _upload(client, desk, item["id"], "a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
    ).json()
    r = await client.delete(
        f"/editorial/items/{item['id']}/attachments/{attachment['id']}", headers=desk.editor
    )
    assert r.status_code == 204
    assert await _attachments(client, item["id"]) == []


async def test_a_file_name_with_a_nul_character_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    # Written by hand: httpx would percent-encode the NUL in the part's header.
    body = (
        b'--b0\r\nContent-Disposition: form-data; name="file"; filename="a\x00.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n--b0--\r\n"
    )
    r = await client.post(
        f"/editorial/items/{item['id']}/attachments",
        content=body,
        headers={**desk.editor, "content-type": "multipart/form-data; boundary=b0"},
    )
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "invalid_filename"
