"""End to end: the devstack's PostgreSQL and NATS are stopped and started again while clients
write through the gateway; no service is restarted. During the outage a write is refused with
503 problem+json naming the dependency (never a 500 or a hang); within 5 s of the server being
back every write succeeds, and every write that got a 2xx is there afterwards.

The devstack supervisor would restart a dead server within half a second; it is paused
(SIGSTOP) for the outage so the outage lasts as long as the test says, then resumed to
restart the server as it would after a crash."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
import psutil
import pytest
from platform_support import Platform

from govkit.servers.ports import wait_for_port

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("devstack")]
OUTAGE_SECONDS = 3.0
RECOVERY_LIMIT_SECONDS = 5.0
# Two writers per account, each pausing this long between writes, stay within the gateway's
# per-account limit (600 a minute) however fast the answers come.
PAUSE_SECONDS = 0.25


@dataclass
class Stack:
    platform: Platform
    postgres_port: int
    nats_port: int


@pytest.fixture(scope="module")
def stack(platform: Platform) -> Stack:
    return Stack(platform, listening_port(platform, "postgres"), listening_port(platform, "nats"))


def server_pid(platform: Platform, name: str) -> int:
    children = json.loads((platform.home / "children.json").read_text())
    return int(children[name][0])


def listening_port(platform: Platform, name: str) -> int:
    sockets = psutil.Process(server_pid(platform, name)).net_connections(kind="tcp")
    return next(c.laddr.port for c in sockets if c.status == psutil.CONN_LISTEN)


def login(platform: Platform, username: str) -> str:
    from devstack.demo import DEFAULT_DEMO_PASSWORD

    body = {"username": username, "password": DEFAULT_DEMO_PASSWORD}
    r = httpx.post(platform.url + "/auth/login", json=body, timeout=10)
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


@dataclass
class Outcome:
    at: float
    status: int
    code: str | None
    key: str | None = None


@dataclass
class Writers:
    """Clients writing in a loop until stopped; every answer recorded."""

    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def run(self, name: str, write: Callable[[httpx.Client], Outcome]) -> None:
        self.outcomes[name] = []

        def loop() -> None:
            with httpx.Client(timeout=15) as client:
                while not self.stop.is_set():
                    self.outcomes[name].append(write(client))
                    time.sleep(PAUSE_SECONDS)

        thread = threading.Thread(target=loop, name=name, daemon=True)
        thread.start()
        self.threads.append(thread)

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(30)


def outcome_of(r: httpx.Response, key: str | None) -> Outcome:
    code = None
    if r.headers.get("content-type", "").startswith("application/problem+json"):
        code = r.json().get("code")
        assert r.status_code != 503 or r.headers.get("retry-after"), r.text
    return Outcome(time.monotonic(), r.status_code, code, key if r.is_success else None)


def writers_for(stack: Stack) -> Writers:
    url = stack.platform.url
    citizen = {"Authorization": f"Bearer {login(stack.platform, 'citizen_demo')}"}
    admin = {"Authorization": f"Bearer {login(stack.platform, 'admin')}"}

    def intake(client: httpx.Client) -> Outcome:
        # The hand-written intake path (Database.driver_autocommit).
        key = f"e2e-recovery-{uuid.uuid4()}"
        body = {
            "channel": "web",
            "kind": "consultation",
            "title": "恢复测试咨询",
            "content": "数据库重启期间提交的咨询，用于检查服务能否自行恢复。",
            "citizen_phone": "13800138000",
        }
        headers = {**citizen, "Idempotency-Key": key}
        r = client.post(url + "/api/tickets/tickets", json=body, headers=headers)
        return outcome_of(r, r.json().get("id") if r.status_code == 201 else None)

    def site(client: httpx.Client) -> Outcome:
        # A request session (SQLAlchemy) that also writes an outbox event.
        code = f"r-{uuid.uuid4().hex[:12]}"
        r = client.put(
            url + "/api/content/sites", json={"code": code, "name": "恢复测试站点"}, headers=admin
        )
        return outcome_of(r, code)

    writers = Writers()
    for i in range(2):
        writers.run(f"intake-{i}", intake)
        writers.run(f"site-{i}", site)
    return writers


@contextmanager
def supervisor_paused(stack: Stack) -> Iterator[None]:
    os.kill(stack.platform.process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(stack.platform.process.pid, signal.SIGCONT)


def stop_server(stack: Stack, name: str, port: int) -> None:
    os.kill(server_pid(stack.platform, name), signal.SIGINT)  # PostgreSQL's fast shutdown
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _port_open(port):
        time.sleep(0.05)
    assert not _port_open(port), f"{name} did not stop"


def _port_open(port: int) -> bool:
    return wait_for_port(port, timeout=0.05)


def check_outcomes(writers: Writers, back_at: float) -> dict[str, float]:
    """No answer other than 2xx or 503 naming the database; the last failure of each writer
    within the limit after the server was back. Returns those recovery times."""
    recovery: dict[str, float] = {}
    for name, outcomes in writers.outcomes.items():
        for o in outcomes:
            assert o.status < 300 or (o.status, o.code) == (503, "database_unavailable"), (name, o)
        failures = [o.at for o in outcomes if o.status >= 300]
        recovery[name] = max(0.0, max(failures, default=back_at) - back_at)
        assert recovery[name] < RECOVERY_LIMIT_SECONDS, (name, recovery[name])
        assert any(o.at > back_at and o.status < 300 for o in outcomes), name
    return recovery


# The first e2e test of a run also waits for the devstack to start (a minute or two on a
# busy machine).
@pytest.mark.timeout(480)
def test_writes_recover_within_5_s_of_a_postgres_restart_and_none_is_lost(stack):
    writers = writers_for(stack)
    time.sleep(1.0)
    with supervisor_paused(stack):
        stop_server(stack, "postgres", stack.postgres_port)
        down_at = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        resumed_at = time.monotonic()
    # The supervisor restarts it now, as after a crash.
    assert wait_for_port(stack.postgres_port, timeout=30)
    back_at = time.monotonic()
    time.sleep(RECOVERY_LIMIT_SECONDS + 1)
    writers.join()
    during = [o for os_ in writers.outcomes.values() for o in os_ if down_at < o.at < resumed_at]
    assert during and all(o.status == 503 for o in during), [o for o in during if o.status != 503]
    recovery = check_outcomes(writers, back_at)
    print(f"recovery after the PostgreSQL restart (s): {recovery}")

    admin = {"Authorization": f"Bearer {login(stack.platform, 'admin')}"}
    with httpx.Client(base_url=stack.platform.url, headers=admin, timeout=10) as client:
        for name, outcomes in writers.outcomes.items():
            for o in outcomes:
                if o.key is None:
                    continue
                if name.startswith("intake"):
                    r = client.get(f"/api/tickets/tickets/{o.key}")
                else:
                    r = client.get(f"/api/content/sites/{o.key}")
                assert r.status_code == 200, (name, o, r.text)
    # The relay and the consumers went on too: the last site reaches svc-search.
    last = next(o.key for o in reversed(writers.outcomes["site-0"]) if o.key)
    wait_until_searchable(stack, last, time.monotonic() + 15)


def wait_until_searchable(stack: Stack, code: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        if code in indexed_sites(stack):
            return
        time.sleep(0.2)
    pytest.fail(f"site {code} never reached svc-search")


def indexed_sites(stack: Stack) -> set[str]:
    codes: set[str] = set()
    params: dict[str, str | int] = {"limit": 100}
    while True:
        r = httpx.get(stack.platform.url + "/api/search/sites", params=params, timeout=10)
        page = r.json()
        codes |= {s["code"] for s in page["items"]}
        if not page.get("next_cursor"):
            return codes
        params["cursor"] = page["next_cursor"]


def test_events_flow_again_after_a_nats_restart(stack):
    """Writes keep succeeding while NATS is away (they wait in the outbox); once it is back,
    what was written meanwhile reaches svc-search through the relay and the consumers."""
    admin = {"Authorization": f"Bearer {login(stack.platform, 'admin')}"}
    url = stack.platform.url
    with supervisor_paused(stack):
        stop_server(stack, "nats", stack.nats_port)
        code = f"n-{uuid.uuid4().hex[:12]}"
        r = httpx.put(
            url + "/api/content/sites",
            json={"code": code, "name": "总线重启测试站点"},
            headers=admin,
            timeout=10,
        )
        assert r.status_code == 200, r.text
        time.sleep(1.0)
    assert wait_for_port(stack.nats_port, timeout=30)
    back_at = time.monotonic()
    wait_until_searchable(stack, code, back_at + 15)
    print(f"event searchable {time.monotonic() - back_at:.2f} s after NATS was back")
