"""The two statements of 受理, run on an autocommitted connection, each its own transaction.

`LOOK` checks the Idempotency-Key and the area, finds possible duplicates and takes the
day's next serial from its sequence, in one round trip; it writes nothing, so its commit
waits for nothing either.
`WRITE` claims the key and inserts the ticket, its first timeline step and its
`tickets.ticket.created` outbox row together: all of them or, when another request holds
the key, none. Through the ORM the same work took ten round trips and ~8 ms of CPU per
ticket; the intake is the platform's hottest write (5,000–7,000 a day at Datong, bursts
when a channel reconnects), so it is written out here once. The ticket columns and their
casts come from the model, so the statement cannot drift from the table."""

from __future__ import annotations

from sqlalchemy import Column
from sqlalchemy.dialects import postgresql

from tickets.tickets.fingerprint import BANDS
from tickets.tickets.models import Ticket

_DIALECT = postgresql.dialect()

# Every column the intake writes: all but the bands Postgres computes.
TICKET_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in Ticket.__table__.columns if c.computed is None
)


def _cast(column: Column[object]) -> str:
    return str(column.type.compile(dialect=_DIALECT))


def _look() -> str:
    # $1 client, $2 key, $3 area, $4 the day's serial sequence, $5 since, $6 simhash, $7 max bits,
    # $8–$11 band probes, $12 category, $13 lat, $14 lon, $15 box half-height (degrees),
    # $16 box half-width (degrees), $17 radius (m).
    haversine = (
        "2 * 6371000 * asin(sqrt(power(sin(radians(t.latitude - $13::float8) / 2), 2)"
        " + cos(radians($13::float8)) * cos(radians(t.latitude))"
        " * power(sin(radians(t.longitude - $14::float8) / 2), 2)))"
    )
    # One arm per band: $8–$11 hold each band's probe values.
    bands = "\n    UNION\n".join(
        f"""    SELECT t.number, t.created_at FROM unnest(${8 + i}::int[]) AS probe(value)
    JOIN tickets t ON t.simhash_band{i} = probe.value AND t.created_at >= $5::timestamptz
    WHERE bit_count((t.simhash # $6::bigint)::bit(64)) <= $7::int"""
        for i in range(BANDS)
    )
    return f"""
WITH earlier AS (
    SELECT request_hash, ticket_id FROM idempotency_keys
    WHERE client = $1::varchar AND key = $2::varchar
), area AS (
    SELECT active FROM units WHERE code = $3::varchar
), candidates AS (
    -- One index probe per band value, each reading only the window (band, created_at):
    -- written as joins so the planner has no cheaper-looking walk through the whole week.
{bands}
    UNION
    SELECT t.number, t.created_at FROM tickets t
    WHERE t.category = $12::varchar AND t.created_at >= $5::timestamptz
      AND t.latitude BETWEEN $13::float8 - $15::float8 AND $13::float8 + $15::float8
      AND t.longitude BETWEEN $14::float8 - $16::float8 AND $14::float8 + $16::float8
      AND {haversine} <= $17::float8
)
SELECT
    (SELECT request_hash FROM earlier) AS earlier_hash,
    (SELECT ticket_id FROM earlier) AS earlier_ticket,
    (SELECT active FROM area) AS area_active,
    ARRAY(
        SELECT number FROM candidates ORDER BY created_at DESC LIMIT 5
    ) AS duplicates,
    -- Last, and only for a new ticket in a known area: the day's next serial (numbers.py).
    CASE WHEN NOT EXISTS (SELECT FROM earlier)
              AND ($3::varchar IS NULL OR (SELECT active FROM area))
         THEN nextval($4::text::regclass) END AS serial
"""


def _write() -> str:
    columns = [Ticket.__table__.c[name] for name in TICKET_COLUMNS]
    first = 4  # $1 client, $2 key, $3 request hash
    values = ", ".join(f"${first + i}::{_cast(c)}" for i, c in enumerate(columns))
    n = first + len(columns)
    ticket_id = f"${first + TICKET_COLUMNS.index('id')}::uuid"
    # After the ticket's: $n actor, $n+1 actor unit, $n+2 step data,
    # $n+3 event id, $n+4 subject, $n+5 type, $n+6 envelope.
    return f"""
WITH claimed AS (
    INSERT INTO idempotency_keys (client, key, request_hash, ticket_id)
    SELECT $1::varchar, $2::varchar, $3::varchar, {ticket_id}
    WHERE $2::varchar IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING 1
), go AS (
    SELECT WHERE $2::varchar IS NULL OR EXISTS (SELECT FROM claimed)
), ticket AS (
    INSERT INTO tickets ({", ".join(TICKET_COLUMNS)})
    SELECT {values} FROM go
    RETURNING id, created_at, state
), step AS (
    INSERT INTO ticket_timeline
        (ticket_id, at, action, actor, actor_unit, from_state, to_state, note, data)
    SELECT id, created_at, 'create', ${n}::varchar, ${n + 1}::varchar, NULL, state, NULL,
           ${n + 2}::jsonb
    FROM ticket
), event AS (
    INSERT INTO outbox (event_id, subject, type, envelope)
    SELECT ${n + 3}::uuid, ${n + 4}::varchar, ${n + 5}::varchar, ${n + 6}::jsonb FROM ticket
)
SELECT count(*) FROM ticket
"""


LOOK = _look()
WRITE = _write()
