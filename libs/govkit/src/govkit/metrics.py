"""Prometheus metrics: HTTP requests by route template, and the event bus."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

HTTP_REQUESTS = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency by route template",
    ["service", "method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTS_PUBLISHED = Counter("events_published_total", "Events the outbox relay published")
OUTBOX_LAG = Gauge("outbox_unsent", "Outbox rows not yet published")
EVENTS_CONSUMED = Counter(
    "events_consumed_total", "Events handled by consumers", ["consumer", "outcome"]
)


async def metrics_endpoint(request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
