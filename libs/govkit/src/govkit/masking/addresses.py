"""Exact house numbers: the numbers of 栋/单元/室 chains, room numbers and road numbers.

The road, community and unit words stay; only the numbers are masked later. A single
building or floor ("3栋楼", "18层"), dates ("4月10号"), document numbers ("〔2019〕12号"),
line numbers ("3号线") are not house numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govkit.masking.numbers import FOLD
from govkit.masking.spans import PiiKind, Span

_NUM = r"第?(?:\d{1,5}|[A-Za-z]\d{0,3})(?:-\d{1,4})?"
_UNIT = r"(?:号楼|栋|幢|座|单元|楼|层|室|号房|号(?![线文令字]))"
_PART = rf"{_NUM}\s*{_UNIT}"
_EDGE = r"(?<![0-9A-Za-z])"
# Two or more parts in a row ("3栋2单元502室", "5号楼1单元", "7栋502"), a room on its own
# ("502室"), a road's number ("人民路18号", "18-2号"), or a dashed triple ("3-2-502").
CHAIN = re.compile(rf"{_EDGE}{_PART}(?:\s*{_PART})+(?:\s*\d{{2,5}}(?![\d.]))?")
BUILDING_ROOM = re.compile(rf"{_EDGE}{_NUM}\s*(?:栋|幢|号楼|单元)\s*\d{{3,5}}(?![\d.年月日号元%])")
ROOM = re.compile(rf"{_EDGE}\d{{3,5}}\s*(?:室|号房)")
ROAD = re.compile(r"(?<=[路街巷道弄])\d{1,5}(?:-\d{1,4})?号(?![线文令字])")
TRIPLE = re.compile(r"(?<![0-9A-Za-z.\-])\d{1,3}-\d{1,2}-(?!(?:19|20)\d\d(?!\d))\d{3,4}(?![\d\-.])")


def house_number_spans(text: str) -> Iterator[Span]:
    folded = text.translate(FOLD)
    for pattern in (CHAIN, BUILDING_ROOM, ROOM, ROAD, TRIPLE):
        for m in pattern.finditer(folded):
            yield Span(m.start(), m.end(), PiiKind.HOUSE_NUMBER)
