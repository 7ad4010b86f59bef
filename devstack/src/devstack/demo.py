"""Demo data loaded on the first `make up`, through each service's own service layer (so the
events go through the outbox like any other change). Later issues add their own parts here."""

from __future__ import annotations

from devstack.config import APP_SERVICES, StackConfig
from govkit.db import Database

DEMO_SITES = [
    ("portal", "某市人民政府门户网站"),
    ("xc-district", "新城区人民政府"),
    ("pq-district", "平桥区人民政府"),
    ("fgw", "市发展和改革委员会"),
    ("rsj", "市人力资源和社会保障局"),
]


async def load_demo(config: StackConfig) -> None:
    from content.sites.schemas import SiteIn
    from content.sites.service import upsert_site

    content = next(s for s in APP_SERVICES if s.package == "content")
    db = Database(config.database_url(content), pool_size=2)
    try:
        async with db.transaction() as session:
            for code, name in DEMO_SITES:
                await upsert_site(session, SiteIn(code=code, name=name))
    finally:
        await db.dispose()
