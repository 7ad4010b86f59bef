"""Reads GET /search's query string strictly: unknown names, unknown facets, bad numbers
and over-long queries are 422 problems in Chinese, never a 500 and never silently ignored."""

from __future__ import annotations

from fastapi import Request

from govkit.errors import ValidationFailed
from search import messages
from search.engine.base import FACETS
from search.query.schemas import SearchParams
from search.text.analysis import normalize

MAX_PAGE, MAX_SIZE = 100, 50
FILTER_NAMES = ("kind", "column", "issuing_body", "year", "industry", "reward_type", "tag")
KNOWN = {"q", "site", "sort", "page", "size", "facets", "correct", *FILTER_NAMES}
MAX_VALUE_CHARS = 100


def clean_query(raw: str | None, limit: int, *, allow_empty: bool = False) -> str:
    if raw is not None and len(raw) > limit * 4:
        raise ValidationFailed(messages.QUERY_TOO_LONG.format(limit=limit), code="query_too_long")
    q = normalize(raw or "")
    if not q and not allow_empty:
        raise ValidationFailed(messages.QUERY_EMPTY, code="query_empty")
    if len(q) > limit:
        raise ValidationFailed(messages.QUERY_TOO_LONG.format(limit=limit), code="query_too_long")
    return q


_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _bool(request: Request, name: str, default: bool) -> bool:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if raw.strip().lower() not in _BOOLEANS:
        raise ValidationFailed(messages.BAD_PARAMETER.format(name=name), code="bad_parameter")
    return _BOOLEANS[raw.strip().lower()]


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed(
            messages.BAD_PARAMETER.format(name=name), code="bad_parameter"
        ) from None
    if value < low:
        raise ValidationFailed(messages.BAD_PARAMETER.format(name=name), code="bad_parameter")
    if value > high:
        if name == "page":
            raise ValidationFailed(messages.PAGE_TOO_DEEP.format(limit=high), code="page_too_deep")
        raise ValidationFailed(messages.BAD_PARAMETER.format(name=name), code="bad_parameter")
    return value


def search_params(request: Request, max_query_chars: int) -> SearchParams:
    params = request.query_params
    unknown = sorted(set(params.keys()) - KNOWN)
    if unknown:
        raise ValidationFailed(
            messages.UNKNOWN_PARAMETER.format(names="、".join(n[:30] for n in unknown[:5])),
            code="unknown_parameter",
        )
    facets: tuple[str, ...] = FACETS
    if "facets" in params:
        requested = [f.strip() for f in params["facets"].split(",") if f.strip()]
        bad = [f for f in requested if f not in FACETS]
        if bad:
            raise ValidationFailed(
                messages.UNKNOWN_FACET.format(
                    names="、".join(b[:30] for b in bad[:5]), allowed="、".join(FACETS)
                ),
                code="unknown_facet",
            )
        facets = tuple(dict.fromkeys(requested))
    sort = params.get("sort", "relevance")
    if sort not in ("relevance", "date"):
        raise ValidationFailed(messages.BAD_PARAMETER.format(name="sort"), code="bad_parameter")
    filters: dict[str, list[str]] = {}
    site = normalize(params.get("site") or "") or None
    if site and len(site) > 64:
        raise ValidationFailed(messages.BAD_PARAMETER.format(name="site"), code="bad_parameter")
    if site:
        filters["site"] = [site]
    for name in FILTER_NAMES:
        values = [v.strip()[:MAX_VALUE_CHARS] for v in params.getlist(name) if v.strip()]
        if values:
            filters[name] = values[:20]
    # No keyword browses: every document the filters select (or all of them), newest first.
    return SearchParams(
        q=clean_query(params.get("q"), max_query_chars, allow_empty=True),
        site=site,
        filters=filters,
        facets=facets,
        sort=sort,  # type: ignore[arg-type]
        page=_int(request, "page", 1, 1, MAX_PAGE),
        size=_int(request, "size", 10, 1, MAX_SIZE),
        correct=_bool(request, "correct", True),
    )


def _query(
    name: str, schema: dict[str, object], description: str, **extra: object
) -> dict[str, object]:
    return {"name": name, "in": "query", "schema": schema, "description": description, **extra}


_VALUES = {
    "type": "array",
    "items": {"type": "string", "maxLength": MAX_VALUE_CHARS},
    "maxItems": 20,
}
# What `search_params` reads, for the OpenAPI document (and the clients generated from it): the
# reading itself stays strict and hand-made so unknown names are refused with their own code.
OPENAPI_PARAMETERS: list[dict[str, object]] = [
    _query("q", {"type": "string", "maxLength": 400}, "关键词；不填则按筛选条件浏览，最新的在前"),
    _query("site", {"type": "string", "maxLength": 64}, "站点代码"),
    *(
        _query(name, _VALUES, label, style="form", explode=True)
        for name, label in (
            ("kind", "信息类别（可重复）"),
            ("column", "栏目（可重复）"),
            ("issuing_body", "发布机构（可重复）"),
            ("year", "年份（可重复）"),
            ("industry", "行业（可重复）"),
            ("reward_type", "奖励类型（可重复）"),
            ("tag", "标签（可重复）"),
        )
    ),
    _query(
        "sort", {"type": "string", "enum": ["relevance", "date"], "default": "relevance"}, "排序"
    ),
    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "页码"),
    _query(
        "size", {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": 10}, "每页条数"
    ),
    _query("facets", {"type": "string", "maxLength": 200}, "要返回的分面，逗号分隔"),
    _query(
        "correct",
        {"type": "boolean", "default": True},
        "无结果时是否按可能的错别字纠正后检索；false 为按原词检索",
    ),
]
