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
        self._parents = {row.parent for row in rows if row.parent}

    def __len__(self) -> int:
        return len(self._by_code)

    def codes(self) -> list[str]:
        return list(self._by_code)

    def get(self, code: str) -> Industry | None:
        return self._by_code.get(code.strip().upper())

    def normalise(self, code: str) -> str | None:
        """The catalogue's code for what a person typed: `3911`, `C3911` (section letter
        first, as GB/T 4754 writes it) and `c39` all name a code; None if nothing matches."""
        text = code.strip().upper()
        if text in self._by_code:
            return text
        digits = text[1:]
        if (
            len(text) > 1
            and text[0].isalpha()
            and digits.isdigit()
            and digits in self._by_code
            and self.lineage(digits)[0].code == text[0]
        ):
            return digits
        return None

    def children(self, code: str | None) -> list[Industry]:
        """The sections (code None) or the codes one level below `code`, in catalogue order."""
        parent = code.strip().upper() if code else None
        return [row for row in self._by_code.values() if row.parent == parent]

    def has_children(self, code: str) -> bool:
        return code in self._parents

    def subtree(self, code: str) -> list[str]:
        """`code` and every code below it."""
        wanted = code.strip().upper()
        return [c for c in self._by_code if any(n.code == wanted for n in self.lineage(c))]

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
