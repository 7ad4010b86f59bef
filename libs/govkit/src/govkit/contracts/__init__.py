"""Event payloads shared by producers and consumers: one definition, one place.

Each payload class names its CloudEvents `type` (with a version suffix). A breaking change
is a new class with a `.v2` type; both stay registered while consumers migrate.
"""

from govkit.contracts.base import EventPayload, event_type, payload_class, registered_types
from govkit.contracts.content import (
    DisclosureMeta,
    ItemKind,
    ItemLinkRef,
    ItemPublished,
    ItemTag,
    ItemWithdrawn,
    LinkKind,
    ServiceGuide,
    SiteUpserted,
    TagUpserted,
    Validity,
)
from govkit.contracts.identity import (
    ApiKeyRevoked,
    ErasureConfirmed,
    OrgRemoved,
    OrgUpserted,
    RoleClaim,
    UserDeactivated,
    UserErased,
    UserUpserted,
)
from govkit.contracts.policy import MatchFound, MeasurePublished, MeasureWithdrawn
from govkit.contracts.tickets import (
    KnowledgePublished,
    KnowledgeRetired,
    TicketAssigned,
    TicketClosed,
    TicketCreated,
    TicketDisclosed,
    TicketReplied,
    TicketUndisclosed,
)

__all__ = [
    "ApiKeyRevoked",
    "DisclosureMeta",
    "ErasureConfirmed",
    "EventPayload",
    "ItemKind",
    "ItemLinkRef",
    "ItemPublished",
    "ItemTag",
    "ItemWithdrawn",
    "KnowledgePublished",
    "KnowledgeRetired",
    "LinkKind",
    "MatchFound",
    "MeasurePublished",
    "MeasureWithdrawn",
    "OrgRemoved",
    "OrgUpserted",
    "RoleClaim",
    "ServiceGuide",
    "SiteUpserted",
    "TagUpserted",
    "TicketAssigned",
    "TicketClosed",
    "TicketCreated",
    "TicketDisclosed",
    "TicketReplied",
    "TicketUndisclosed",
    "UserDeactivated",
    "UserErased",
    "UserUpserted",
    "Validity",
    "event_type",
    "payload_class",
    "registered_types",
]
