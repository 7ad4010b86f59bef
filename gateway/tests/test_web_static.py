"""The gateway serves the front end's build: pages with history fallback, hashed assets
cached for a year and precompressed, and the API's JSON 404s unchanged."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from gateway_support import MIGRATIONS

from gateway.app import create_app
from gateway.settings import Settings

HTML = {"Accept": "text/html,application/xhtml+xml"}
INDEX = '<!doctype html><html lang="zh-CN"><body><div id="app"></div></body></html>'


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    script = b"console.log('portal');" * 50
    (tmp_path / "assets" / "portal-abc123.js").write_bytes(script)
    (tmp_path / "assets" / "portal-abc123.js.gz").write_bytes(gzip.compress(script))
    (tmp_path.parent / "secret.txt").write_text("outside dist")
    return tmp_path


@pytest.fixture
async def site(service_app, dist: Path) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with service_app(
        create_app, Settings, "gateway", MIGRATIONS, trust_test_tokens=False, web_dist=str(dist)
    ) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/portal/", "/xc-district/columns/tzgg", "/portal/items/x"])
async def test_every_page_path_answers_the_app_uncached_with_its_csp(site, path):
    r = await site.get(path, headers=HTML)
    assert r.status_code == 200 and r.text == INDEX
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-cache"
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


async def test_hashed_assets_are_cached_for_a_year_and_sent_compressed(site):
    r = await site.get("/assets/portal-abc123.js", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["content-encoding"] == "gzip"
    assert r.text.startswith("console.log")  # httpx undoes the gzip
    plain = await site.get("/assets/portal-abc123.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == r.text


@pytest.mark.parametrize(
    "path", ["/assets/missing.js", "/assets/%2e%2e/%2e%2e/secret.txt", "/assets/"]
)
async def test_a_missing_asset_or_a_way_out_of_the_build_is_404(site, path):
    r = await site.get(path, headers=HTML)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "outside dist" not in r.text


async def test_api_clients_still_get_json_404s_and_api_routes_win(site):
    r = await site.get("/no-such-thing", headers={"Accept": "application/json"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert (await site.post("/portal/", headers=HTML)).status_code == 404
    health = await site.get("/healthz", headers=HTML)
    assert health.headers["content-type"].startswith("application/json")


async def test_without_a_build_no_pages_are_served(service_app, tmp_path):  # type: ignore[no-untyped-def]
    async with service_app(
        create_app, Settings, "gateway", MIGRATIONS, web_dist=str(tmp_path / "none")
    ) as client:
        r = await client.get("/portal/", headers=HTML)
        assert r.status_code == 404
