"""Every table of the service, imported here so Alembic and tests see the whole metadata."""

from search.analytics.models import QueryDaily, QueryLog
from search.bestbets.models import BestBet
from search.db import Base
from search.documents.models import SearchDocument
from search.engine.models import FtsDocument, FtsDocumentNext
from search.indexing.models import IndexRebuild
from search.sources.models import SourceSite
from search.synonyms.models import SynonymGroup

__all__ = [
    "Base",
    "BestBet",
    "FtsDocument",
    "FtsDocumentNext",
    "IndexRebuild",
    "QueryDaily",
    "QueryLog",
    "SearchDocument",
    "SourceSite",
    "SynonymGroup",
]
