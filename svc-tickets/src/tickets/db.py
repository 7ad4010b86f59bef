"""This service's declarative base (its own metadata, with govkit's naming convention) and
the one way its services take a row to change it."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import make_base
from govkit.errors import NotFound

Base = make_base()
Row = TypeVar("Row", bound=Base)


async def lock_one(
    session: AsyncSession, model: type[Row], key: uuid.UUID, missing: NotFound
) -> Row:
    """The row with this primary key, locked until the transaction ends; `missing` if none."""
    found = await session.scalar(
        select(model).where(inspect(model).primary_key[0] == key).with_for_update()
    )
    if found is None:
        raise missing
    return found
