from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class RewardType(StrEnum):
    """The 14 reward types of 惠企政策 (Suzhou case)."""

    FUNDING = "资金奖励"
    SUBSIDY = "补贴补助"
    TAX = "税收相关"
    FINANCING = "融资相关"
    LOAN = "贷款相关"
    INNOVATION = "创新创业"
    POST_AWARD = "事后奖补"
    SUPPORT = "扶持相关"
    PATENT = "专利相关"
    HUKOU = "户籍相关"
    HOUSING = "住房相关"
    CHILDREN = "子女相关"
    LIVING = "生活相关"
    OTHER = "其他"


class RewardTypeOut(BaseModel):
    code: str
    name: str
