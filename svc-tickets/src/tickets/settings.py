from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings

# The repository's ../shared/data (the real 12345 messages the classifier trains on).
DEFAULT_SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


class Settings(ServiceSettings):
    """Environment variables prefixed `TICKETS_` (plain `DATABASE_URL`/`NATS_URL` work too)."""

    model_config = SettingsConfigDict(env_prefix="TICKETS_", extra="ignore")

    service_name: str = "svc-tickets"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/tickets"
    port: int = 8002
    # Every intake runs its two statements on an autocommit connection (tickets/intake.py).
    db_autocommit_pool_size: int = 8
    # Working days to reply, by kind (办理时限); the sign-off deadline is in hours.
    working_days_by_kind: dict[str, int] = Field(
        default_factory=lambda: {
            "consultation": 3,
            "help": 3,
            "complaint": 13,
            "report": 13,
            "suggestion": 13,
            "other": 5,
        }
    )
    sign_hours: int = 24
    max_extension_days: int = 15
    max_reopen: int = 2
    photo_max_bytes: int = 5 * 1024 * 1024
    photos_per_ticket: int = 9
    # Possible duplicates: same category within this distance and these days, or text this
    # close (SimHash bits apart) within the days.
    duplicate_radius_m: float = 300.0
    duplicate_days: int = 7
    # Random pairs of real messages are ≥ 11 bits apart; one small edit of a message stays
    # within 7 bits 99% of the time. Lookups grow fast with it (7: 68 band values, 11: 548).
    duplicate_max_bits: int = Field(7, ge=0, le=11)
    shared_data_dir: Path = DEFAULT_SHARED_DATA
    # Train the 智能派单 model at startup from shared_data_dir (off in most unit tests).
    classifier_enabled: bool = True
