"""Wording of the person's data copy (svc-content has no service-wide messages module yet)."""

SERVICE_TITLE = "统一信息资源库（互动与订阅）"
COMMENTS = "我对意见征集的留言"
QUESTIONS = "我在在线访谈中的提问"
SURVEYS = "我的在线调查答卷"
TAG_FOLLOWS = "我关注的标签"
COLUMN_FOLLOWS = "我关注的栏目"
