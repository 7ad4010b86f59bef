"""Loads the demo content through svc-content's own service functions, so every item goes
through validation, sanitising, the workflow and the outbox like an editor's would."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from devstack.demo.content_items import COLUMNS, SITE_BODIES, TOPIC_COLUMNS, demo_items
from devstack.demo.participation import define_survey, load_participation
from govkit.auth import Identity, RoleGrant

DEMO_EDITOR = Identity(
    subject="demo", name="演示数据", roles=[RoleGrant(role="platform_admin", scope="*")]
)
SITE_KINDS = {"portal": "portal", "fgw": "department", "rsj": "department"}


def shared_data_dir() -> Path:
    default = Path(__file__).resolve().parents[4].parent / "shared" / "data"
    return Path(os.environ.get("DEVSTACK_SHARED_DATA", default))


async def load_content(session: AsyncSession) -> int:
    from content.columns.schemas import ColumnIn, SourceIn, SourcesIn
    from content.columns.service import set_sources, upsert_column
    from content.items.editing import create_item
    from content.items.publishing import publish
    from content.items.review import approve, submit
    from content.items.schemas import ItemCreate, LinkIn
    from content.sites.models import Site

    portal = await session.scalar(select(Site).where(Site.code == "portal"))
    for number, (code, (body, _, identifier)) in enumerate(SITE_BODIES.items(), start=1):
        site = await session.scalar(select(Site).where(Site.code == code))
        if site is None:
            continue
        site.kind = SITE_KINDS.get(code, "district")
        site.parent_id = None if code == "portal" or portal is None else portal.id
        site.org_identifier = f"11360100{identifier}"
        # The footer's identity block (made-up numbers in the real formats).
        site.sponsor = f"{body}办公室" if body.endswith("政府") else body
        site.site_identifier = f"360100{number:04d}"
        site.icp_number = f"赣ICP备{10_050_000 + number}号"
        for position, (column, name, parent, period) in enumerate(COLUMNS):
            await upsert_column(
                session,
                DEMO_EDITOR,
                code,
                ColumnIn(
                    code=column,
                    name=name,
                    parent_code=parent,
                    position=position,
                    update_period_days=period,
                ),
            )
    for position, (column, name, tag) in enumerate(TOPIC_COLUMNS, start=len(COLUMNS)):
        await upsert_column(
            session, DEMO_EDITOR, "portal", ColumnIn(code=column, name=name, position=position)
        )
        await set_sources(
            session, DEMO_EDITOR, "portal", column, SourcesIn(sources=[SourceIn(tag_code=tag)])
        )

    ids_by_title: dict[str, uuid.UUID] = {}
    count = 0
    for demo in demo_items(shared_data_dir()):
        links = []
        for kind, target in (("interprets", demo.interprets), ("serves", demo.serves)):
            if target and target in ids_by_title:
                links.append(LinkIn(kind=kind, item_id=ids_by_title[target]))
        data = ItemCreate(
            column_code=demo.column,
            kind=demo.kind,
            title=demo.title,
            body_html=demo.body,
            tag_codes=demo.tags,
            topic=demo.topic,
            fields=demo.fields or None,
            links=links,
            **demo.disclosure,
        )
        item = await create_item(session, DEMO_EDITOR, demo.site, data)
        if demo.kind == "survey":
            await define_survey(session, DEMO_EDITOR, item.id, demo.title)
        await submit(
            session, DEMO_EDITOR, item.id, required_facets=("genre",), confirm_findings=True
        )
        await approve(session, DEMO_EDITOR, item.id)
        await publish(session, DEMO_EDITOR, item.id)
        ids_by_title[demo.title] = item.id
        count += 1
    await load_participation(session, DEMO_EDITOR, ids_by_title)
    return count
