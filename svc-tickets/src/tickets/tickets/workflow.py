"""The ticket lifecycle as data: (action, state) → (next state, who may do it).

受理 → 派单 → 签收 → 办理 → 答复 → 回访/评价 → 办结, with 退回, 转办, 下派, 延期, 重办,
督办/催办 and 协办. `None` as the next state means the action leaves the state as it is."""

from __future__ import annotations

from dataclasses import dataclass

from tickets.tickets.access import Capacity
from tickets.tickets.models import State

D, S, L, A, C = (
    Capacity.dispatcher,
    Capacity.supervisor,
    Capacity.lead_unit,
    Capacity.assist_unit,
    Capacity.citizen,
)
HANDLING = (State.assigned, State.accepted, State.in_progress)
OPEN = (State.received, *HANDLING, State.returned)


@dataclass(frozen=True)
class Step:
    to: State | None
    by: frozenset[Capacity]


def _steps(action: str, states: tuple[State, ...], to: State | None, *by: Capacity) -> dict:  # type: ignore[type-arg]
    return {(action, s): Step(to, frozenset(by)) for s in states}


TRANSITIONS: dict[tuple[str, State], Step] = {
    **_steps("assign", (State.received, State.returned), State.assigned, D),
    **_steps("reassign", HANDLING, State.assigned, D),
    **_steps("pass_down", (State.assigned, State.accepted), State.assigned, L),
    **_steps("accept", (State.assigned,), State.accepted, L),
    **_steps("return", (State.assigned, State.accepted), State.returned, L),
    **_steps("start", (State.accepted,), State.in_progress, L),
    **_steps("reply", (State.accepted, State.in_progress), State.replied, L),
    **_steps("reply", (State.received,), State.replied, D),  # 直接答复 by the hotline
    **_steps("request_extension", (State.accepted, State.in_progress), None, L),
    **_steps("approve_extension", (State.accepted, State.in_progress), None, D, S),
    **_steps("reject_extension", (State.accepted, State.in_progress), None, D, S),
    **_steps("rate", (State.replied,), State.rated, C, D),
    **_steps("reopen", (State.replied, State.rated), State.assigned, C, D),
    **_steps("close", (State.replied, State.rated), State.closed, D),
    **_steps("supervise", OPEN, None, S),
    **_steps("urge", OPEN, None, S, D),
    **_steps("add_assist", HANDLING, None, D),
    **_steps("assist_note", HANDLING, None, A),
}
ACTIONS = frozenset(action for action, _ in TRANSITIONS)


def step_for(action: str, state: State) -> Step | None:
    return TRANSITIONS.get((action, state))


def allowed_from(action: str) -> list[State]:
    return [s for (a, s) in TRANSITIONS if a == action]


def available(state: State, held: set[Capacity]) -> list[str]:
    """The actions the table lets these capacities take in this state, in table order (the
    rules inside an action, such as the reopen limit, still decide when it is taken)."""
    return [a for (a, s), step in TRANSITIONS.items() if s == state and step.by & held]
