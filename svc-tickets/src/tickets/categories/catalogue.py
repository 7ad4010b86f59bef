"""The 诉求分类 taxonomy (3 levels, from the 12345 data's 附件1), packaged with the service.

Codes are positional (`03`, `03.02`, `03.02.07`) so a category and its subtree are one
prefix; names are what people read."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "taxonomy.csv"


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    level: int
    parent: str | None
    path_names: tuple[str, ...] = field(default=())

    @property
    def full_name(self) -> str:
        return " / ".join(self.path_names)

    @property
    def top(self) -> str:
        return self.code.split(".")[0]


class Catalogue:
    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self.by_code: dict[str, Category] = {}
        self._top_by_name: dict[str, str] = {}
        codes: dict[tuple[str, ...], str] = {}
        for row in rows:
            for depth in range(1, 4):
                key = tuple(row[:depth])
                if key in codes:
                    continue
                parent = codes.get(key[:-1]) if depth > 1 else None
                siblings = sum(1 for c in self.by_code.values() if c.parent == parent)
                code = f"{siblings + 1:02d}" if parent is None else f"{parent}.{siblings + 1:02d}"
                codes[key] = code
                self.by_code[code] = Category(code, key[-1], depth, parent, key)
                if depth == 1:
                    self._top_by_name[key[-1]] = code

    def get(self, code: str) -> Category | None:
        return self.by_code.get(code)

    def top_code(self, name: str) -> str | None:
        """The level-1 code of a level-1 name (what the classifier predicts)."""
        return self._top_by_name.get(name)

    def children(self, code: str | None) -> list[Category]:
        return [c for c in self.by_code.values() if c.parent == code]

    def top_name(self, code: str) -> str:
        return self.by_code[code.split(".")[0]].name


@cache
def catalogue() -> Catalogue:
    with DATA.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [(a.strip(), b.strip(), c.strip()) for a, b, c in reader if a and b and c]
    return Catalogue(rows)
