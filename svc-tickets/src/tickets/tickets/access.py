"""Who may see and act on a ticket: the capacities an identity holds towards it."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Select, or_
from sqlalchemy.dialects.postgresql import array

from govkit.auth import Identity
from govkit.errors import Forbidden
from tickets.tickets.models import Ticket


class Capacity(StrEnum):
    dispatcher = "dispatcher"  # 派单员 (the hotline centre)
    supervisor = "supervisor"  # 督办
    lead_unit = "lead_unit"  # 主办单位 (or a unit above it)
    assist_unit = "assist_unit"  # 协办单位
    citizen = "citizen"  # the caller (a person or an enterprise), on their own ticket


def files_for_itself(identity: Identity) -> bool:
    """A citizen's or an enterprise's own account: it writes its own letters (诉求) and sees,
    rates and reopens only those."""
    return identity.kind in ("citizen", "enterprise")


def handler_orgs(identity: Identity) -> list[str]:
    return sorted(
        s.removeprefix("org:") for s in identity.role_scopes("unit_handler") if s.startswith("org:")
    )


def sees_everything(identity: Identity) -> bool:
    return (
        identity.is_platform_admin
        or identity.has_role("dispatcher", "*")
        or identity.has_role("unit_supervisor", "*")
    )


def capacities(identity: Identity, ticket: Ticket) -> set[Capacity]:
    held: set[Capacity] = set()
    if identity.is_platform_admin or identity.has_role("dispatcher", "*"):
        held.add(Capacity.dispatcher)
    if identity.is_platform_admin or identity.has_role("unit_supervisor", "*"):
        held.add(Capacity.supervisor)
    if ticket.unit_path and identity.acts_on_org(ticket.unit_path, "unit_handler"):
        held.add(Capacity.lead_unit)
    if ticket.assist_paths and identity.acts_on_org(ticket.assist_paths, "unit_handler"):
        held.add(Capacity.assist_unit)
    if (
        files_for_itself(identity)
        and ticket.citizen_subject is not None
        and ticket.citizen_subject == identity.subject
    ):
        held.add(Capacity.citizen)
    return held


def ensure_visible(identity: Identity, ticket: Ticket) -> set[Capacity]:
    held = capacities(identity, ticket)
    if not held:
        raise Forbidden("无权查看该工单", code="outside_scope")
    return held


def scoped(stmt: Select[tuple[Ticket]], identity: Identity) -> Select[tuple[Ticket]]:
    """The tickets list restricted to what the identity may see."""
    if sees_everything(identity):
        return stmt
    orgs = handler_orgs(identity)
    if orgs:
        scope = array(orgs)
        return stmt.where(or_(Ticket.unit_path.overlap(scope), Ticket.assist_paths.overlap(scope)))
    if files_for_itself(identity):
        return stmt.where(Ticket.citizen_subject == identity.subject)
    raise Forbidden("当前账号无权查看工单", code="outside_scope")
