from __future__ import annotations

from pydantic import BaseModel


class CategoryOut(BaseModel):
    code: str
    name: str
    level: int
    parent: str | None
    full_name: str
