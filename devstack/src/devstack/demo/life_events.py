"""Demo life events point at the demo's 办事服务 items: a step whose service the portal has
names that item and links to its page, the way a policy officer would configure it."""

from __future__ import annotations

from govkit.db import Database

# (chain code, step title) → the title of the demo service item that handles it
STEP_SERVICES = {
    ("newborn", "办理户口登记"): "新生儿落户",
    ("newborn", "预防接种建卡"): "预防接种证办理",
    ("newborn", "参加城乡居民医疗保险"): "新生儿医保参保登记",
    ("graduate", "办理报到手续"): "高校毕业生报到登记",
    ("graduate", "转递人事档案"): "人事档案转递",
    ("graduate", "转移社会保险关系"): "社会保险关系转移",
    ("graduate", "申领人才补贴"): "青年人才生活补贴申领",
    ("business_start", "办理营业执照"): "企业设立登记（一网通办）",
}


async def link_life_event_services(content_db: Database, policy_db: Database) -> None:
    from sqlalchemy import select

    from content.items.models import Item
    from content.sites.models import Site
    from policy.lifeevents.schemas import ChainIn
    from policy.lifeevents.service import list_chains, save_chain

    async with content_db.transaction() as session:
        rows = await session.execute(
            select(Item.title, Item.id, Site.code)
            .join(Site, Site.id == Item.site_id)
            .where(Item.kind == "service", Item.live.is_(True), Site.code == "portal")
        )
        pages = {title: f"/{site}/items/{item_id}" for title, item_id, site in rows.all()}
    async with policy_db.transaction() as session:
        for chain in await list_chains(session):
            steps = []
            for step in chain.steps:
                title = STEP_SERVICES.get((chain.code, step["title"]))
                if title in pages:
                    step = {**step, "service": title, "service_url": pages[title]}
                steps.append(step)
            if steps != chain.steps:
                chain_in = ChainIn.model_validate({"name": chain.name, "steps": steps})
                await save_chain(session, chain.code, chain_in)
