"""What svc-policy publishes and consumes (types in govkit.contracts)."""

from govkit.events import Outbox

SOURCE = "/svc-policy"
outbox = Outbox(SOURCE)

PUBLISHES: tuple[str, ...] = ()  # policy.policy/measure/match events with the policy issue
CONSUMES: tuple[str, ...] = ()  # content.item.* with the policy issue
