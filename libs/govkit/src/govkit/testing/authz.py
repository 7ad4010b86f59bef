"""An authorization matrix generated from an app's route table.

Each service's test declares, for every (method, path) its app serves, which personas may
call it (`Rule.allow`); a route missing from that table fails the test, so a new route has
to be classified. `run_matrix` then sends every cell to the real app with real tokens:

- a persona not allowed must get 401, 403 or 404 — never 2xx, nor a 409/422 that would
  tell it the record exists and what state it is in. Denied cells run first, against the
  untouched world.
- an allowed persona must not get 401/403, a 5xx, nor 404 when the record exists, unless
  the rule names that problem code as a domain refusal (`self_review`, a wrong password).
  Allowed cells may change the world, so they run afterwards, in the table's order.
- for routes with `owners`, allowed personas that are not owners (the other unit, the other
  citizen) must not find any of the world's `secrets` (record A's number, phone…) in the
  answer: lists are scoped as well as single records.

Path ids point at records of side A (site A, unit X, citizen A, enterprise A); the `_other`
personas are side B.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

PERSONAS: tuple[str, ...] = (
    "anonymous",
    "citizen",
    "citizen_other",
    "enterprise",
    "enterprise_other",
    "site_editor",
    "site_editor_other",
    "site_reviewer",
    "site_reviewer_other",
    "unit_handler",
    "unit_handler_other",
    "dispatcher",
    "supervisor",
    "policy_officer",
    "platform_admin",
    "partner",  # an API key carrying every scope the platform knows
    "partner_unscoped",  # an API key whose scope no route here needs
)
EVERYONE = frozenset(PERSONAS)
ANONYMOUS = frozenset({"anonymous"})
PARTNERS = frozenset({"partner", "partner_unscoped"})
# Every signed-in person. Partners are refused on any route that names no scope.
SIGNED_IN = EVERYONE - ANONYMOUS - PARTNERS
ADMIN = frozenset({"platform_admin"})
ALL_SCOPES = " ".join(
    f"{svc}:{access}"
    for svc in ("tickets", "content", "policy", "search", "gateway")
    for access in ("read", "write")
)
DENIED = (401, 403, 404)

Ids = Mapping[str, Any]
Value = Any  # a value, or a callable taking the ids and returning it


@dataclass(frozen=True)
class Rule:
    allow: frozenset[str]
    # Of `allow`, who may see side A's records; the others must not find a secret.
    owners: frozenset[str] | None = None
    json: Value = None
    params: Value = None
    data: Value = None
    files: Value = None
    content: Value = None  # a raw body (send its content-type in `headers`)
    headers: Value = None  # extra request headers
    path: Mapping[str, Value] = field(default_factory=dict)  # overrides of the world's ids
    # The record is not in the world (or an allowed cell before consumed it): 404 is fine.
    missing: bool = False
    # Problem codes an allowed persona may still get: a domain rule, not scope (a wrong
    # password, self-review), or an upstream the test does not run.
    refusals: frozenset[str] = frozenset()
    name: str = ""  # tells variants of one route apart in failures


def allow(*groups: Iterable[str] | str, **options: Any) -> Rule:
    """`allow(STAFF, "citizen", json={...})`: personas from names and sets."""
    names: set[str] = set()
    for group in groups:
        names |= {group} if isinstance(group, str) else set(group)
    unknown = names - EVERYONE
    if unknown:
        raise ValueError(f"unknown personas: {sorted(unknown)}")
    for key in ("owners", "refusals"):
        if key in options and options[key] is not None:
            options[key] = frozenset(options[key])
    return Rule(frozenset(names), **options)


PUBLIC = Rule(EVERYONE)
Table = Mapping[str, Rule | Sequence[Rule]]
# What govkit's app factory adds to every service: docs, health, metrics, the bus console.
SERVICE_BASICS: dict[str, Rule] = {
    "GET /openapi.json": PUBLIC,
    "GET /docs": PUBLIC,
    "GET /docs/oauth2-redirect": PUBLIC,
    "GET /redoc": PUBLIC,
    "GET /healthz": PUBLIC,
    "GET /readyz": PUBLIC,
    "GET /metrics": PUBLIC,
    "GET /admin/events": Rule(ADMIN),
    "GET /admin/events/dead-letters": Rule(ADMIN),
    # No dead letter in the world: the admin's answer is 404.
    "POST /admin/events/dead-letters/{dead_letter_id}/replay": Rule(ADMIN, missing=True),
}


@dataclass(frozen=True)
class World:
    """Who side A and side B are. Path ids come from the service's own fixture."""

    site: str = "site-a"
    other_site: str = "site-b"
    unit: str = "xc-01"
    other_unit: str = "lc"
    citizen: str = "citizen-a"
    other_citizen: str = "citizen-b"
    credit_code: str = "91360100MA35K8Q2X9"
    other_credit_code: str = "91350100M000100Y43"
    partner_scopes: str = ALL_SCOPES
    unscoped_partner_scopes: str = "search:read"


Issue = Callable[..., str]  # (subject, *, roles, kind, scope, **claims) -> token


def persona_headers(issue: Issue, world: World = World()) -> dict[str, dict[str, str]]:
    """Bearer headers for every persona, tokens made by `issue` (TokenFactory.issue, or the
    gateway's own signer)."""

    def staff(sub: str, role: str, scope: str, **claims: Any) -> str:
        return issue(sub, roles=[{"role": role, "scope": scope}], **claims)

    tokens = {
        "citizen": issue(
            world.citizen, kind="citizen", roles=[{"role": "citizen", "scope": "*"}], name="张三"
        ),
        "citizen_other": issue(
            world.other_citizen,
            kind="citizen",
            roles=[{"role": "citizen", "scope": "*"}],
            name="李四",
        ),
        "enterprise": issue(
            "enterprise-a",
            kind="enterprise",
            credit_code=world.credit_code,
            roles=[{"role": "enterprise", "scope": "*"}],
        ),
        "enterprise_other": issue(
            "enterprise-b",
            kind="enterprise",
            credit_code=world.other_credit_code,
            roles=[{"role": "enterprise", "scope": "*"}],
        ),
        "site_editor": staff("editor-a", "site_editor", f"site:{world.site}"),
        "site_editor_other": staff("editor-b", "site_editor", f"site:{world.other_site}"),
        "site_reviewer": staff("reviewer-a", "site_reviewer", f"site:{world.site}"),
        "site_reviewer_other": staff("reviewer-b", "site_reviewer", f"site:{world.other_site}"),
        "unit_handler": staff(
            f"handler-{world.unit}", "unit_handler", f"org:{world.unit}", org=world.unit
        ),
        "unit_handler_other": staff(
            f"handler-{world.other_unit}",
            "unit_handler",
            f"org:{world.other_unit}",
            org=world.other_unit,
        ),
        "dispatcher": staff("dispatcher-m", "dispatcher", "*"),
        "supervisor": staff("supervisor-m", "unit_supervisor", "*"),
        "policy_officer": staff("officer-m", "policy_officer", "*"),
        "platform_admin": staff("admin-m", "platform_admin", "*"),
        "partner": issue(
            "apikey:matrix-full", kind="partner", scope=world.partner_scopes, org="city"
        ),
        "partner_unscoped": issue(
            "apikey:matrix-none", kind="partner", scope=world.unscoped_partner_scopes, org="city"
        ),
    }
    headers = {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    return {"anonymous": {}, **headers}


def route_keys(app: FastAPI) -> list[str]:
    """`"METHOD /path"` for every route the app serves (HEAD beside GET left out); a mount
    (a proxy, static files) is `"* /path"`."""
    keys: list[str] = []
    for route in iter_route_contexts(app.routes):
        methods = route.methods
        if not methods:
            keys.append(f"* {route.path}")
            continue
        for method in sorted(methods):
            if method == "HEAD" and "GET" in methods:
                continue
            keys.append(f"{method} {route.path}")
    return keys


def coverage_problems(app: FastAPI, table: Table) -> list[str]:
    """Routes with no expectation, and expectations for routes that are gone."""
    served = route_keys(app)
    missing = [f"unclassified route: {key}" for key in served if key not in table]
    stale = [f"no such route: {key}" for key in table if key not in served]
    return missing + stale


def _variants(rules: Rule | Sequence[Rule]) -> list[Rule]:
    return [rules] if isinstance(rules, Rule) else list(rules)


def _value(value: Value, ids: Ids) -> Any:
    return value(ids) if callable(value) else value


_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


def _url(path: str, ids: Ids) -> str:
    return _PARAM.sub(lambda m: str(ids[m.group(1)]), path)


def _code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("code", "")) if isinstance(body, dict) else ""


async def _send(
    client: httpx.AsyncClient, key: str, rule: Rule, ids: Ids, headers: dict[str, str]
) -> httpx.Response:
    method, path = key.split(" ", 1)
    if method == "*":
        method = "GET"
    merged = {**ids, **{name: _value(v, ids) for name, v in rule.path.items()}}
    kwargs: dict[str, Any] = {}
    for name in ("json", "params", "data", "files", "content"):
        value = _value(getattr(rule, name), merged)
        if value is not None:
            kwargs[name] = value
    url = _url(path, merged)
    extra = _value(rule.headers, merged) or {}
    return await client.request(method, url, headers={**headers, **extra}, **kwargs)


def _label(key: str, rule: Rule, persona: str, response: httpx.Response) -> str:
    variant = f" [{rule.name}]" if rule.name else ""
    return f"{key}{variant} as {persona}: {response.status_code} {response.text[:160]}"


async def run_matrix(
    client: httpx.AsyncClient,
    table: Table,
    personas: Mapping[str, dict[str, str]],
    ids: Ids,
    *,
    secrets: Sequence[str] = (),
) -> tuple[list[str], int]:
    """Every cell of `table` against the app behind `client`: (failures, requests sent)."""
    failures: list[str] = []
    sent = 0
    cells = [(key, rule) for key, rules in table.items() for rule in _variants(rules)]
    for key, rule in cells:  # denied first, against the untouched world
        for persona in PERSONAS:
            if persona in rule.allow:
                continue
            response = await _send(client, key, rule, ids, personas[persona])
            sent += 1
            if response.status_code not in DENIED:
                failures.append("should be denied: " + _label(key, rule, persona, response))
    for key, rule in cells:
        for persona in PERSONAS:
            if persona not in rule.allow:
                continue
            response = await _send(client, key, rule, ids, personas[persona])
            sent += 1
            status = response.status_code
            failed = status in (401, 403) or status >= 500 or (status == 404 and not rule.missing)
            if failed and _code(response) not in rule.refusals:
                failures.append("should be allowed: " + _label(key, rule, persona, response))
            elif rule.owners is not None and persona not in rule.owners and status < 300:
                leaked = [s for s in secrets if s in response.text]
                if leaked:
                    failures.append(
                        f"sees side A's {leaked}: " + _label(key, rule, persona, response)
                    )
    return failures, sent
