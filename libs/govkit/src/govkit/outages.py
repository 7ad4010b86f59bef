"""Which exceptions mean that a dependency (PostgreSQL, NATS) is away, rather than that the
code or the request is wrong: those are answered 503 with `Retry-After`, never 500.

The drivers raise plain `OSError`s (a refused connect, a reset socket, a timeout) that say
nothing of who raised them; the innermost frame of a driver in the traceback tells.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import asyncpg
import nats.errors
import nats.js.errors
from sqlalchemy import exc as sa_exc

Dependency = Literal["database", "bus"]

# SQLSTATEs of a server going away or refusing connections: class 08 (connection
# exception), 53300 (too many connections), 57P01–57P03 (shutdown, crash, starting up).
_DATABASE_SQLSTATES = ("08", "53300", "57P01", "57P02", "57P03")
_DATABASE_ERRORS = (
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    # The pool gave no connection in time: every one is stuck on a database that does
    # not answer.
    sa_exc.TimeoutError,
)
_BUS_ERRORS = (
    nats.errors.ConnectionClosedError,
    nats.errors.NoServersError,
    nats.errors.StaleConnectionError,
    nats.errors.OutboundBufferLimitError,
    nats.errors.TimeoutError,
    nats.errors.NoRespondersError,
    nats.js.errors.ServiceUnavailableError,
)
# Module prefixes whose frames tell who raised a plain OSError.
_ORIGINS: tuple[tuple[str, Dependency], ...] = (
    ("asyncpg", "database"),
    ("sqlalchemy", "database"),
    ("nats", "bus"),
    ("govkit.events.nats", "bus"),
)


def unavailable_dependency(exc: BaseException) -> Dependency | None:
    """'database' or 'bus' when `exc` (or what caused it) means that one is unreachable."""
    for err in _chain(exc):
        if isinstance(err, _BUS_ERRORS):
            return "bus"
        if isinstance(err, _DATABASE_ERRORS) or _is_lost_database_connection(err):
            return "database"
        if isinstance(err, sa_exc.DBAPIError) and err.connection_invalidated:
            return "database"
        if isinstance(err, OSError):  # TimeoutError and ConnectionError included
            origin = _origin(err)
            if origin is not None:
                return origin
    return None


def _is_lost_database_connection(err: BaseException) -> bool:
    if isinstance(err, asyncpg.InterfaceError):
        # "connection is closed" / "…was closed in the middle of operation"; other interface
        # errors (an operation already in progress) are bugs.
        return "closed" in str(err)
    sqlstate = getattr(err, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_DATABASE_SQLSTATES)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        err = todo.pop()
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        yield err
        orig = getattr(err, "orig", None)  # SQLAlchemy's wrapper of the driver's error
        todo += [err.__context__, err.__cause__, orig if isinstance(orig, BaseException) else None]
        if isinstance(err, BaseExceptionGroup):  # from a task group (anyio, asyncio)
            todo += err.exceptions


def _origin(err: BaseException) -> Dependency | None:
    found: Dependency | None = None
    tb = err.__traceback__
    while tb is not None:  # outermost first: the last match is the innermost frame
        module = tb.tb_frame.f_globals.get("__name__", "")
        for prefix, dependency in _ORIGINS:
            if module == prefix or module.startswith(prefix + "."):
                found = dependency
        tb = tb.tb_next
    return found
