"""find_pii and mask: all detectors, overlaps resolved, one masking convention."""

from __future__ import annotations

import re
from collections.abc import Iterable

from govkit.masking.addresses import house_number_spans
from govkit.masking.names import name_spans
from govkit.masking.numbers import FOLD, number_spans
from govkit.masking.spans import MaskedSpan, PiiKind, Span, resolve
from govkit.masking.surnames import surname_of

MASK = "＊"  # U+FF0A, for each masked letter or digit
SOMEONE = "某"  # replaces a given name: 王小明 → 王某


def find_pii(text: str, names: Iterable[str] = ()) -> list[Span]:
    """Personal data in `text`, in order, never overlapping. `names` are people the caller
    knows the text is about (a ticket's caller), masked wherever they appear."""
    if not text:
        return []
    return resolve([*number_spans(text), *house_number_spans(text), *name_spans(text, known=names)])


def mask(text: str, names: Iterable[str] = ()) -> str:
    """`text` fit for public disclosure.

    Names keep the surname and lose the given name to one 某 ("王小明" → "王某"). In every
    other kind each letter and digit becomes ＊ while separators and words stay:
    "138-1234-5678" → "＊＊＊-＊＊＊＊-＊＊＊＊", "湘A12345" → "湘＊＊＊＊＊＊",
    "3栋2单元502室" → "＊栋＊单元＊＊＊室", "a.b@qq.com" → "＊.＊@＊＊.＊＊＊"."""
    return mask_with_spans(text, names)[0]


def mask_with_spans(text: str, names: Iterable[str] = ()) -> tuple[str, list[MaskedSpan]]:
    """The masked text and where in it each masked piece now stands, with its kind: what a
    reviewer checks before the text goes public."""
    if not text:
        return text, []
    out: list[str] = []
    spans: list[MaskedSpan] = []
    at = 0
    written = 0
    for span in find_pii(text, names):
        before = text[at : span.start]
        replaced = _masked(text[span.start : span.end], span.kind)
        written += len(before)
        spans.append(MaskedSpan(written, written + len(replaced), span.kind))
        written += len(replaced)
        out += [before, replaced]
        at = span.end
    out.append(text[at:])
    return "".join(out), spans


def _masked(piece: str, kind: PiiKind) -> str:
    if kind is PiiKind.NAME:
        return (surname_of(piece) or piece[:1]) + SOMEONE
    if kind is PiiKind.OTHER:  # a reviewer's own choice: every letter, digit and character
        return "".join(MASK if c.isalnum() else c for c in piece)
    return "".join(MASK if c.translate(FOLD).isascii() and c.isalnum() else c for c in piece)


_MASKED = re.compile(rf"{MASK}[{MASK}\-. @()（）]*{MASK}|{MASK}")


def masked_spans(text: str) -> list[MaskedSpan]:
    """Where a text that went through `mask` (and a reviewer's edits) now shows masked
    pieces: runs of ＊ and a surname + 某. What a reviewer is shown before publishing; derived
    from the text itself, so it stays right whatever was edited."""
    spans = [MaskedSpan(m.start(), m.end(), PiiKind.NUMBER) for m in _MASKED.finditer(text)]
    at = text.find(SOMEONE)
    while at > 0:
        for size in (2, 1):
            if at - size >= 0 and surname_of(text[at - size : at]) == text[at - size : at]:
                spans.append(MaskedSpan(at - size, at + 1, PiiKind.NAME))
                break
        at = text.find(SOMEONE, at + 1)
    return sorted(spans, key=lambda s: s.start)


def mask_range(text: str, start: int, end: int, kind: PiiKind) -> str:
    """`text` with [start, end) masked by hand, in the masker's convention."""
    start, end = max(0, start), min(len(text), end)
    if start >= end:
        return text
    return text[:start] + _masked(text[start:end], kind) + text[end:]
