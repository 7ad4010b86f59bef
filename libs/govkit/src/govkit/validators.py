"""Validators more than one service needs (gateway accounts, policy enterprise profiles)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

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
