"""Wording of the person's data copy (svc-policy has no service-wide messages module yet)."""

SERVICE_TITLE = "惠企政策精准达"
PROFILE = "企业画像"
NOTICES = "政策推送消息"
SUBSCRIPTION = "推送订阅"
LIFE_EVENTS = "人生大事记录"
