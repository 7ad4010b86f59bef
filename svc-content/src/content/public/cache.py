"""A small in-process cache for public reads: rendered JSON with its ETag for a few seconds.

- An entry is fresh for `ttl` seconds (the figure in settings, advertised as max-age), less
  up to 15 % of jitter so that entries built together do not all come due together. Once
  due, the first request for it starts one background rebuild and is still answered from
  the entry, as are those that follow until the rebuild lands (stale-while-revalidate), for
  up to `stale` seconds past the TTL (default: the TTL again); after that the entry is gone
  and the next request waits for a build.
- Concurrent misses for one key share one build.
- Each entry carries tags (`item:<id>` for every item it shows, `site:<code>` for a site's
  lists). A commit that changes what the public sees evicts the entries tagged with what it
  touched, at commit, in this process: publishing item A leaves item B's view cached, and a
  withdrawn item is never served again from here once the withdraw has committed. A build
  that was already running when such a commit landed is neither stored nor joined by later
  requests. Other replicas catch up within TTL + stale.
- Degrade, don't fail: an entry past TTL + stale is kept for `stale_if_error` more seconds
  (an hour by default). If its rebuild fails for any reason but NotFound (the database is
  away), the old entry is served with `Age` (seconds since it was built) and
  `Warning: 110 - "Response is Stale"`; for `FAILURE_PAUSE` seconds after its build failed,
  that entry is served stale at once, without trying the database again on every request.
  A withdraw that commits still evicts at once, so a withdrawn item is never served stale.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
import uuid
import weakref
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import structlog
from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from content.items.models import Attachment, Edition, Item
from content.sites.models import Site
from govkit.errors import NotFound

log = structlog.get_logger("content.public.cache")

# The tags a session's commit will evict, gathered by mark_public_changed.
PUBLIC_CHANGES = "content.public_changes"
# Every list and catalogue entry carries this, for a change whose site is not known.
LISTS = "lists"
REFRESH_FROM, REFRESH_TO = 0.85, 1.0  # of the TTL: when an entry comes due
RECENT_INVALIDATIONS = 1024  # remembered to refuse builds that overlapped one
FAILURE_PAUSE = 2.0  # after a failed build, serve stale without building for this long
STALE_WARNING = b'110 - "Response is Stale"'

Build = Callable[[], Awaitable[tuple[bytes, str | None, frozenset[str]]]]


def item_tag(item_id: uuid.UUID | str) -> str:
    return f"item:{item_id}"


def site_tag(site_code: str) -> str:
    return f"site:{site_code}"


@dataclass(frozen=True, slots=True)
class Cached:
    body: bytes
    etag: str
    last_modified: str | None
    tags: frozenset[str]
    refresh_at: float  # from here on, a request starts a background rebuild
    expires: float  # past this (TTL + stale), the entry is served only if a rebuild fails
    # The response headers, encoded once: a hit only copies them.
    raw_headers: tuple[tuple[bytes, bytes], ...] = field(default=())
    built_at: float = 0.0
    keep_until: float = 0.0  # expires + stale_if_error: dropped past this

    def as_stale(self, now: float) -> Cached:
        """This entry marked as served stale, because a rebuild failed."""
        marks = ((b"age", str(int(now - self.built_at)).encode()), (b"warning", STALE_WARNING))
        return replace(self, raw_headers=self.raw_headers + marks)


@dataclass(slots=True)
class _Flight:
    epoch: int
    task: asyncio.Task[Cached]


class ResponseCache:
    def __init__(
        self,
        ttl: float,
        max_entries: int = 10_000,
        stale: float | None = None,
        stale_if_error: float = 3600.0,
    ) -> None:
        self.ttl, self.max_entries = ttl, max_entries
        self.stale = ttl if stale is None else stale
        self.stale_if_error = stale_if_error
        # key → until when a build that just failed is not tried again (served stale).
        self._failing: dict[str, float] = {}
        self.cache_control = f"public, max-age={int(ttl)}".encode()
        self._entries: OrderedDict[str, Cached] = OrderedDict()
        self._by_tag: dict[str, set[str]] = {}
        self._flights: dict[str, _Flight] = {}
        self._epoch = 0
        self._recent: deque[tuple[int, frozenset[str]]] = deque(maxlen=RECENT_INVALIDATIONS)
        self.builds = 0  # counted for tests and the benchmark's notes
        _caches.add(self)

    # -- reading ---------------------------------------------------------------------------

    def peek(self, key: str) -> Cached | None:
        """The entry if it may be served without any work (fresh, not yet due a refresh)."""
        entry = self._entries.get(key)
        if entry is not None and time.monotonic() < entry.refresh_at:
            return entry
        return None

    async def get(self, key: str, build: Build) -> Cached:
        """The entry for `key`: served from the cache while it lives (refreshed in the
        background once due), otherwise built, sharing one build between concurrent misses.
        `build` returns the body, its Last-Modified and its tags; its errors propagate."""
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None:
            if now < entry.refresh_at:
                return entry
            if now < entry.expires:
                self._start(key, build)
                return entry
            if now >= entry.keep_until:
                self._drop(key)
                entry = None
            elif now < self._failing.get(key, -1e9):
                return entry.as_stale(now)
        try:
            return await asyncio.shield(self._start(key, build))
        except NotFound:
            raise
        except Exception:
            self._pause(key)
            if entry is None:
                raise
            log.warning("public_cache_served_stale", key=key, age_s=int(now - entry.built_at))
            return entry.as_stale(time.monotonic())

    # -- writing ---------------------------------------------------------------------------

    def _start(self, key: str, build: Build) -> asyncio.Task[Cached]:
        flight = self._flights.get(key)
        # A build that began before an invalidation may hold what it removed: never join it.
        if flight is not None and flight.epoch == self._epoch:
            return flight.task
        task = asyncio.ensure_future(self._build(key, build, self._epoch))
        self._flights[key] = _Flight(self._epoch, task)
        task.add_done_callback(lambda t: self._landed(key, t))
        return task

    async def _build(self, key: str, build: Build, epoch: int) -> Cached:
        self.builds += 1
        body, last_modified, tags = await build()
        entry = self.make(body, last_modified, tags)
        if self.ttl > 0 and not self._invalidated_since(epoch, entry.tags):
            self._store(key, entry)
        return entry

    def _landed(self, key: str, task: asyncio.Task[Cached]) -> None:
        flight = self._flights.get(key)
        if flight is not None and flight.task is task:
            del self._flights[key]
        if task.cancelled():
            return
        exc = task.exception()  # retrieved here, so an unawaited refresh never warns
        if isinstance(exc, NotFound):
            self._drop(key)  # gone (withdrawn on another replica): stop serving it
        elif exc is not None:
            self._pause(key)
            log.warning("public_cache_build_failed", key=key, error=type(exc).__name__)
        else:
            self._failing.pop(key, None)

    def _pause(self, key: str) -> None:
        """No build for `key` for a moment; only for a kept entry (so this stays bounded)."""
        if key in self._entries:
            self._failing[key] = time.monotonic() + FAILURE_PAUSE

    def make(self, body: bytes, last_modified: str | None, tags: frozenset[str]) -> Cached:
        etag = 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        now = time.monotonic()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"etag", etag.encode()),
            (b"cache-control", self.cache_control),
        ]
        if last_modified:
            headers.append((b"last-modified", last_modified.encode()))
        return Cached(
            body,
            etag,
            last_modified,
            tags,
            refresh_at=now + self.ttl * random.uniform(REFRESH_FROM, REFRESH_TO),
            expires=now + self.ttl + self.stale,
            raw_headers=tuple(headers),
            built_at=now,
            keep_until=now + self.ttl + self.stale + self.stale_if_error,
        )

    def put(
        self, key: str, body: bytes, last_modified: str | None, tags: Iterable[str] = ()
    ) -> Cached:
        entry = self.make(body, last_modified, frozenset(tags))
        if self.ttl > 0:
            self._store(key, entry)
        return entry

    def _store(self, key: str, entry: Cached) -> None:
        self._drop(key)
        self._entries[key] = entry
        for tag in entry.tags:
            self._by_tag.setdefault(tag, set()).add(key)
        while len(self._entries) > self.max_entries:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        self._failing.pop(key, None)
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        for tag in entry.tags:
            keys = self._by_tag.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._by_tag[tag]

    # -- invalidation ----------------------------------------------------------------------

    def invalidate(self, tags: Iterable[str]) -> int:
        """Evict every entry carrying one of `tags`, and refuse to store any build already
        running (it may have read the state before the change). How many were evicted."""
        tags = frozenset(tags)
        self._epoch += 1
        self._recent.append((self._epoch, tags))
        keys = {key for tag in tags for key in self._by_tag.get(tag, ())}
        for key in keys:
            self._drop(key)
        return len(keys)

    def _invalidated_since(self, epoch: int, tags: frozenset[str]) -> bool:
        if epoch == self._epoch:
            return False
        if not self._recent or self._recent[0][0] > epoch + 1:
            return True  # too many since to tell: assume it was touched
        return any(e > epoch and not seen.isdisjoint(tags) for e, seen in self._recent)

    def clear(self) -> None:
        self._entries.clear()
        self._failing.clear()
        self._by_tag.clear()
        self._epoch += 1
        self._recent.clear()

    def __len__(self) -> int:
        return len(self._entries)


# Every cache in this process; a commit evicts from all of them (several apps share one
# process only in tests, where evicting a little more is harmless).
_caches: weakref.WeakSet[ResponseCache] = weakref.WeakSet()


def mark_public_changed(session: AsyncSession) -> None:
    """Note that this transaction changes what the public sees; at commit, the cached
    entries it affects are evicted. What it affects is read from the objects the session
    holds (a superset is safe): every item (its view, every view or list showing it, and its
    site's lists), the item of every attachment and edition, and the targets of an edition's
    typed links (their views show the link back). Call it after loading or changing them."""
    tags: set[str] = session.info.setdefault(PUBLIC_CHANGES, set())
    sync = session.sync_session
    sites: dict[Any, str] = {}
    item_sites: set[Any] = set()
    for obj in [*sync.identity_map.values(), *sync.new, *sync.deleted]:
        # Loaded attribute values only: reading a mapped attribute could emit a query.
        state = inspect(obj).dict
        if isinstance(obj, Item):
            tags.add(item_tag(state["id"]))
            item_sites.add(state.get("site_id"))
        elif isinstance(obj, Attachment | Edition):
            tags.add(item_tag(state["item_id"]))
            for link in state.get("links") or ():
                tags.add(item_tag(link["item_id"]))
        elif isinstance(obj, Site):
            sites[state.get("id")] = state.get("code")
    for site_id in item_sites:
        code = sites.get(site_id)
        tags.add(site_tag(code) if code else LISTS)


def _evict_after_commit(session: Session) -> None:
    tags = session.info.pop(PUBLIC_CHANGES, None)
    if tags:
        for cache in list(_caches):
            cache.invalidate(tags)


def _forget_on_rollback(session: Session, previous_transaction: object) -> None:
    if not session.in_transaction():
        session.info.pop(PUBLIC_CHANGES, None)


event.listen(Session, "after_commit", _evict_after_commit)
event.listen(Session, "after_soft_rollback", _forget_on_rollback)
