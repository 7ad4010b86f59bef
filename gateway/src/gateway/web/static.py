"""`WebApp`: the web build as the last route of the gateway.

- `/assets/…` are Vite's hashed files: cached for a year (`immutable`), sent precompressed
  (`.br`, `.gz` written by the build) when the browser takes it.
- Any other GET that asks for HTML is a page of the single-page app: `index.html`, never
  cached (a deploy must reach everyone at once), with the pages' Content-Security-Policy.
- Anything else (an API client's GET for an unknown path, a POST) gets the platform's JSON
  404, as before the front end existed.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from starlette.types import Receive, Scope, Send

from govkit.errors import send_problem

ASSETS = "/assets/"
ONE_YEAR = "public, max-age=31536000, immutable"
# Pages run only the build's own scripts: no inline script, no eval, nothing from elsewhere.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


class WebApp:
    def __init__(self, dist: Path) -> None:
        self.dist = dist.resolve()
        self.index = self.dist / "index.html"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        method = scope.get("method", "GET")
        headers = dict(scope.get("headers", ()))
        if method in ("GET", "HEAD"):
            if path.startswith(ASSETS):
                asset = self._asset(path)
                if asset is not None:
                    await self._file(send, asset, headers, ONE_YEAR, method)
                    return
            elif _wants_html(headers) and self.index.is_file():
                await self._file(send, self.index, headers, "no-cache", method, csp=PAGE_CSP)
                return
        await send_problem(
            send, 404, "not_found", "请求的地址不存在", f"{path} 不存在", instance=path
        )

    def _asset(self, path: str) -> Path | None:
        candidate = (self.dist / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.dist) or not candidate.is_file():
            return None  # no way out of dist (../), no directory listings
        return candidate

    async def _file(
        self,
        send: Send,
        file: Path,
        request_headers: dict[bytes, bytes],
        cache: str,
        method: str,
        csp: str | None = None,
    ) -> None:
        media = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media in ("application/javascript", "image/svg+xml"):
            media += "; charset=utf-8"
        body_file, encoding = file, None
        accepted = request_headers.get(b"accept-encoding", b"").decode("latin-1")
        for name, suffix in ENCODINGS:
            packed = file.with_name(file.name + suffix)
            if name in accepted and packed.is_file():
                body_file, encoding = packed, name
                break
        body = body_file.read_bytes()
        headers = [
            (b"content-type", media.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", cache.encode()),
            (b"vary", b"Accept-Encoding"),
        ]
        if encoding:
            headers.append((b"content-encoding", encoding.encode()))
        if csp:
            headers.append((b"content-security-policy", csp.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})


def _wants_html(headers: dict[bytes, bytes]) -> bool:
    return b"text/html" in headers.get(b"accept", b"")
