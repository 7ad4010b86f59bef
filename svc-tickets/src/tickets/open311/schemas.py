"""What partners send, parsed and checked: a POST's form fields and GET requests' filters.

Parsed by hand rather than by a pydantic model so every refusal is one of the spec's 400s
with a description naming the field."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tickets.clock import CHINA
from tickets.open311 import messages
from tickets.open311.formats import Open311Error

DESCRIPTION_MAX = 4000  # GeoReport v2's limit for description
ADDRESS_MAX = 300
NAME_MAX = 50
FIELD_MAX = 500
ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,64})\](\[\])?$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,63}$")
PHONE_PREFIX = re.compile(r"^(?:\+?86|0086)(?=1\d{10}$)")


def bad(description: str) -> Open311Error:
    return Open311Error(400, description)


@dataclass(frozen=True)
class ServiceRequestIn:
    service_code: str
    lat: float | None
    long: float | None
    address_string: str | None
    description: str | None
    email: str | None
    phone: str | None
    first_name: str | None
    last_name: str | None
    media_url: str | None
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def caller_name(self) -> str | None:
        # 姓 (last_name) comes first in Chinese names.
        name = f"{self.last_name or ''}{self.first_name or ''}".strip()
        return name[:NAME_MAX] or None


def _one(fields: Mapping[str, Sequence[str]], name: str, limit: int = FIELD_MAX) -> str | None:
    values = fields.get(name) or []
    value = values[-1].strip() if values else ""
    if "\x00" in value:
        raise bad(messages.NUL_CHARACTER.format(field=name))
    if len(value) > limit:
        raise bad(messages.TOO_LONG.format(field=name, limit=limit))
    return value or None


def _coordinate(value: str | None, low: float, high: float, out_of_range: str) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError as exc:
        raise bad(messages.LAT_LONG_NUMBER) from exc
    if not math.isfinite(number):
        raise bad(messages.LAT_LONG_NUMBER)
    if not low <= number <= high:
        raise bad(out_of_range)
    return number


def _phone(value: str | None) -> str | None:
    if value is None:
        return None
    compact = re.sub(r"[\s()]", "", value)
    return PHONE_PREFIX.sub("", compact)


def _attributes(fields: Mapping[str, Sequence[str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, values in fields.items():
        match = ATTRIBUTE.match(name)
        if match is None:
            continue
        code = match.group(1)
        chosen = [v.strip() for v in values if v.strip()]
        if len(chosen) > 1:
            raise bad(messages.ATTRIBUTE_REPEATED.format(code=code))
        if chosen:
            if len(chosen[0]) > FIELD_MAX or "\x00" in chosen[0]:
                raise bad(messages.INVALID_FIELDS.format(fields=name))
            found[code] = chosen[0]
    return found


def parse_service_request(fields: Mapping[str, Sequence[str]]) -> ServiceRequestIn:
    """The POST's fields (the body's form, over the query string's). `api_key` is not read
    here: the gateway exchanges it for a partner token before the request arrives."""
    service_code = _one(fields, "service_code", 32)
    if service_code is None:
        raise bad(messages.SERVICE_CODE_REQUIRED)
    lat_raw, long_raw = _one(fields, "lat", 64), _one(fields, "long", 64)
    if (lat_raw is None) != (long_raw is None):
        raise bad(messages.LAT_LONG_PAIR)
    address = _one(fields, "address_string", ADDRESS_MAX)
    if lat_raw is None and address is None:
        if _one(fields, "address_id") is not None:
            raise bad(messages.ADDRESS_ID_UNSUPPORTED)
        raise bad(messages.LOCATION_REQUIRED)
    email = _one(fields, "email", 254)
    if email is not None and not EMAIL.match(email):
        raise bad(messages.EMAIL_INVALID)
    media_url = _one(fields, "media_url", 2000)
    if media_url is not None and not re.match(r"^https?://\S+$", media_url, re.IGNORECASE):
        raise bad(messages.MEDIA_URL_INVALID)
    return ServiceRequestIn(
        service_code=service_code,
        lat=_coordinate(lat_raw, -90, 90, messages.LAT_RANGE),
        long=_coordinate(long_raw, -180, 180, messages.LONG_RANGE),
        address_string=address,
        description=_one(fields, "description", DESCRIPTION_MAX),
        email=email,
        phone=_phone(_one(fields, "phone", 32)),
        first_name=_one(fields, "first_name", NAME_MAX),
        last_name=_one(fields, "last_name", NAME_MAX),
        media_url=media_url,
        attributes=_attributes(fields),
    )


# GET requests


@dataclass(frozen=True)
class RequestsQuery:
    ids: list[str]
    service_codes: list[str]
    statuses: set[str]
    start: datetime
    end: datetime


def _datetime(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "+"))
    except ValueError as exc:
        raise bad(messages.DATE_INVALID.format(field=name)) from exc
    # The spec requires an offset; a time without one is read as the city's own.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)


def _listed(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def parse_requests_query(
    params: Mapping[str, str], *, now: datetime, max_days: int, max_ids: int
) -> RequestsQuery:
    """start_date/end_date may not span more than `max_days`; without them the last
    `max_days` up to now. `service_request_id` overrides every other filter."""
    ids = _listed(params.get("service_request_id"))
    if len(ids) > max_ids:
        raise bad(messages.TOO_MANY_IDS.format(limit=max_ids))
    statuses = {s.lower() for s in _listed(params.get("status"))}
    if not statuses <= {"open", "closed"}:
        raise bad(messages.STATUS_INVALID)
    start = _datetime(params.get("start_date"), "start_date")
    end = _datetime(params.get("end_date"), "end_date")
    span = timedelta(days=max_days)
    if start is None and end is None:
        end = now
    if start is None:
        assert end is not None
        start = end - span
    if end is None:
        end = start + span
    if end < start:
        raise bad(messages.DATE_ORDER)
    if end - start > span:
        raise bad(messages.DATE_SPAN.format(days=max_days))
    for name, value in params.items():
        if "\x00" in value:
            raise bad(messages.NUL_CHARACTER.format(field=name))
    return RequestsQuery(
        ids=ids,
        service_codes=_listed(params.get("service_code")),
        statuses=statuses,
        start=start,
        end=end,
    )
