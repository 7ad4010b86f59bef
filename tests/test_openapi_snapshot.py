"""The front end's client is generated from a committed snapshot of the gateway's merged
OpenAPI (web/src/shared/api/openapi.json). Any API change shows here: an intended one
regenerates the snapshot in the same commit (`make openapi`), so a change that would break a
page breaks the build instead."""

from __future__ import annotations

import json

from devstack.openapi_snapshot import SNAPSHOT, merged_document, render


def test_the_committed_openapi_snapshot_is_what_the_gateway_merges():
    current = merged_document()
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    added = sorted(set(current["paths"]) - set(committed["paths"]))
    removed = sorted(set(committed["paths"]) - set(current["paths"]))
    assert (added, removed) == ([], []), "接口有增减，请运行 make openapi 并提交快照"
    assert render(current) == render(committed), "接口定义已变化，请运行 make openapi 并提交快照"
