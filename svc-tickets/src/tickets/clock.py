"""The service's clock is the platform's: China Standard Time (see govkit.clock)."""

from govkit.clock import CHINA, local_date, now, today

__all__ = ["CHINA", "local_date", "now", "today"]
