"""GB/T 4754-2017 国民经济行业分类: codes at every level (section letter, 2-digit division,
3-digit group, 4-digit class) and the tree between them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Industry:
    code: str
    name: str
    level: str  # section | division | group | class
    parent: str | None


class IndustryCatalogue:
    def __init__(self, rows: list[Industry]) -> None:
        self._by_code = {row.code: row for row in rows}

    def __len__(self) -> int:
        return len(self._by_code)

    def codes(self) -> list[str]:
        return list(self._by_code)

    def get(self, code: str) -> Industry | None:
        return self._by_code.get(code.strip().upper())

    def lineage(self, code: str) -> list[Industry]:
        """From the section down to the code itself; empty for an unknown code."""
        chain = []
        node = self.get(code)
        while node is not None:
            chain.append(node)
            node = self._by_code.get(node.parent) if node.parent else None
        return chain[::-1]

    def is_within(self, code: str, ancestor: str) -> bool:
        """Whether `code` is `ancestor` or lies below it (a policy naming division 13 covers
        class 1311)."""
        wanted = ancestor.strip().upper()
        return any(node.code == wanted for node in self.lineage(code))


@cache
def catalogue() -> IndustryCatalogue:
    path = resources.files("policy.industry") / "data" / "gbt4754_2017.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [
            Industry(r["code"], r["name"], r["level"], r["parent"] or None)
            for r in csv.DictReader(handle)
        ]
    return IndustryCatalogue(rows)
