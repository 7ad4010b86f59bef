"""The export as a page a person can read and keep (Chinese headings, no script or style
beyond the browser's own: it is saved and opened anywhere)."""

from __future__ import annotations

from html import escape
from typing import Any

from gateway.privacy.schemas import DataExport

TITLE = "个人信息副本"
ACCOUNT = "账号信息"
NONE = "无"
# Field names the services use, in words; an unknown one is shown as it is.
LABELS = {
    "id": "编号",
    "username": "用户名",
    "display_name": "姓名/名称",
    "kind": "类型",
    "credit_code": "统一社会信用代码",
    "org_code": "所属机构",
    "active": "账号状态",
    "created_at": "创建时间",
    "last_login_at": "最近登录",
    "grants": "角色",
    "role": "角色",
    "scope": "范围",
    "number": "编号",
    "title": "标题",
    "content": "内容",
    "channel": "渠道",
    "state": "状态",
    "state_name": "状态",
    "citizen_name": "姓名",
    "citizen_phone": "电话",
    "address": "地址",
    "reply": "答复",
    "replied_at": "答复时间",
    "satisfaction": "满意度",
    "photos": "照片",
    "steps": "办理过程",
    "action_name": "环节",
    "at": "时间",
    "note": "说明",
    "body": "内容",
    "item_id": "信息编号",
    "item_title": "所属信息",
    "author_name": "署名",
    "answer": "回复",
    "answers": "答案",
    "question": "问题",
    "option_key": "选项",
    "text": "文字",
    "tag_code": "标签",
    "column": "栏目",
    "name": "名称",
    "event_type": "事项",
    "occurred_on": "发生日期",
    "measure_title": "政策措施",
    "read_at": "阅读时间",
    "generated_at": "生成时间",
}


def _label(key: str) -> str:
    return escape(LABELS.get(key, key))


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return _record(value)
    if isinstance(value, list):
        return "<ol>" + "".join(f"<li>{_value(v)}</li>" for v in value) + "</ol>"
    return escape(str(value))


def _record(record: dict[str, Any]) -> str:
    rows = "".join(f"<dt>{_label(k)}</dt><dd>{_value(v)}</dd>" for k, v in record.items())
    return f"<dl>{rows}</dl>"


def render(export: DataExport) -> str:
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{TITLE}</title></head><body><main>",
        f"<h1>{TITLE}</h1>",
        f"<p>{_label('generated_at')}：{escape(export.generated_at.isoformat())}</p>",
        f"<h2>{ACCOUNT}</h2>",
        _record(export.account.model_dump(mode="json")),
    ]
    for data in export.services.values():
        parts.append(f"<h2>{escape(str(data.get('title', data.get('service', ''))))}</h2>")
        if data.get("note"):
            parts.append(f"<p>{escape(str(data['note']))}</p>")
        for section in data.get("sections", []):
            items = section.get("items", [])
            parts.append(f"<h3>{escape(str(section.get('title', '')))}（{len(items)} 条）</h3>")
            if not items:
                parts.append(f"<p>{NONE}</p>")
            parts.extend(f"<section>{_record(item)}</section>" for item in items)
    parts.append("</main></body></html>")
    return "".join(parts)
