"""Numbers that identify a person: phones, ID and bank card numbers, emails, plates, accounts.

Detection runs on a copy of the text with full-width digits, letters and signs folded to
ASCII (one character for one, so offsets stay valid)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govkit.masking.spans import PiiKind, Span

FOLD = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"—": "-", "－": "-", "　": " "}
)

_SEP = r"[ -]?"
_EDGE_L = r"(?<![0-9A-Za-z])"
_EDGE_R = r"(?![0-9A-Za-z])"
# Phone numbers may touch letters ("电话：0738-4436258M5市", "Tel0731…"), not digits.
_DIGIT_L = r"(?<!\d)"
_DIGIT_R = r"(?!\d)"

MOBILE = re.compile(rf"{_DIGIT_L}(?:\+?86{_SEP})?1[3-9]\d(?:{_SEP}\d){{8}}{_DIGIT_R}")
# 0 + area code (2–3 digits) + 7–8 digit number, optionally in brackets, with an extension.
LANDLINE = re.compile(
    rf"{_DIGIT_L}(?:[(（]0\d{{2,3}}[)）]|0\d{{2,3}}){_SEP}[1-9]\d{{2,3}}{_SEP}\d{{4}}"
    rf"(?:(?:-|转)\d{{1,6}})?{_DIGIT_R}"
)
# A local number without area code only counts right after a phone word.
PHONE_CUE = r"(?:电话|座机|手机|热线|致电|拨打|联系方式|号码|tel|Tel|TEL)[:：\s()（]{0,3}"
LOCAL = re.compile(rf"{PHONE_CUE}(?P<n>{_EDGE_L}[2-9]\d{{2,3}}{_SEP}\d{{4}}){_EDGE_R}")
_DATE = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
ID18 = re.compile(rf"{_EDGE_L}[1-9]\d{{5}}{_DATE}\d{{3}}[\dXx]{_EDGE_R}")
ID15 = re.compile(
    rf"{_EDGE_L}[1-9]\d{{5}}\d{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{{3}}{_EDGE_R}"
)
# Long digit runs, also written in groups ("6222 0212 3456 7890 123").
LONG = re.compile(rf"{_EDGE_L}\d(?:{_SEP}\d){{10,}}{_EDGE_R}")
EMAIL = re.compile(r"[A-Za-z0-9._%+*-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE = re.compile(
    rf"[{_PROVINCES}][A-HJ-NP-Z][·•. ]?(?=[A-HJ-NP-Z0-9]*\d)[A-HJ-NP-Z0-9]{{4,6}}"
    rf"[挂学警港澳]?{_EDGE_R}"
)
ACCOUNT = re.compile(
    r"(?:QQ|qq|Qq|扣扣|微信)号?(?:码)?[:：\s]{0,2}(?P<n>(?<![0-9])[1-9]\d{4,11})" + _EDGE_R
)


def number_spans(text: str) -> Iterator[Span]:
    folded = text.translate(FOLD)
    for m in EMAIL.finditer(folded):
        yield Span(m.start(), m.end(), PiiKind.EMAIL)
    for m in PLATE.finditer(folded):
        yield Span(m.start(), m.end(), PiiKind.PLATE)
    for pattern, kind in (
        (ID18, PiiKind.ID_NUMBER),
        (ID15, PiiKind.ID_NUMBER),
        (MOBILE, PiiKind.MOBILE),
        (LANDLINE, PiiKind.LANDLINE),
    ):
        for m in pattern.finditer(folded):
            yield Span(m.start(), m.end(), kind)
    for pattern, kind in ((LOCAL, PiiKind.LANDLINE), (ACCOUNT, PiiKind.ACCOUNT)):
        for m in pattern.finditer(folded):
            yield Span(m.start("n"), m.end("n"), kind)
    for m in LONG.finditer(folded):
        yield Span(m.start(), m.end(), _long_kind(m.group()))


def _long_kind(run: str) -> PiiKind:
    digits = re.sub(r"[ -]", "", run)
    if ID18.fullmatch(digits) or ID15.fullmatch(digits):
        return PiiKind.ID_NUMBER
    if len(digits) == 11 and MOBILE.fullmatch(digits):
        return PiiKind.MOBILE
    if 16 <= len(digits) <= 19:
        return PiiKind.BANK_CARD
    return PiiKind.NUMBER
