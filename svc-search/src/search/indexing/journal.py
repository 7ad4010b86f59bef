"""The rebuild journal (`index_rebuilds`): each rebuild's progress in the database, beaten at
every step by the process doing it, so that one whose process died is seen (its heartbeat
goes stale), reported by `GET /admin/index` and claimed by a live process to start again.

Times are the database's own (`now()`), so replicas' clocks never disagree about staleness.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import Database
from search.indexing.models import IndexRebuild

# This process, as the owner of the rebuild it runs.
INSTANCE = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
# A running rebuild not beaten for this long belongs to a dead process (steps take < 1 s).
STALE_SECONDS = 10.0


@dataclass(frozen=True)
class Latest:
    row: IndexRebuild
    stale: bool  # running, but its process stopped beating it


async def begin(db: Database) -> int:
    async with db.transaction() as session:
        await _give_up_stale(session, "被新的重建取代")
        row = IndexRebuild(owner=INSTANCE, replayed_events=0, indexed=0, attempts=1)
        session.add(row)
        await session.flush()
        return row.id


async def beat(db: Database, rebuild_id: int, **progress: object) -> None:
    """Progress (`phase`, `replayed_events`, `indexed`) and the heartbeat, in one write."""
    async with db.transaction() as session:
        await session.execute(
            update(IndexRebuild)
            .where(IndexRebuild.id == rebuild_id, IndexRebuild.owner == INSTANCE)
            .values(heartbeat_at=func.now(), **progress)
        )


async def finish(
    db: Database, rebuild_id: int, *, error: str | None = None, **progress: object
) -> None:
    async with db.transaction() as session:
        await session.execute(
            update(IndexRebuild)
            .where(IndexRebuild.id == rebuild_id, IndexRebuild.owner == INSTANCE)
            .values(
                state="failed" if error else "finished",
                error=error,
                finished_at=func.now(),
                heartbeat_at=func.now(),
                **progress,
            )
        )


async def latest(session: AsyncSession) -> Latest | None:
    stale = (IndexRebuild.state == "running") & (
        IndexRebuild.heartbeat_at < func.now() - _stale_interval()
    )
    found = (
        await session.execute(
            select(IndexRebuild, stale.label("stale")).order_by(IndexRebuild.id.desc()).limit(1)
        )
    ).first()
    return None if found is None else Latest(found[0], bool(found[1]))


async def claim_interrupted(db: Database) -> int | None:
    """Take over the latest running rebuild whose process died, to run it again from the
    start (the replay and the shadow fill are both idempotent). Its id, or None."""
    async with db.transaction() as session:
        claimed = await session.execute(
            text(
                "UPDATE index_rebuilds SET owner = :me, attempts = attempts + 1,"
                " interrupted_at = heartbeat_at, heartbeat_at = now(), phase = 'replaying',"
                " replayed_events = 0, indexed = 0"
                " WHERE id = (SELECT id FROM index_rebuilds WHERE state = 'running'"
                "   AND heartbeat_at < now() - make_interval(secs => :stale)"
                "   ORDER BY id DESC LIMIT 1 FOR UPDATE SKIP LOCKED)"
                " RETURNING id"
            ),
            {"me": INSTANCE, "stale": STALE_SECONDS},
        )
        return claimed.scalar_one_or_none()


async def _give_up_stale(session: AsyncSession, reason: str) -> None:
    await session.execute(
        update(IndexRebuild)
        .where(
            IndexRebuild.state == "running",
            IndexRebuild.heartbeat_at < func.now() - _stale_interval(),
        )
        .values(state="failed", error=reason, finished_at=func.now())
    )


def _stale_interval():  # type: ignore[no-untyped-def]
    return func.make_interval(0, 0, 0, 0, 0, 0, STALE_SECONDS)
