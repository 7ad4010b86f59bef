"""What the gateway publishes (types in govkit.contracts)."""

from govkit.events import Outbox

SOURCE = "/gateway"
outbox = Outbox(SOURCE)

PUBLISHES: tuple[str, ...] = ()  # identity.org.* and identity.user.* with the gateway issue
