"""Highlighted snippets, the same for every engine: the window of the text with the most
distinct query terms, HTML-escaped, terms wrapped in <em>."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(t) for t in unique), re.IGNORECASE)


def highlight(text: str, terms: Iterable[str]) -> str:
    """The whole (short) text with every term marked, e.g. a title."""
    pattern = _pattern(terms)
    if pattern is None:
        return html.escape(text)
    return _mark(text, pattern)


def snippet(text: str, terms: Iterable[str], width: int = 90) -> str:
    """A window of about `width` characters around the densest cluster of terms."""
    pattern = _pattern(terms)
    if not text:
        return ""
    if pattern is None:
        return html.escape(_cut(text, 0, width))
    matches = list(pattern.finditer(text))
    if not matches:
        return html.escape(_cut(text, 0, width))
    best_start, best_score = matches[0].start(), -1
    for i, first in enumerate(matches):
        seen = {m.group(0).lower() for m in matches[i:] if m.end() - first.start() <= width}
        if len(seen) > best_score:
            best_start, best_score = first.start(), len(seen)
    start = max(0, best_start - width // 5)
    return _mark(_cut(text, start, width), pattern)


def _cut(text: str, start: int, width: int) -> str:
    piece = text[start : start + width]
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(text) else "")


def _mark(text: str, pattern: re.Pattern[str]) -> str:
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f"<em>{html.escape(m.group(0))}</em>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
