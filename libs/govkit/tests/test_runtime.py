"""Process settings a running service gets from the app's start-up."""

from __future__ import annotations

import gc

from kit_app import create_kit_app

from govkit.app import GC_THRESHOLDS
from govkit.settings import ServiceSettings
from govkit.testing import app_client


async def test_a_started_service_collects_garbage_rarely_and_not_its_startup(
    database_url, nats_url, tokens
):
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    settings = ServiceSettings(database_url=database_url, nats_url=nats_url, service_name="kit")
    async with app_client(create_kit_app(settings, verifier=tokens.verifier())):
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
