"""Services and their definitions, from the 诉求分类 taxonomy.

A service is a level-2 category (118 of them: specific enough for a partner's picker, few
enough to list), grouped by its level-1 name, with its level-3 names as keywords. Every
service has the same three optional attributes: the kind (咨询/求助/投诉…, which sets the
reply deadline), the level-3 subcategory, and the partner's own intake channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tickets.categories.catalogue import Category, catalogue
from tickets.messages import CHANNEL_NAMES, KIND_NAMES
from tickets.open311 import messages
from tickets.open311.formats import Open311Error

SERVICE_LEVEL = 2
DEFAULT_KIND = "help"  # a city problem reported to be fixed is a 求助
DEFAULT_CHANNEL = "web"  # partner systems are web and app front ends (网站)


@dataclass(frozen=True)
class Attribute:
    code: str
    description: str
    help: str
    values: tuple[tuple[str, str], ...]


def service_categories() -> list[Category]:
    return [c for c in catalogue().by_code.values() if c.level == SERVICE_LEVEL]


def service(code: str | None, *, status: int = 404) -> Category:
    """The level-2 category a service_code names; else the spec's 404 for a resource, 400
    for a field of a request."""
    category = catalogue().get(code) if code else None
    if category is None or category.level != SERVICE_LEVEL:
        raise Open311Error(status, messages.SERVICE_NOT_FOUND.format(code=(code or "")[:32]))
    return category


def service_out(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.full_name,
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(c.name for c in catalogue().children(category.code)),
        "group": category.path_names[0],
    }


def attributes(category: Category) -> list[Attribute]:
    return [
        Attribute(
            "kind",
            messages.ATTRIBUTE_KIND,
            messages.ATTRIBUTE_KIND_HELP,
            tuple(KIND_NAMES.items()),
        ),
        Attribute(
            "subcategory",
            messages.ATTRIBUTE_SUBCATEGORY,
            messages.ATTRIBUTE_SUBCATEGORY_HELP,
            tuple((c.code, c.name) for c in catalogue().children(category.code)),
        ),
        Attribute(
            "channel",
            messages.ATTRIBUTE_CHANNEL,
            messages.ATTRIBUTE_CHANNEL_HELP,
            tuple(CHANNEL_NAMES.items()),
        ),
    ]


def definition_out(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": a.code,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": a.help,
                "order": order,
                "description": a.description,
                "values": [{"key": key, "name": name} for key, name in a.values],
            }
            for order, a in enumerate(attributes(category), start=1)
        ],
    }
