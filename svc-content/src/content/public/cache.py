"""A small in-process cache for public reads: rendered JSON with its ETag for a few seconds.
Publishing or withdrawing clears it in this process at commit; other replicas catch up
within the TTL (the figure in settings)."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

# Set on a session whose commit changes what the public sees; the app clears its cache then.
PUBLIC_CHANGED = "content.public_changed"


def mark_public_changed(session: AsyncSession) -> None:
    session.info[PUBLIC_CHANGED] = True


@dataclass(frozen=True)
class Cached:
    body: bytes
    etag: str
    last_modified: str | None
    expires: float


class ResponseCache:
    def __init__(self, ttl: float, max_entries: int = 10_000) -> None:
        self.ttl, self.max_entries = ttl, max_entries
        self._entries: OrderedDict[str, Cached] = OrderedDict()

    def get(self, key: str) -> Cached | None:
        entry = self._entries.get(key)
        if entry is None or entry.expires < time.monotonic():
            return None
        return entry

    def put(self, key: str, body: bytes, last_modified: str | None) -> Cached:
        etag = 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        entry = Cached(body, etag, last_modified, time.monotonic() + self.ttl)
        if self.ttl > 0:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        self._entries.clear()
