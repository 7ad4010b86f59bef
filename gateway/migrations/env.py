from alembic import context

from gateway.models import Base
from gateway.settings import Settings
from govkit.migrations import run_env

if not context.config.get_main_option("sqlalchemy.url"):
    context.config.set_main_option("sqlalchemy.url", Settings().database_url)
run_env(Base.metadata)
