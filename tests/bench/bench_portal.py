"""Portal speed in a real browser: web/tests/bench/portal-speed.mjs (Playwright + Debian's
Chromium, Lighthouse 12.2.3 when installed) against a running devstack that serves web/dist.

Figures only (TTFB, FCP, LCP, DOMContentLoaded, load, requests, bytes; JS per page gzip;
Lighthouse scores); the targets are printed beside them, never asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

WEB = Path(__file__).resolve().parents[2] / "web"
SCRIPT = WEB / "tests" / "bench" / "portal-speed.mjs"
JS_BUDGET_KB = 150


def run(base: int) -> dict[str, Any]:
    out = subprocess.run(
        ["node", str(SCRIPT)],
        cwd=WEB,
        env={**os.environ, "BASE_URL": f"http://127.0.0.1:{base}"},
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(result: dict[str, Any]) -> str:
    """The figures as the README's table rows."""
    rows = [
        "| page | cold TTFB / FCP / LCP / load (ms) | warm FCP / LCP (ms) | CLS "
        "| requests, cold KB | JS gzip |",
        "|---|---|---|---|---|---|",
    ]
    for name, p in result["pages"].items():
        c, w = p["cold"], p["warm"]
        rows.append(
            f"| {name} | {c['ttfb_ms']} / {c['fcp_ms']} / {c['lcp_ms']} / {c['load_ms']} "
            f"| {w['fcp_ms']} / {w['lcp_ms']} | {c['cls']} "
            f"| {c['requests']}, {c['transferred_kb']} KB "
            f"| {p['js_gzip_kb']} KB ({p['js_files']} files) |"
        )
    for name, presets in (result.get("lighthouse") or {}).items():
        for preset, s in presets.items():
            if s:
                rows.append(
                    f"| Lighthouse {name} ({preset}) | performance {s['performance']}, "
                    f"accessibility {s['accessibility']} | FCP {s['fcp_ms']}, LCP {s['lcp_ms']}, "
                    f"TBT {s['tbt_ms']} | {s['cls']} | | |"
                )
    return "\n".join(rows)


def checks(result: dict[str, Any]) -> dict[str, bool]:
    pages = result["pages"]
    out = {
        "portal cold LCP ≤ 1 s (home, item)": all(
            (pages[n]["cold"]["lcp_ms"] or 10**9) <= 1000 for n in ("home", "item")
        ),
        f"portal JS ≤ {JS_BUDGET_KB} KB gzip (every page)": all(
            p["js_gzip_kb"] <= JS_BUDGET_KB for p in pages.values()
        ),
    }
    scores = [s for presets in (result.get("lighthouse") or {}).values() for s in presets.values()]
    if scores:
        out["Lighthouse performance ≥ 90"] = all(s["performance"] >= 90 for s in scores if s)
        out["Lighthouse accessibility ≥ 95"] = all(s["accessibility"] >= 95 for s in scores if s)
    return out


if __name__ == "__main__":
    import sys

    figures = run(int(sys.argv[1]) if len(sys.argv) > 1 else 8000)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(table(figures))
    print("; ".join(f"{k}: {'met' if ok else 'MISSED'}" for k, ok in checks(figures).items()))
