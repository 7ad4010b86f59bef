"""Rich text cleaned off the event loop, within bounds of depth and time.

Sanitising is CPU work that grows with nesting: 45,000 nested <div>s (495 KB, inside the
body's size limit) took ~10 s in nh3, during which the service answered nobody (its
/healthz included) and the gateway gave up with 504 while the draft was still stored. So a
body nested deeper than any article is refused at once (the count is a single regex pass),
the rest is cleaned in a worker thread, and a clean that takes longer than
`CLEAN_SECONDS` is refused too: well inside the gateway's 10 s, and before anything is
written, so a refused or abandoned request leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import re

from content.text.sanitise import plain_text, sanitise_html
from govkit.errors import ValidationFailed

# Word-pasted tables inside lists inside blockquotes reach a dozen levels; 100 is far past
# any real article and far below where nh3 slows down.
MAX_NESTING = 100
CLEAN_SECONDS = 2.0

# Elements that never hold others, or that the HTML parser closes by itself when the next
# one starts (<p><p>, <li><li>…): they do not count as nesting even when never closed.
_FLAT = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
        "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp",
    }
)  # fmt: skip
# Attributes stop at the next "<" as well as ">": one pass, whatever the text (with [^>]*,
# a body of "<a<a<a…" would be rescanned to its end from every "<").
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")


def nesting_depth(html: str, stop_at: int = MAX_NESTING) -> int:
    """How deep elements nest, counted from the tags alone (stops counting past `stop_at`)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _FLAT or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > stop_at:
                break
    return deepest


def _clean(html: str) -> tuple[str, str]:
    body = sanitise_html(html)
    return body, plain_text(body)


async def clean_rich_text(html: str) -> tuple[str, str]:
    """The sanitised HTML and its plain text, or ValidationFailed for a body too deep or
    too slow to clean."""
    if not html:
        return "", ""
    if nesting_depth(html) > MAX_NESTING:
        raise ValidationFailed(
            f"正文标签嵌套超过 {MAX_NESTING} 层，请简化格式后再提交", code="body_too_deep"
        )
    try:
        # The thread cannot be stopped; it finishes on its own and its result is dropped.
        return await asyncio.wait_for(asyncio.to_thread(_clean, html), CLEAN_SECONDS)
    except TimeoutError:
        raise ValidationFailed(
            "正文格式过于复杂，无法及时处理，请简化格式后再提交", code="body_too_complex"
        ) from None
