"""Each published fact becomes one engine-neutral `SearchDoc`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from govkit.contracts import (
    ItemPublished,
    KnowledgePublished,
    MeasurePublished,
    TicketDisclosed,
)
from govkit.contracts.content import ITEM_KIND_LABELS
from govkit.web_paths import knowledge_path, letter_path
from search.engine.base import SearchDoc

# Kinds beyond content's 11 item kinds, with their labels for the kind facet.
KIND_LABELS: dict[str, str] = {
    **{kind.value: label for kind, label in ITEM_KIND_LABELS.items()},
    "measure": "惠企政策",
    "ticket": "公开留言",
    "knowledge": "知识问答",
}


def _day(value: date) -> datetime:
    return datetime.combine(value, time(), tzinfo=UTC)


def item_doc(p: ItemPublished) -> SearchDoc:
    disclosure = p.disclosure
    extra: dict[str, object] = {}
    if p.service is not None:
        extra["service"] = p.service.model_dump(mode="json")
    if disclosure is not None and disclosure.document_number:
        extra["document_number"] = disclosure.document_number
    return SearchDoc(
        id=f"content:{p.item_id}",
        kind=p.kind.value,
        title=p.title,
        summary=p.summary,
        body=p.text,
        url=p.url,
        site=p.site_code,
        site_name=p.site_name,
        column=p.column_code,
        column_name=p.column_name,
        issuing_body=(disclosure.issuing_body or "") if disclosure else "",
        published_at=p.published_at,
        tags=[t.name for t in p.tags],
        extra=extra,
    )


def measure_doc(p: MeasurePublished, at: datetime) -> SearchDoc:
    return SearchDoc(
        id=f"measure:{p.measure_id}",
        kind="measure",
        title=p.title,
        summary=p.summary,
        body=" ".join(x for x in (p.policy_title, p.document_number or "") if x),
        url=f"/policies/{p.policy_id}#measure-{p.measure_id}",
        issuing_body=p.issuing_body,
        published_at=at,
        industries=list(p.industries),
        reward_type=p.reward_type,
        extra={
            "policy_title": p.policy_title,
            "document_number": p.document_number,
            "amount_wan": p.amount_wan,
            "opens_on": p.opens_on.isoformat() if p.opens_on else None,
            "closes_on": p.closes_on.isoformat() if p.closes_on else None,
        },
    )


def ticket_doc(p: TicketDisclosed) -> SearchDoc:
    return SearchDoc(
        id=f"ticket:{p.ticket_id}",
        kind="ticket",
        title=p.title,
        summary=p.content[:200],
        body=f"{p.content}\n{p.answer}",
        url=letter_path(p.number),
        issuing_body=p.answering_unit,
        published_at=_day(p.replied_on or p.created_on),
        tags=[p.category] if p.category else [],
        extra={"number": p.number, "answer": p.answer, "category": p.category},
    )


def knowledge_doc(p: KnowledgePublished, at: datetime) -> SearchDoc:
    return SearchDoc(
        id=f"knowledge:{p.entry_id}",
        kind="knowledge",
        title=p.question,
        body=p.answer,
        url=knowledge_path(p.entry_id),
        published_at=p.updated_at or at,
        tags=[p.category] if p.category else [],
        extra={
            "answer": p.answer,
            "valid_to": p.valid_to.isoformat() if p.valid_to else None,
            "source_tickets": list(p.source_ticket_numbers),
        },
    )
