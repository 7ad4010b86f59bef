"""Schemathesis over a service's own OpenAPI, in process: every operation gets a bounded
number of generated requests (valid and invalid ones, a fixed seed), sent through the test's
ASGI client, and none may answer 5xx (schemathesis' `not_a_server_error` check).

Hypothesis runs its examples synchronously, so it runs in a worker thread and each request
is handed to the test's event loop, where the app's lifespan (database pool, NATS) lives.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup

from govkit.testing.tokens import TokenFactory

REQUEST_TIMEOUT = 30.0
# Generated requests per operation and mode (valid, invalid): the five services' runs take
# about a minute together on two cores; FUZZ_EXAMPLES=100 for a deeper look by hand.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))

# Dates at the ends of what Python can hold, often: date arithmetic on a client's date
# (a deadline, a period's end, a year facet) overflows there.
_EDGE_DAYS = [date(9999, 12, 30), date.max, date.min, date(1, 1, 2)]
_DATES = st.one_of(st.sampled_from(_EDGE_DAYS), st.dates())
_TIMES = st.sampled_from(["00:00:00Z", "23:59:59+14:00", "00:00:00-12:00", "12:00:00+08:00"])
schemathesis.openapi.format("date", _DATES.map(date.isoformat))
schemathesis.openapi.format(
    "date-time", st.tuples(_DATES, _TIMES).map(lambda p: f"{p[0].isoformat()}T{p[1]}")
)


@dataclass
class FuzzReport:
    requests: int = 0
    operations: int = 0
    # "METHOD /path: status — how to reproduce", one per failing operation.
    server_errors: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)  # per operation

    def summary(self) -> str:
        slowest = sorted(self.seconds.items(), key=lambda kv: -kv[1])[:5]
        return (
            f"{self.requests} requests over {self.operations} operations; statuses "
            f"{dict(sorted(self.statuses.items()))}; slowest "
            + ", ".join(f"{label} {s:.1f}s" for label, s in slowest)
        )


def _prepared(kwargs: dict[str, Any]) -> requests.PreparedRequest:
    """schemathesis serialises for `requests`: let it encode the body (multipart parts of
    any type included) exactly as it would on the wire."""
    names = ("method", "url", "headers", "params", "json", "data", "files", "cookies")
    return requests.Request(**{k: kwargs[k] for k in names if kwargs.get(k) is not None}).prepare()


@dataclass
class _Outcome:
    sent: int = 0
    message: str = ""


def _first_server_error(
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    send: Callable[[schemathesis.Case], httpx.Response],
    examples: int,
    path: Mapping[str, str],
) -> _Outcome:
    outcome = _Outcome()
    # Valid requests aim at records that exist (random ids only ever meet a 404).
    known = {k: v for k, v in path.items() if "{" + k + "}" in operation.path}
    fixed = {"path_parameters": known} if known and mode is GenerationMode.POSITIVE else {}

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def run(case: schemathesis.Case) -> None:
        if outcome.message:  # one example per operation and mode says enough
            return
        response = send(case)
        outcome.sent += 1
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except (FailureGroup, AssertionError) as exc:  # a FailureGroup is no Exception
            outcome.message = f"{response.status_code} {exc}\n{case.as_curl_command()}"

    # An operation with nothing to get wrong (no parameters, no body) has no invalid request.
    with contextlib.suppress(Unsatisfiable):
        run()
    return outcome


def fuzz_openapi(
    client: httpx.AsyncClient,
    loop: asyncio.AbstractEventLoop,
    schema: Mapping[str, Any],
    *,
    headers: Mapping[str, str],
    examples: int = EXAMPLES,
    skip: Iterable[str] = (),
    path: Mapping[str, str] = {},
) -> FuzzReport:
    """Run in a worker thread (`asyncio.to_thread`); `loop` is the client's loop."""
    loaded = schemathesis.openapi.from_dict(dict(schema))
    skipped = set(skip)
    report = FuzzReport()

    def send(case: schemathesis.Case) -> httpx.Response:
        prepared = _prepared(case.as_transport_kwargs(base_url=str(client.base_url)))
        request = client.build_request(
            prepared.method or "GET",
            prepared.url or "/",
            headers={**prepared.headers, **headers},
            content=prepared.body,
        )
        future = asyncio.run_coroutine_threadsafe(client.send(request), loop)
        response = future.result(timeout=REQUEST_TIMEOUT)
        report.statuses[response.status_code] += 1
        return response

    for result in loaded.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if label in skipped:
            continue
        report.operations += 1
        began = time.perf_counter()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failure = _first_server_error(operation, mode, send, examples, path)
            report.requests += failure.sent
            if failure.message:
                report.server_errors.append(f"{label}: {failure.message}")
        report.seconds[label] = time.perf_counter() - began
    return report


async def fuzz_service(
    client: httpx.AsyncClient,
    *,
    headers: Mapping[str, str],
    examples: int = EXAMPLES,
    skip: Iterable[str] = (),
    path: Mapping[str, str] | None = None,
) -> FuzzReport:
    """The app behind `client` fuzzed over its own /openapi.json."""
    schema = (await client.get("/openapi.json")).json()
    loop = asyncio.get_running_loop()
    return await asyncio.to_thread(
        fuzz_openapi,
        client,
        loop,
        schema,
        headers=headers,
        examples=examples,
        skip=skip,
        path=path or {},
    )


BROAD_ROLES = (
    "platform_admin",
    "dispatcher",
    "unit_supervisor",
    "unit_handler",
    "policy_officer",
    "site_editor",
    "site_reviewer",
)


def broad_staff(tokens: TokenFactory) -> dict[str, str]:
    """A staff member holding every role everywhere, so generated requests reach handlers."""
    token = tokens.issue(
        "fuzz-staff", roles=[{"role": r, "scope": "*"} for r in BROAD_ROLES], name="测试员"
    )
    return tokens.bearer(token)
