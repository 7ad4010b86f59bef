"""Rule test cases attached to a measure by a policy officer, as YAML."""

from __future__ import annotations

import uuid

from test_policy_api import officer, published_measure

GOOD = """
- name: 达到收入门槛的小型制造企业
  profile: {industry_code: "3911", revenue_wan: 2500, employees: 120}
  expected: eligible
- name: 收入不足
  profile: {industry_code: "3911", revenue_wan: 1500, employees: 120}
  expected: not_eligible
- name: 故意写错的期望
  profile: {industry_code: "3911"}
  expected: eligible
"""


def yaml_headers(tokens) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {**officer(tokens), "content-type": "application/yaml"}


async def test_cases_are_stored_and_run_with_a_verdict_per_case(client, tokens):
    measure = await published_measure(client, tokens)
    r = await client.put(
        f"/measures/{measure['id']}/cases", content=GOOD.encode(), headers=yaml_headers(tokens)
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == 3 and body["passed"] == 2
    assert body["results"][2] == {
        "name": "故意写错的期望",
        "expected": "eligible",
        "actual": "needs_info",
        "passed": False,
    }
    rerun = await client.post(f"/measures/{measure['id']}/cases/run", headers=officer(tokens))
    assert rerun.json()["passed"] == 2


async def test_bad_yaml_and_bad_cases_are_422_in_chinese(client, tokens):
    measure = await published_measure(client, tokens)
    url = f"/measures/{measure['id']}/cases"
    r = await client.put(url, content=b"- name: [unclosed", headers=yaml_headers(tokens))
    assert r.status_code == 422 and r.json()["code"] == "cases_not_yaml"
    bad_case = b"- {name: x, profile: {revenue_wan: -5}, expected: eligible}"
    r = await client.put(url, content=bad_case, headers=yaml_headers(tokens))
    assert r.status_code == 422 and r.json()["code"] == "cases_invalid"
    r = await client.put(url, content=b"just text", headers=yaml_headers(tokens))
    assert r.status_code == 422
    r = await client.put(url, content=b"\xff\xfe", headers=yaml_headers(tokens))
    assert r.status_code == 422
    assert (await client.post(f"{url}/run", headers=officer(tokens))).status_code == 404


async def test_only_officers_attach_cases_and_the_measure_must_exist(client, tokens):
    measure = await published_measure(client, tokens)
    citizen = {
        **tokens.bearer(tokens.issue("c", kind="citizen")),
        "content-type": "application/yaml",
    }
    r = await client.put(f"/measures/{measure['id']}/cases", content=GOOD.encode(), headers=citizen)
    assert r.status_code == 403
    r = await client.put(
        f"/measures/{uuid.uuid4()}/cases", content=GOOD.encode(), headers=yaml_headers(tokens)
    )
    assert r.status_code == 404
