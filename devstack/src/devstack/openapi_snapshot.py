"""The platform's merged OpenAPI document, built in-process exactly as the gateway merges it
from its services, without starting anything: `python -m devstack.openapi_snapshot` writes
`web/src/shared/api/openapi.json`, the snapshot the front end's client is generated from.

A test compares the snapshot with the running gateway's `/openapi.json`, so an API change
that would break a page shows up as a failing build, not as a broken page."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import content.app
import gateway.app
import policy.app
import search.app
import tickets.app
from gateway.openapi.service import MergedDocument
from gateway.routing.upstreams import Upstream

SNAPSHOT = Path(__file__).resolve().parents[3] / "web" / "src" / "shared" / "api" / "openapi.json"
SERVICES = {
    "content": content.app.create_app,
    "tickets": tickets.app.create_app,
    "policy": policy.app.create_app,
    "search": search.app.create_app,
}


def merged_document() -> dict[str, Any]:
    """What the running gateway's `/openapi.json` answers when every service is up."""
    gateway_app = gateway.app.create_app()
    documents = {name: make().openapi() for name, make in SERVICES.items()}

    async def fetch(upstream: Upstream) -> Any:
        return documents[upstream.name]

    merged = MergedDocument(gateway_app.openapi, gateway_app.state.upstreams, fetch)
    return asyncio.run(merged.get())


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(render(merged_document()), encoding="utf-8")
    print(f"已写入 {SNAPSHOT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
