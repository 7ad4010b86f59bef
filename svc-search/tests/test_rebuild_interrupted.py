"""A rebuild whose process died is reported by GET /admin/index and started again by a live
process, instead of vanishing with the process's memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_builders import ids, index, item, search
from sqlalchemy import text

from govkit.testing import eventually
from search.app import create_app
from search.settings import Settings

MIGRATIONS = Path(__file__).parents[1] / "migrations"
DEAD_PROCESS = "search-1:4242:dead00"


async def _leave_interrupted_rebuild(app) -> None:  # type: ignore[no-untyped-def]
    """What a process killed in the middle of a rebuild leaves: a running journal row it
    stopped beating a minute ago."""
    async with app.state.db.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO index_rebuilds (state, phase, owner, attempts, replayed_events,"
                " indexed, started_at, heartbeat_at) VALUES ('running', 'filling', :owner, 1,"
                " 1, 0, now() - interval '70 seconds', now() - interval '60 seconds')"
            ),
            {"owner": DEAD_PROCESS},
        )


@pytest.fixture
async def watchless(service_app, tmp_path):  # type: ignore[no-untyped-def]
    """The service looking for interrupted rebuilds only at start-up."""
    async with service_app(
        create_app,
        Settings,
        "search",
        MIGRATIONS,
        index_path=str(tmp_path / "index"),
        rebuild_watch_seconds=3600,
    ) as c:
        yield c


async def test_an_interrupted_rebuild_is_reported(watchless, tokens):
    await _leave_interrupted_rebuild(watchless._transport.app)
    admin = tokens.bearer(tokens.admin())
    status = (await watchless.get("/admin/index", headers=admin)).json()
    assert status["rebuilding"] is True and status["rebuild_phase"] == "interrupted"
    assert status["rebuild_attempts"] == 1 and status["rebuild_finished_at"] is None


async def test_an_interrupted_rebuild_is_restarted_and_finishes(client, tokens):
    kept = item(title="医疗保险异地就医备案")
    await index(client, kept)
    app = client._transport.app
    generation = app.state.engine.generation
    await _leave_interrupted_rebuild(app)
    admin = tokens.bearer(tokens.admin())

    async def finished() -> bool:
        status = (await client.get("/admin/index", headers=admin)).json()
        return status["rebuild_finished_at"] is not None

    await eventually(finished, timeout=20)
    status = (await client.get("/admin/index", headers=admin)).json()
    assert status["rebuild_attempts"] == 2 and status["rebuild_interrupted_at"] is not None
    assert status["rebuild_error"] is None and not status["rebuilding"]
    assert status["replayed_events"] == 1 and status["rebuilt_documents"] == 1
    assert app.state.engine.generation == generation + 1
    assert ids(await search(client, q="异地就医")) == [f"content:{kept.item_id}"]


async def test_a_new_reindex_while_one_runs_elsewhere_is_refused(watchless, tokens):
    app = watchless._transport.app
    await _leave_interrupted_rebuild(app)
    async with app.state.db.transaction() as session:  # its process is alive after all
        await session.execute(text("UPDATE index_rebuilds SET heartbeat_at = now()"))
    admin = tokens.bearer(tokens.admin())
    response = await watchless.post("/admin/reindex", headers=admin)
    assert response.status_code == 409 and response.json()["code"] == "rebuild_running"
