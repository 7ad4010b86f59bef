"""The 12345 demo loads through svc-tickets' own rules: every state, channel and kind, some
overdue, rated, reopened and disclosed (masked), the demo citizen's own tickets, a published
knowledge base, and routing rules that route."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from devstack.demo.tickets_data import category_code
from devstack.demo.tickets_loader import load_tickets, paths
from govkit.db import Database
from govkit.events.tables import outbox
from tickets import clock
from tickets.disclosure.models import Disclosure
from tickets.knowledge.models import KnowledgeEntry
from tickets.routing.service import suggest_unit
from tickets.tickets.models import HANDLING_STATES, Channel, Kind, State, Ticket
from tickets.units.models import Unit

MIGRATIONS = Path(__file__).parents[2] / "svc-tickets" / "migrations"
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
COUNT = 160


async def test_demo_tickets_cover_the_lifecycle_and_go_public_masked(fresh_database):
    db = Database(await fresh_database("tickets", MIGRATIONS), pool_size=2)
    citizen = str(uuid.uuid4())
    org_ids = {"city": uuid.uuid4(), "xc": uuid.uuid4()}
    try:
        report = await load_tickets(
            db, count=COUNT, org_ids=org_ids, accounts={"citizen_demo": citizen}
        )
        assert report.tickets == COUNT
        async with db.transaction() as session:
            units = dict((await session.execute(select(Unit.code, Unit.org_id))).all())
            assert units["xc"] == org_ids["xc"] and len(units) == len(paths())

            tickets = (await session.scalars(select(Ticket))).all()
            assert {t.state for t in tickets} == {s.value for s in State}
            assert {t.channel for t in tickets} == {c.value for c in Channel}
            assert {t.kind for t in tickets} == {k.value for k in Kind}
            today = clock.today()
            handling = {s.value for s in HANDLING_STATES}
            overdue = [t for t in tickets if t.state in handling and t.due_on < today]
            assert overdue
            satisfaction = Counter(t.satisfaction for t in tickets if t.satisfaction)
            # Unsatisfied callers: a low rating that stands, or one that led to 重办 (and a
            # second rating after it).
            unsatisfied = satisfaction[1] + satisfaction[2] + sum(1 for t in tickets if t.reopened)
            assert satisfaction[5] + satisfaction[4] > unsatisfied > 0
            assert any(t.reopened for t in tickets)
            assert any(t.transfers for t in tickets)
            assert any(t.extension_days for t in tickets)
            assert any(t.latitude for t in tickets)
            answered = [t for t in tickets if t.state in ("replied", "rated", "closed")]
            assert all(t.reply for t in answered)
            mine = [t for t in tickets if t.citizen_subject == citizen]
            assert len(mine) >= 5 and any(t.state == "replied" for t in mine)

            disclosures = (await session.scalars(select(Disclosure))).all()
            assert len(disclosures) == report.disclosed >= 8
            assert all(d.state == "published" for d in disclosures)
            by_id = {t.id: t for t in tickets}
            assert any(MOBILE.search(by_id[d.ticket_id].content) for d in disclosures)
            for d in disclosures:
                assert not MOBILE.search(f"{d.title} {d.content} {d.answer}"), d.number

            entries = (await session.scalars(select(KnowledgeEntry))).all()
            assert len(entries) == report.knowledge >= COUNT // 10
            assert all(e.state == "published" and e.reviewed_by != e.created_by for e in entries)

            events = Counter((await session.scalars(select(outbox.c.type))).all())
            assert events["tickets.ticket.created.v1"] == COUNT
            assert events["tickets.ticket.disclosed.v1"] == report.disclosed
            assert events["tickets.knowledge.published.v1"] == report.knowledge

            tree = paths()
            roads = category_code(("城乡建设", "城市建设和市政管理", "基础设施"))
            street = await suggest_unit(session, roads, tree["xc-01"])
            assert street is not None and street.unit_code == "xc"
            city = await suggest_unit(session, category_code(("环境保护",)), tree["xc-01"])
            assert city is not None and city.unit_code == "sthjj"
            fund = category_code(("城乡建设", "住房保障与房地产", "住房公积金"))
            found = await suggest_unit(session, fund, tree["lc-02"])
            assert found is not None and found.unit_code == "gjj"
            assert await session.scalar(select(func.count()).select_from(Ticket)) == COUNT
    finally:
        await db.dispose()
