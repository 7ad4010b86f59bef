"""Pinyin and initials input: `gongjijin` or `gjj` → 公积金; and the typos pinyin explains.

The lexicon is the domain dictionary plus the editors' synonym terms and any extra words
(titles of service items); each word is keyed by its toneless full pinyin and its initials.

Typo tolerance (used only when a query finds nothing): Chinese typed through a pinyin input
method goes wrong by picking a homophone (公基金, 社宝卡), which `fix_homophones` undoes for
lexicon words; typed pinyin goes wrong by a letter (gongjjin), which `fuzzy_lookup` forgives
for keys of 6+ letters (one edit, a swap of neighbours counting as one).
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


FUZZY_MIN_LETTERS = 6
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


def within_one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance ≤ 1: one insertion, deletion, substitution or swap
    of two neighbouring letters."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (
            a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
        )
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


class PinyinLexicon:
    def __init__(self, words: Iterable[str] = ()) -> None:
        self._full: dict[str, list[str]] = {}
        self._initials: dict[str, list[str]] = {}
        self._syllables: dict[tuple[str, ...], list[str]] = {}
        self.add(words)

    def add(self, words: Iterable[str]) -> None:
        for word in words:
            if len(word) < 2 or word.isascii():
                continue
            for table, key in ((self._full, full_pinyin(word)), (self._initials, initials(word))):
                if key and word not in table.setdefault(key, []):
                    table[key].append(word)
            if _HAN.fullmatch(word):
                bucket = self._syllables.setdefault(tuple(lazy_pinyin(word)), [])
                if word not in bucket:
                    bucket.append(word)

    def fuzzy_lookup(self, token: str) -> list[str]:
        """Words whose full pinyin is one edit from `token` (6+ letters), closest first."""
        key = token.replace("'", "").lower()
        if len(key) < FUZZY_MIN_LETTERS or not looks_like_pinyin(key):
            return []
        found = [w for k, ws in self._full.items() if within_one_edit(key, k) for w in ws]
        return found[:5]

    def fix_homophones(self, text: str) -> str:
        """Each run of Chinese characters with a lexicon word's reading but other characters
        (公基金 reads gong ji jin like 公积金) becomes that word; longest words first."""
        return _HAN.sub(lambda m: self._fix_run(m.group()), text)

    def _fix_run(self, run: str) -> str:
        readings = lazy_pinyin(run)
        if len(readings) != len(run):
            return run
        out, i = [], 0
        lengths = sorted({len(k) for k in self._syllables}, reverse=True)
        while i < len(run):
            for n in lengths:
                words = (
                    self._syllables.get(tuple(readings[i : i + n])) if i + n <= len(run) else None
                )
                if words and run[i : i + n] not in words:
                    out.append(words[0])
                    i += n
                    break
                if words:  # already a lexicon word: keep it whole
                    out.append(run[i : i + n])
                    i += n
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

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
