from __future__ import annotations

import statistics


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(samples: list[float], unit: str = "ms") -> dict[str, float]:
    """p50, p95 and mean of samples in seconds, in `unit` ("ms" or "us")."""
    scale = {"ms": 1e3, "us": 1e6}[unit]
    return {
        f"p50_{unit}": round(percentile(samples, 50) * scale, 3),
        f"p95_{unit}": round(percentile(samples, 95) * scale, 3),
        f"mean_{unit}": round(statistics.fmean(samples) * scale, 3),
    }


def summary_ms(samples: list[float]) -> dict[str, float]:
    return summary(samples, "ms")


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")
