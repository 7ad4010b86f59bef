"""End to end: `python -m devstack up` starts the whole platform (real PostgreSQL, real NATS,
five uvicorn processes) once; every check goes through the gateway over real HTTP."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from platform_support import Platform, devstack

from govkit.servers import port_is_free

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("devstack")]
ROOT = Path(__file__).resolve().parents[2]


def get(platform: Platform, path: str, **kwargs: object) -> httpx.Response:
    return httpx.get(platform.url + path, timeout=10, **kwargs)  # type: ignore[arg-type]


def test_every_service_is_ready_through_the_gateway(platform):
    for name in ("content", "tickets", "policy", "search"):
        r = get(platform, f"/api/{name}/readyz")
        assert r.status_code == 200, (name, r.text)
        assert r.json()["checks"] == {"database": "ok", "nats": "ok"}
    assert get(platform, "/readyz").status_code == 200


def test_demo_sites_flow_from_content_to_search_over_nats(platform):
    content = get(platform, "/api/content/sites").json()["items"]
    assert "portal" in {s["code"] for s in content}
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        indexed = get(platform, "/api/search/sites").json()["items"]
        if {s["code"] for s in indexed} == {s["code"] for s in content}:
            break
        time.sleep(0.2)
    assert {s["code"] for s in indexed} == {s["code"] for s in content}


def test_tickets_and_policy_answer_through_the_gateway(platform):
    due = get(platform, "/api/tickets/deadlines/due-date?start=2026-09-30&working_days=3")
    assert due.json()["due"] == "2026-10-10"
    assert len(get(platform, "/api/policy/reward-types").json()) == 14


def test_request_id_round_trips_through_gateway_and_service(platform):
    r = get(platform, "/api/content/sites/portal", headers={"X-Request-ID": "e2e-trace-1"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "e2e-trace-1"


def test_bad_input_through_the_gateway_is_problem_json(platform):
    r = get(platform, "/api/tickets/deadlines/due-date?start=not-a-date&working_days=3")
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert get(platform, "/api/content/sites/no-such-site").json()["code"] == "site_not_found"


def login(platform: Platform, username: str) -> str:
    from devstack.demo import DEFAULT_DEMO_PASSWORD

    r = httpx.post(
        platform.url + "/auth/login",
        json={"username": username, "password": DEFAULT_DEMO_PASSWORD},
        timeout=10,
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def test_gateway_tokens_are_verified_by_services_through_the_jwks(platform):
    admin = {"Authorization": f"Bearer {login(platform, 'admin')}"}
    editor = {"Authorization": f"Bearer {login(platform, 'portal_editor')}"}
    body = {"code": "e2e-site", "name": "端到端测试站点"}
    r = httpx.put(platform.url + "/api/content/sites", json=body, headers=admin, timeout=10)
    assert r.status_code == 200, r.text
    r = httpx.put(platform.url + "/api/content/sites", json=body, headers=editor, timeout=10)
    assert r.status_code == 403 and r.json()["code"] == "role_missing"
    forged = {"Authorization": "Bearer " + login(platform, "admin")[:-6] + "AAAAAA"}
    r = httpx.put(platform.url + "/api/content/sites", json=body, headers=forged, timeout=10)
    assert r.status_code == 401


def test_demo_org_tree_is_served_by_the_gateway(platform):
    chain = get(platform, "/orgs/xc-01-01/ancestors").json()
    assert [o["kind"] for o in chain] == ["city", "district", "street", "community"]
    districts = get(platform, "/orgs/city/subtree", params={"max_depth": 1, "limit": 100}).json()
    kinds = [o["kind"] for o in districts["items"]]
    assert kinds.count("district") >= 8 and kinds.count("department") >= 20


def test_the_demo_enterprise_is_matched_and_pushed_policies(platform):
    token = {"Authorization": f"Bearer {login(platform, 'enterprise_demo')}"}
    calc = get(platform, "/api/policy/calculator/me", headers=token).json()
    assert calc["size_class"] == "小型" and calc["eligible"] >= 3
    titles = [r["title"] for r in calc["results"] if r["verdict"] == "eligible"]
    assert "专精特新中小企业奖励" in titles
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        inbox = get(platform, "/api/policy/notices/me", headers=token, params={"limit": 100})
        if {n["title"] for n in inbox.json()["items"]} >= set(titles):
            break
        time.sleep(0.3)
    assert {n["title"] for n in inbox.json()["items"]} >= set(titles)


def test_a_citizen_ticket_goes_through_dispatch_and_back_over_real_http(platform):
    """Citizen → dispatcher → street handler → citizen, every call through the gateway; the
    street exists in svc-tickets because it mirrored the gateway's identity.org.* events."""

    def bearer(username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {login(platform, username)}"}

    citizen, dispatcher = bearer("citizen_demo"), bearer("dispatcher")
    handler = bearer("dongjie_handler")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        units = get(platform, "/api/tickets/units", params={"parent": "xc"}).json()
        if "xc-01" in {u["code"] for u in units}:
            break
        time.sleep(0.3)
    body = {
        "channel": "web",
        "kind": "complaint",
        "title": "东街路灯不亮",
        "content": "东街幸福社区门口路灯已经一周不亮，晚上出行很不安全。",
        "citizen_phone": "13800138000",
    }
    url = platform.url + "/api/tickets/tickets"
    r = httpx.post(
        url, json=body, headers={**citizen, "Idempotency-Key": "e2e-ticket-0001"}, timeout=10
    )
    assert r.status_code == 201, r.text
    ticket = r.json()
    again = httpx.post(
        url, json=body, headers={**citizen, "Idempotency-Key": "e2e-ticket-0001"}, timeout=10
    )
    assert again.status_code == 200 and again.json()["id"] == ticket["id"]

    def act(action: str, headers: dict[str, str], **payload: object) -> dict[str, object]:
        r = httpx.post(
            f"{url}/{ticket['id']}/actions/{action}", json=payload, headers=headers, timeout=10
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    act("assign", dispatcher, unit_code="xc-01", category="01.02.04")
    act("accept", handler)
    act("reply", handler, reply="已安排维修，路灯已恢复照明。")
    done = act("rate", citizen, satisfaction=5)
    assert done["state"] == "rated"
    tracked = httpx.post(
        url + "/track", json={"number": ticket["number"], "phone": "13800138000"}, timeout=10
    )
    assert tracked.status_code == 200 and tracked.json()["unit_name"] == "东街街道"


def test_one_openapi_document_covers_every_service(platform):
    spec = get(platform, "/openapi.json").json()
    prefixes = {p.split("/")[2] for p in spec["paths"] if p.startswith("/api/")}
    assert prefixes == {"content", "tickets", "policy", "search"}
    assert "/auth/login" in spec["paths"]


def test_a_second_up_says_the_platform_already_runs(platform):
    second = devstack(platform.home, "up", "--gateway-port", str(platform.gateway_port))
    assert second.returncode == 1
    assert "已在运行" in second.stdout
    assert get(platform, "/readyz").status_code == 200  # the first one is untouched


def test_down_stops_everything_it_started_and_state_survives(platform):
    pid_file = platform.home / "devstack.pid"
    assert pid_file.exists()
    result = devstack(platform.home, "down")
    assert result.returncode == 0, result.stdout + result.stderr
    platform.process.wait(60)
    assert not pid_file.exists()
    assert all(port_is_free(p) for p in platform.ports)
    # State stays for the next `up`.
    assert (platform.home / "postgres" / "PG_VERSION").exists()
    assert (platform.home / "demo-loaded").exists()
    assert os.listdir(platform.home / "nats")
