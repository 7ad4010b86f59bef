"""Editor rich text (富文本) for government articles: one allow-list, applied on write.

The allow-list keeps what 公文/新闻 bodies actually use (headings, lists, tables pasted
from Word, links, images, centred titles and 2em first-line indents) and nothing that can
run code: no script/style, no event handlers, no javascript:/data: URLs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "span", "div", "blockquote", "ol", "ul", "li",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        "a", "img",
    }
)  # fmt: skip

# Word-pasted tables and centred/indented paragraphs are the norm, so `style` survives,
# but only with the layout properties below (see filter_style_properties).
_ALIGNABLE = {"style", "align"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", *_ALIGNABLE},
    "th": {"colspan", "rowspan", "scope", *_ALIGNABLE},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "p": _ALIGNABLE,
    "div": _ALIGNABLE,
    "span": {"style"},
    "h2": _ALIGNABLE,
    "h3": _ALIGNABLE,
    "h4": _ALIGNABLE,
}
ALLOWED_STYLE_PROPERTIES: frozenset[str] = frozenset(
    {"text-align", "text-indent", "font-weight", "text-decoration", "width"}
)
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
# Dropped together with their content (the text of a <script> is not article text).
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "textarea", "title"}
)
LINK_REL = "noopener noreferrer"


def sanitise_html(html: str) -> str:
    """The editor's HTML reduced to the allow-list; safe to store and to render as is."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        tag_attribute_values={"a": {"target": {"_blank"}}},
        strip_comments=True,
    ).strip()


# Elements whose boundaries are line breaks in plain text; table cells are separated by a space.
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ol", "ul",
        "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr", "pre",
        "section", "article", "header", "footer", "figure", "figcaption", "dl", "dt", "dd",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_SPACES = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities (&nbsp; &amp; &#20013;) decoded
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Text for search and summaries: one line per block, spaces collapsed, no markup."""
    collector = _TextCollector()
    collector.feed(sanitise_html(html))  # sanitised first, so script bodies never leak in
    collector.close()
    # str.split() also treats the full-width 　 indent and &nbsp; as whitespace.
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


ELLIPSIS = "…"
# Trailing punctuation that reads badly before an ellipsis (“通知，…”).
_TRAILING = " ，,、；;：:。.（(“\"‘'《"


def summary(text: str, limit: int = 120) -> str:
    """At most `limit` characters of `text` on one line, ending in … when cut."""
    if limit < 1:
        raise ValueError("摘要长度必须为正整数")
    flat = _SPACES.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    # Python slices whole code points, so a CJK character is never split in half.
    return flat[: limit - 1].rstrip(_TRAILING) + ELLIPSIS


# Links a checker cannot or need not fetch.
_UNCHECKABLE = ("#", "mailto:", "tel:", "javascript:", "data:")


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = "href" if tag == "a" else "src" if tag == "img" else None
        for name, value in attrs:
            if name == wanted and value and value.strip():
                self.links.append(value.strip())


def links_in(html: str) -> list[str]:
    """Distinct link targets (a href, img src) in document order, for the broken-link check.

    Fragments, mailto:, tel: and script/data URLs are left out: there is nothing to fetch.
    """
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    seen: dict[str, None] = {}
    for link in collector.links:
        if not link.lower().startswith(_UNCHECKABLE):
            seen.setdefault(link, None)
    return list(seen)
