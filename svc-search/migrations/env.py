from alembic import context

from govkit.migrations import run_env
from search.models import Base
from search.settings import Settings

if not context.config.get_main_option("sqlalchemy.url"):
    context.config.set_main_option("sqlalchemy.url", Settings().database_url)
run_env(Base.metadata)
