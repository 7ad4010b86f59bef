"""Test helpers: real servers, per-test databases, tokens, and apps served over real HTTP."""

from govkit.testing.apps import app_client, serve_app
from govkit.testing.databases import create_database, drop_database, migrated_template
from govkit.testing.tokens import TokenFactory

__all__ = [
    "TokenFactory",
    "app_client",
    "create_database",
    "drop_database",
    "migrated_template",
    "serve_app",
]
