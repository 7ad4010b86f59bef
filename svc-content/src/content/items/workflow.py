"""The editorial workflow as data: (state, action) → next state. One function applies it;
nothing else assigns `Edition.state` for a workflow step."""

from __future__ import annotations

from content.items.models import Edition
from govkit.errors import InvalidTransition

STATE_LABELS = {
    "draft": "草稿",
    "submitted": "待审核",
    "returned": "已退回",
    "approved": "审核通过",
    "scheduled": "定时发布",
    "published": "已发布",
    "superseded": "已被新版本替代",
    "withdrawn": "已撤回",
}
ACTION_LABELS = {
    "edit": "修改",
    "submit": "提交审核",
    "approve": "审核通过",
    "return": "退回",
    "publish": "发布",
    "schedule": "定时发布",
    "unschedule": "取消定时发布",
    "withdraw": "撤回",
    "supersede": "被新版本替代",
}

TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "edit"): "draft",
    ("returned", "edit"): "returned",
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "approve"): "approved",
    ("submitted", "return"): "returned",
    ("approved", "return"): "returned",
    ("approved", "publish"): "published",
    ("approved", "schedule"): "scheduled",
    ("scheduled", "publish"): "published",
    ("scheduled", "unschedule"): "approved",
    ("published", "supersede"): "superseded",
    ("published", "withdraw"): "withdrawn",
}


def next_state(current: str, action: str) -> str:
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        state, verb = STATE_LABELS.get(current, current), ACTION_LABELS.get(action, action)
        raise InvalidTransition(
            f"{state}状态的信息不能{verb}",
            extra={"state": current, "action": action},
        ) from None


def apply(edition: Edition, action: str) -> tuple[str, str]:
    """Move the edition; returns (from, to) for the audit trail."""
    before = edition.state
    edition.state = next_state(before, action)
    return before, edition.state
