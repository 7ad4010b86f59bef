from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict


class SourceSiteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    site_id: uuid.UUID
    code: str
    name: str
    version: int
