"""What masking finds: typed spans over the original text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class PiiKind(StrEnum):
    NAME = "name"
    MOBILE = "mobile"
    LANDLINE = "landline"
    ID_NUMBER = "id_number"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    PLATE = "plate"
    HOUSE_NUMBER = "house_number"
    ACCOUNT = "account"  # QQ / 微信 numbers given after their cue word
    NUMBER = "number"  # any other run of 11+ digits: contract, order, account numbers
    OTHER = "other"  # masked by a reviewer (an address, a shop name, a nickname)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int
    kind: PiiKind

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class MaskedSpan:
    """Where a masked piece stands in the masked text (not the original)."""

    start: int
    end: int
    kind: PiiKind


def resolve(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans in text order; where two overlap the longer one wins."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-s.length, s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen)
