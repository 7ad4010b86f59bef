"""What the gateway publishes (types in govkit.contracts)."""

from govkit.events import Outbox

SOURCE = "/gateway"
outbox = Outbox(SOURCE)

PUBLISHES = ("identity.org.upserted.v1", "identity.org.removed.v1", "identity.user.upserted.v1")
