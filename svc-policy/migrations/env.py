from alembic import context

from govkit.migrations import run_env
from policy.models import Base
from policy.settings import Settings

if not context.config.get_main_option("sqlalchemy.url"):
    context.config.set_main_option("sqlalchemy.url", Settings().database_url)
run_env(Base.metadata)
