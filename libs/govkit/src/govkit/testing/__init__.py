"""Test helpers: real servers, per-test databases, tokens, and apps served over real HTTP."""

from govkit.testing.apps import app_client, serve_app, service_client
from govkit.testing.databases import create_database, drop_database, migrated_template
from govkit.testing.tokens import TokenFactory
from govkit.testing.waiting import eventually, stream_messages

__all__ = [
    "TokenFactory",
    "app_client",
    "create_database",
    "drop_database",
    "eventually",
    "migrated_template",
    "serve_app",
    "service_client",
    "stream_messages",
]
