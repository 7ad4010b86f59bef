"""The service's user-facing wording in one place, so it stays consistent."""

from __future__ import annotations

CHANNEL_NAMES = {
    "phone": "电话",
    "email": "邮件",
    "sms": "短信",
    "qq": "QQ",
    "wechat": "微信",
    "weibo": "微博",
    "fax": "传真",
    "web": "网站",
}
KIND_NAMES = {
    "consultation": "咨询",
    "help": "求助",
    "complaint": "投诉",
    "report": "举报",
    "suggestion": "建议",
    "other": "其他",
}
STATE_NAMES = {
    "received": "已受理",
    "assigned": "已派单",
    "accepted": "已签收",
    "in_progress": "办理中",
    "returned": "已退回",
    "replied": "已答复",
    "rated": "已回访",
    "closed": "已办结",
}
ACTION_NAMES = {
    "create": "受理",
    "assign": "派单",
    "reassign": "转办",
    "pass_down": "下派",
    "accept": "签收",
    "start": "办理",
    "return": "退回",
    "reply": "答复",
    "rate": "回访评价",
    "close": "办结",
    "reopen": "重办",
    "request_extension": "申请延期",
    "approve_extension": "批准延期",
    "reject_extension": "驳回延期",
    "supervise": "督办",
    "urge": "催办",
    "add_assist": "增加协办单位",
    "assist_note": "协办意见",
    "disclose": "公开",
    "redate": "按新发布节假日安排重算时限",
}
# The note on a re-dated deadline (deadlines/redating.py); the dates as 2027年1月8日.
REDATED_NOTE = "国务院办公厅公布新的节假日安排后，答复期限由{before}调整为{after}"
STILL_ESTIMATED_NOTE = "（仍有日期在已公布安排之外，按周一至周五估算）"
SERVICE_TITLE = "12345 热线工单"
MY_DATA_TICKETS = "我的工单及办理过程"
