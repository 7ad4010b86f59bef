"""Validators more than one service needs (gateway accounts, policy enterprise profiles,
content and policy document numbers)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator

from govkit import clock

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, Z, S, V).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in USCC_ALPHABET for c in code)
        and uscc_check_char(code[:17]) == code[17]
    )


def _credit_code(value: str) -> str:
    value = value.strip().upper()
    if not is_valid_credit_code(value):
        raise ValueError("统一社会信用代码格式或校验位不正确")
    return value


CreditCode = Annotated[str, AfterValidator(_credit_code)]


# 文号 (document number), GB/T 9704-2012 §7.2.4: 发文机关代字 + 〔年份〕 + 发文顺序号 + 号,
# e.g. 六政办秘〔2021〕148号. Editors often type the wrong brackets (（）, [], 【】, ［］); those
# are normalised to the standard 六角括号 〔〕. A year is four digits; a number has no leading 0.
_BRACKETS = str.maketrans(
    {
        "(": "〔",
        "（": "〔",
        "[": "〔",
        "【": "〔",
        "［": "〔",
        ")": "〕",
        "）": "〕",
        "]": "〕",
        "】": "〕",
        "］": "〕",
    }
)
_DOCUMENT_NUMBER = re.compile(r"^([\u4e00-\u9fff]{1,20})〔(\d{4})〕([1-9]\d{0,4})号$")


def normalise_document_number(value: str) -> str:
    """The canonical form of a 文号, or ValueError with a Chinese reason."""
    text = "".join(value.split()).translate(_BRACKETS)
    match = _DOCUMENT_NUMBER.match(text)
    if match is None:
        raise ValueError(
            "文号格式不正确，应如“六政办秘〔2021〕148号”：机关代字＋〔年份〕＋序号＋号"
        )
    year = int(match.group(2))
    if not 1949 <= year <= clock.today().year + 1:
        raise ValueError(f"文号年份 {year} 不合理")
    return text


DocumentNumber = Annotated[str, AfterValidator(normalise_document_number)]


# A date a client sends: anything a government record needs, far from the ends of Python's
# calendar, where adding a deadline's days or a period's length to it overflows (a 500).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
DATE_RANGE_MESSAGE = f"日期应在 {EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()} 之间"


def _bounded_date(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(DATE_RANGE_MESSAGE)
    return value


BoundedDate = Annotated[date, AfterValidator(_bounded_date)]
BoundedDateTime = Annotated[datetime, AfterValidator(_bounded_date)]
