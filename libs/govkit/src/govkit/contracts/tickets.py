"""Events published by svc-tickets that other services read: the masked public view of a
disclosed ticket (公开工单) and the knowledge base (知识库) entries. No personal data: the
ticket text is masked by the owner before it leaves, and no caller identity is carried."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from govkit.contracts.base import EventPayload, event_type


@event_type("tickets.ticket.disclosed.v1")
class TicketDisclosed(EventPayload):
    """A replied ticket made public (留言公开): question and answer, masked."""

    ticket_id: UUID
    number: str  # 工单编号, e.g. 12345-20261123-0001
    title: str
    content: str  # masked: names, phones, ID numbers and addresses removed by the owner
    category: str  # 诉求分类, e.g. 城乡建设
    answering_unit: str  # 承办单位名称
    answer: str  # 答复意见
    created_on: date
    replied_on: date | None = None


@event_type("tickets.knowledge.published.v1")
class KnowledgePublished(EventPayload):
    """A knowledge-base entry (一问一答) published or revised."""

    entry_id: UUID
    question: str
    answer: str
    category: str
    valid_to: date | None = None
    source_ticket_numbers: list[str] = Field(default_factory=list)
    updated_at: datetime | None = None


@event_type("tickets.knowledge.retired.v1")
class KnowledgeRetired(EventPayload):
    entry_id: UUID


@event_type("tickets.ticket.created.v1")
class TicketCreated(EventPayload):
    """A ticket accepted (受理). No caller data and no text: only what statistics and
    dashboards elsewhere need."""

    ticket_id: UUID
    number: str
    channel: str
    kind: str
    category: str | None = None
    area_code: str | None = None
    created_at: datetime


@event_type("tickets.ticket.assigned.v1")
class TicketAssigned(EventPayload):
    """Dispatched, transferred (转办) or passed down (下派) to a unit."""

    ticket_id: UUID
    number: str
    unit_code: str
    due_on: date | None = None
    transfer: bool = False


@event_type("tickets.ticket.replied.v1")
class TicketReplied(EventPayload):
    ticket_id: UUID
    number: str
    unit_code: str | None
    replied_at: datetime
    on_time: bool | None = None


@event_type("tickets.ticket.closed.v1")
class TicketClosed(EventPayload):
    ticket_id: UUID
    number: str
    unit_code: str | None
    closed_at: datetime
    satisfaction: int | None = None


@event_type("tickets.ticket.undisclosed.v1")
class TicketUndisclosed(EventPayload):
    """A published ticket taken down again: consumers remove their copy."""

    ticket_id: UUID
    number: str
