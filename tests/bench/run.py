"""`make bench`: gateway overhead and outbox latency, each compared within one run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_gateway
import bench_outbox


def main() -> None:
    print("== outbox: commit → consumer handled ==", flush=True)
    outbox = bench_outbox.run()
    print(json.dumps(outbox, indent=2), flush=True)
    print("== gateway: direct vs through the gateway (GET /sites/portal) ==", flush=True)
    gateway = bench_gateway.run()
    print(json.dumps(gateway, indent=2, ensure_ascii=False), flush=True)
    print("targets: gateway p50 overhead ≤ 1 ms, throughput ratio ≥ 0.70; outbox p95 ≤ 50 ms")


if __name__ == "__main__":
    main()
