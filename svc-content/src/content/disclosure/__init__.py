"""政府信息公开要素 that need no database: 索引号 rules and 主题分类."""

from content.disclosure.index_number import (
    DEFAULT_TEMPLATE,
    IndexNumberParts,
    IndexNumberRule,
    IndexNumberTemplate,
    validate_template,
)
from content.disclosure.topics import TOPICS, Topic, is_topic_code, topic_by_code, topic_by_name

__all__ = [
    "DEFAULT_TEMPLATE",
    "TOPICS",
    "IndexNumberParts",
    "IndexNumberRule",
    "IndexNumberTemplate",
    "Topic",
    "is_topic_code",
    "topic_by_code",
    "topic_by_name",
    "validate_template",
]
