"""Pinyin and initials input: `gongjijin` or `gjj` → 公积金.

The lexicon is the domain dictionary plus the editors' synonym terms and any extra words
(titles of service items); each word is keyed by its toneless full pinyin and its initials.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin

_LATIN = re.compile(r"^[a-z']+$")


def full_pinyin(word: str) -> str:
    return "".join(lazy_pinyin(word, errors="ignore")).lower()


def initials(word: str) -> str:
    return "".join(p[0] for p in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if p)


def looks_like_pinyin(token: str) -> bool:
    return bool(_LATIN.match(token)) and len(token) >= 2


class PinyinLexicon:
    def __init__(self, words: Iterable[str] = ()) -> None:
        self._full: dict[str, list[str]] = {}
        self._initials: dict[str, list[str]] = {}
        self.add(words)

    def add(self, words: Iterable[str]) -> None:
        for word in words:
            if len(word) < 2 or word.isascii():
                continue
            for table, key in ((self._full, full_pinyin(word)), (self._initials, initials(word))):
                if key and word not in table.setdefault(key, []):
                    table[key].append(word)

    def lookup(self, token: str) -> list[str]:
        """Chinese words for a latin token: full pinyin first, then initials (only for
        3+ letters, so `ab` does not explode into dozens of words)."""
        key = token.replace("'", "").lower()
        if not looks_like_pinyin(key):
            return []
        found = list(self._full.get(key, []))
        if len(key) >= 2 and not found:
            found = list(self._initials.get(key, []))
        return found[:5]
