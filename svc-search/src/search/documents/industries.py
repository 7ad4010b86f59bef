"""GB/T 4754-2017 行业名称 for the industry facet: measures name industries by code (a
section letter such as `C`, or a 2-4 digit division, group or class), people read names."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def industry_names() -> dict[str, str]:
    path = resources.files("search.documents") / "data" / "gbt4754_2017.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def industry_label(code: str) -> str:
    """The standard's name for `code`; a letter-prefixed division (`C39`) reads as its
    division; an unknown code stays as it is."""
    names = industry_names()
    key = code.strip().upper()
    if key in names:
        return names[key]
    if len(key) > 1 and key[0].isalpha() and key[1:] in names:
        return names[key[1:]]
    return code
