"""What svc-tickets publishes and consumes (types in govkit.contracts)."""

from govkit.events import Outbox

SOURCE = "/svc-tickets"
outbox = Outbox(SOURCE)

PUBLISHES: tuple[str, ...] = ()  # tickets.ticket.* and tickets.knowledge.* with the tickets issue
CONSUMES: tuple[str, ...] = ()  # identity.org.* with the gateway issue
