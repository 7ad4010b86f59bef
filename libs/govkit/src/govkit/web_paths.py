"""Where things live in the portal (web/src/portal/router.ts): the addresses every public
output links to — an item's `url`, a search hit, a notice — so a link works in a browser.
One place, because content, tickets and search all hand them out."""

from __future__ import annotations

from uuid import UUID

# 12345 letters are city-wide: their page is under the portal, the cluster's front door.
PORTAL_SITE = "portal"


def item_path(site_code: str, item_id: UUID | str) -> str:
    return f"/{site_code}/items/{item_id}"


def letter_path(number: str) -> str:
    return f"/{PORTAL_SITE}/letters/{number}"


def knowledge_path(entry_id: UUID | str) -> str:
    return f"/{PORTAL_SITE}/knowledge/{entry_id}"


# 政民互动 pages, by item kind (solicitation → /portal/solicitations/<id>).
PARTICIPATION_SEGMENTS = {
    "solicitation": "solicitations",
    "survey": "surveys",
    "interview": "interviews",
}


def participation_path(site_code: str, kind: str, item_id: UUID | str) -> str:
    return f"/{site_code}/{PARTICIPATION_SEGMENTS[kind]}/{item_id}"
