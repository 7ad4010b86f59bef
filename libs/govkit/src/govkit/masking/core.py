"""find_pii and mask: all detectors, overlaps resolved, one masking convention."""

from __future__ import annotations

from govkit.masking.addresses import house_number_spans
from govkit.masking.names import name_spans
from govkit.masking.numbers import FOLD, number_spans
from govkit.masking.spans import PiiKind, Span, resolve
from govkit.masking.surnames import surname_of

MASK = "＊"  # U+FF0A, for each masked letter or digit
SOMEONE = "某"  # replaces a given name: 王小明 → 王某


def find_pii(text: str) -> list[Span]:
    """Personal data in `text`, in order, never overlapping."""
    if not text:
        return []
    return resolve([*number_spans(text), *house_number_spans(text), *name_spans(text)])


def mask(text: str) -> str:
    """`text` fit for public disclosure.

    Names keep the surname and lose the given name to one 某 ("王小明" → "王某"). In every
    other kind each letter and digit becomes ＊ while separators and words stay:
    "138-1234-5678" → "＊＊＊-＊＊＊＊-＊＊＊＊", "湘A12345" → "湘＊＊＊＊＊＊",
    "3栋2单元502室" → "＊栋＊单元＊＊＊室", "a.b@qq.com" → "＊.＊@＊＊.＊＊＊"."""
    if not text:
        return text
    out: list[str] = []
    at = 0
    for span in find_pii(text):
        out.append(text[at : span.start])
        out.append(_masked(text[span.start : span.end], span.kind))
        at = span.end
    out.append(text[at:])
    return "".join(out)


def _masked(piece: str, kind: PiiKind) -> str:
    if kind is PiiKind.NAME:
        return (surname_of(piece) or piece[:1]) + SOMEONE
    return "".join(MASK if c.translate(FOLD).isascii() and c.isalnum() else c for c in piece)
