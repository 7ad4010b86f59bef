"""Keeps `search_documents` current from the events. Runs inside the consumer's transaction,
together with its inbox record; the indexer takes `pending` rows to the engine afterwards."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import (
    ItemPublished,
    ItemWithdrawn,
    KnowledgePublished,
    KnowledgeRetired,
    MeasurePublished,
    MeasureWithdrawn,
    TicketDisclosed,
    TicketUndisclosed,
)
from govkit.events import CloudEvent
from search.cache import DOCUMENTS, mark_changed
from search.documents.mapping import item_doc, knowledge_doc, measure_doc, ticket_doc
from search.documents.models import DOCUMENT_SEQ, SearchDocument
from search.engine.base import SearchDoc


async def upsert(
    session: AsyncSession,
    doc_id: str,
    version: int,
    doc: SearchDoc | None,
    *,
    replace_equal: bool = False,
) -> None:
    """Store the newest state of `doc_id` (None = withdrawn); an older version is ignored,
    an equal one too unless `replace_equal` (a rebuild re-derives documents)."""
    values = {
        "doc_id": doc_id,
        "kind": doc.kind if doc else "",
        "site": doc.site if doc else "",
        "title": doc.title if doc else "",
        "version": version,
        "deleted": doc is None,
        "doc": doc.to_json() if doc else None,
        "pending": True,
    }
    stmt = insert(SearchDocument).values(**values)
    newer = (
        SearchDocument.version <= stmt.excluded.version
        if replace_equal
        else SearchDocument.version < stmt.excluded.version
    )
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[SearchDocument.doc_id],
            set_={
                **{k: stmt.excluded[k] for k in values if k != "doc_id"},
                "seq": DOCUMENT_SEQ.next_value(),
                "updated_at": func.now(),
            },
            where=newer,
        )
    )
    mark_changed(session, DOCUMENTS)


def document_of(event: CloudEvent) -> tuple[str, int, SearchDoc | None]:
    """(doc id, version, document or None for a withdrawal) for a consumed event."""
    p = event.payload()
    match p:
        case ItemPublished():
            doc = item_doc(p)
            return doc.id, p.payload_version, doc
        case ItemWithdrawn():
            return f"content:{p.item_id}", p.payload_version, None
        case MeasurePublished():
            doc = measure_doc(p, event.time)
            return doc.id, p.payload_version, doc
        case MeasureWithdrawn():
            return f"measure:{p.measure_id}", p.payload_version, None
        case TicketDisclosed():
            doc = ticket_doc(p)
            return doc.id, p.payload_version, doc
        case TicketUndisclosed():
            return f"ticket:{p.ticket_id}", p.payload_version, None
        case KnowledgePublished():
            doc = knowledge_doc(p, event.time)
            return doc.id, p.payload_version, doc
        case KnowledgeRetired():
            return f"knowledge:{p.entry_id}", p.payload_version, None
    raise LookupError(f"no document for {event.type}")


async def on_document_event(session: AsyncSession, event: CloudEvent) -> None:
    doc_id, version, doc = document_of(event)
    await upsert(session, doc_id, version, doc)


INDEXED_TYPES = (
    ItemPublished.event_type,
    ItemWithdrawn.event_type,
    MeasurePublished.event_type,
    MeasureWithdrawn.event_type,
    TicketDisclosed.event_type,
    TicketUndisclosed.event_type,
    KnowledgePublished.event_type,
    KnowledgeRetired.event_type,
)
