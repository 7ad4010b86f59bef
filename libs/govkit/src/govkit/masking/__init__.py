"""The platform's one personal-data masker: every public output (留言公开, Open311, search
documents and snippets, suggestions, Q&A and knowledge entries, public comments) goes
through it.

    mask("我叫王小明，电话13812345678") == "我叫王某，电话＊＊＊＊＊＊＊＊＊＊＊"
    find_pii(text) -> [Span(start, end, kind)]

Convention: names keep the surname + 某; in numbers, emails, plates and house numbers every
letter and digit becomes ＊ (U+FF0A) and the rest (separators, 栋/单元/室, the plate's
province) stays, so the text still reads naturally and lengths of numbers are kept."""

from govkit.masking.core import (
    MASK,
    SOMEONE,
    find_pii,
    mask,
    mask_range,
    mask_with_spans,
    masked_spans,
)
from govkit.masking.spans import MaskedSpan, PiiKind, Span

__all__ = [
    "MASK",
    "SOMEONE",
    "MaskedSpan",
    "PiiKind",
    "Span",
    "find_pii",
    "mask",
    "mask_range",
    "mask_with_spans",
    "masked_spans",
]
