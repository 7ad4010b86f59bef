"""What svc-content publishes (types in govkit.contracts) and consumes."""

from govkit.events import Outbox

SOURCE = "/svc-content"
outbox = Outbox(SOURCE)

PUBLISHES = ("content.site.upserted.v1",)
CONSUMES: tuple[str, ...] = ()  # identity.org.* arrives with the gateway issue
