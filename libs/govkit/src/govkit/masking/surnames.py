"""Chinese surnames, read from `surnames.txt` beside this module (data, not code): the ~300
single surnames that cover nearly all people and the compound ones (欧阳, 司马…)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    text = files(__package__).joinpath("surnames.txt").read_text(encoding="utf-8")
    words = {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(w for w in words if len(w) == 2), frozenset(w for w in words if len(w) == 1)


def surname_of(name: str) -> str | None:
    """The surname a candidate name starts with, or None when it starts with none."""
    compound, single = _surnames()
    if name[:2] in compound:
        return name[:2]
    if name[:1] in single:
        return name[:1]
    return None
