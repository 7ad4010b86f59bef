"""A site's content-quality scan (内容监测): words, empty and stale columns, broken internal
links, incomplete disclosure metadata. Set-based queries plus one automaton pass per item,
so a 10,000-item site takes seconds, not minutes."""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.columns.models import Column, ColumnSource
from content.items.kinds import DISCLOSURE_LABELS, REQUIRED_DISCLOSURE
from content.items.models import Edition, Item, ItemPlacement
from content.monitoring.models import MonitorProblem, MonitorRun
from content.monitoring.words import current_checker
from content.sites.models import Site
from content.text.sanitise import links_in
from govkit.contracts import ItemKind

# Points taken off the site's 100 per problem, by severity; the floor is 0.
PENALTY = {"high": 5.0, "medium": 2.0, "low": 1.0}
SEVERITY = {
    "sensitive_word": "high",
    "broken_link": "medium",
    "mistyped_word": "medium",
    "missing_disclosure": "medium",
    "stale_column": "medium",
    "empty_column": "low",
}
ITEM_LINK = re.compile(
    r"^(?:https?://[^/]+)?/(?:api/content/)?(?:sites/)?(?:[a-z0-9\-]+/)?items/"
    r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)


@dataclass
class Findings:
    problems: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        kind: str,
        message: str,
        *,
        item_id: uuid.UUID | None = None,
        column_code: str | None = None,
        **detail: Any,
    ) -> None:
        self.problems.append(
            {
                "kind": kind,
                "severity": SEVERITY[kind],
                "item_id": item_id,
                "column_code": column_code,
                "message": message[:500],
                "detail": detail,
            }
        )


async def _check_items(session: AsyncSession, site: Site, out: Findings) -> int:
    checker = await current_checker(session)
    live_ids = set((await session.scalars(select(Item.id).where(Item.live))).all())
    rows = await session.stream(
        select(
            Item.id,
            Item.kind,
            Item.index_number,
            Item.topic,
            Edition.title,
            Edition.summary,
            Edition.body_text,
            Edition.body_html,
            Edition.document_number,
            Edition.issuing_body,
            Edition.written_on,
            Edition.validity,
        )
        .join(Edition, (Edition.item_id == Item.id) & (Edition.number == Item.live_edition))
        .where(Item.site_id == site.id, Item.live)
        .execution_options(yield_per=500)
    )
    checked = 0
    async for row in rows:
        checked += 1
        # A summary derived from the body would report the body's words twice.
        summary = "" if row.summary.rstrip("…") in row.body_text else row.summary
        for finding in checker.check(f"{row.title}\n{summary}\n{row.body_text}"):
            if finding.kind == "sensitive":
                out.add(
                    "sensitive_word",
                    f"《{row.title}》含敏感词“{finding.word}”",
                    item_id=row.id,
                    word=finding.word,
                    context=finding.context,
                )
            else:
                out.add(
                    "mistyped_word",
                    f"《{row.title}》疑似错别字“{finding.word}”，应为“{finding.suggestion}”",
                    item_id=row.id,
                    word=finding.word,
                    suggestion=finding.suggestion,
                    context=finding.context,
                )
        for href in links_in(row.body_html):
            match = ITEM_LINK.match(href)
            if match and uuid.UUID(match.group(1)) not in live_ids:
                out.add(
                    "broken_link",
                    f"《{row.title}》中的链接指向不存在或已撤回的信息",
                    item_id=row.id,
                    href=href,
                )
        kind = ItemKind(row.kind)
        if kind in REQUIRED_DISCLOSURE:
            missing = [
                DISCLOSURE_LABELS[n]
                for n in REQUIRED_DISCLOSURE[kind]
                if getattr(row, n) in (None, "")
            ]
            missing += [
                DISCLOSURE_LABELS[n]
                for n in ("index_number", "topic")
                if getattr(row, n) in (None, "")
            ]
            if missing:
                out.add(
                    "missing_disclosure",
                    f"《{row.title}》缺少公开要素：{'、'.join(missing)}",
                    item_id=row.id,
                    missing=missing,
                )
    return checked


async def _check_columns(session: AsyncSession, site: Site, now: datetime, out: Findings) -> None:
    columns = (await session.scalars(select(Column).where(Column.site_id == site.id))).all()
    latest_home = dict(
        (
            await session.execute(
                select(Item.home_column_id, func.max(Item.published_at))
                .where(Item.site_id == site.id, Item.live)
                .group_by(Item.home_column_id)
            )
        ).all()
    )
    latest_placed = dict(
        (
            await session.execute(
                select(ItemPlacement.column_id, func.max(Item.published_at))
                .join(Item, Item.id == ItemPlacement.item_id)
                .where(Item.live)
                .group_by(ItemPlacement.column_id)
            )
        ).all()
    )
    aggregating = set((await session.scalars(select(ColumnSource.column_id))).all())
    by_path = {c.path: c for c in columns}
    latest: dict[uuid.UUID, datetime] = {}
    for column in columns:
        stamps = [latest_home.get(column.id), latest_placed.get(column.id)]
        stamps += [
            latest_home.get(c.id) for p, c in by_path.items() if p.startswith(column.path + "/")
        ]
        found = [s for s in stamps if s is not None]
        if found:
            latest[column.id] = max(found)
    for column in columns:
        if column.id in aggregating:
            continue  # its content comes from elsewhere; the sources are checked there
        last = latest.get(column.id)
        if last is None:
            out.add(
                "empty_column",
                f"栏目“{column.name}”没有任何信息（空白栏目）",
                column_code=column.code,
            )
        elif column.update_period_days and now - last > timedelta(days=column.update_period_days):
            days = (now - last).days
            out.add(
                "stale_column",
                f"栏目“{column.name}”已 {days} 天未更新（要求 {column.update_period_days} 天）",
                column_code=column.code,
                days=days,
                period=column.update_period_days,
            )


async def scan_site(
    session: AsyncSession, site: Site, started_by: str, now: datetime | None = None
) -> MonitorRun:
    now = now or datetime.now(UTC)
    began = time.perf_counter()
    out = Findings()
    checked = await _check_items(session, site, out)
    await _check_columns(session, site, now, out)
    counts = Counter(p["kind"] for p in out.problems)
    penalty = sum(PENALTY[p["severity"]] for p in out.problems)
    run = MonitorRun(
        site_id=site.id,
        score=max(0.0, 100.0 - penalty),
        problem_count=len(out.problems),
        counts=dict(counts),
        items_checked=checked,
        started_by=started_by,
        duration_ms=int((time.perf_counter() - began) * 1000),
    )
    session.add(run)
    await session.flush()
    if out.problems:
        await session.execute(
            insert(MonitorProblem), [{"run_id": run.id, **p} for p in out.problems]
        )
    return run
