"""The fixed axes of the tag library (标签库): three audiences × six facets."""

from __future__ import annotations

AUDIENCE_LABELS = {"government": "政务", "person": "个人", "enterprise": "企业"}
FACET_LABELS = {
    "genre": "体裁",
    "policy": "政策",
    "hot": "热点",
    "subject": "主题",
    "audience": "服务对象",
    "lifecycle": "生命周期",
}
AUDIENCE_BY_LABEL = {v: k for k, v in AUDIENCE_LABELS.items()}
FACET_BY_LABEL = {v: k for k, v in FACET_LABELS.items()}
