"""内容监测 word checks: sensitive words (敏感词) and commonly mistyped words (易错词).

All words go into one Aho-Corasick automaton, so checking a text is a single pass over it
whatever the size of the lists. Overlaps are resolved leftmost-longest: of the matches
starting first, the longest wins, and matches overlapping a winner are dropped. The
allow-list (白名单) takes part in that contest and reports nothing, which is how a correct
phrase such as 按排名 shields the wrong form 按排 inside it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

DATA_DIR = Path(__file__).with_name("data")
CONTEXT_CHARS = 12  # either side of a finding in its snippet
LEVEL_LABELS: dict[int, str] = {1: "提示", 2: "警告", 3: "严重"}


class FindingKind(StrEnum):
    sensitive = "sensitive"  # 敏感词
    mistyped = "mistyped"  # 易错词


KIND_LABELS: dict[FindingKind, str] = {
    FindingKind.sensitive: "敏感词",
    FindingKind.mistyped: "易错词",
}


class SensitiveWord(NamedTuple):
    """A row of the sensitive-word list; any (word, category, level) tuple will do."""

    word: str
    category: str
    level: int = 1


class MistypedWord(NamedTuple):
    """A row of the mistyped-word list; any (wrong, right) tuple will do."""

    wrong: str
    right: str


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    word: str  # as it appears in the text
    suggestion: str | None  # the correct form, for mistyped words
    start: int  # character offsets into the checked string, end exclusive
    end: int
    context: str  # the finding with a few characters either side, on one line
    category: str | None = None  # sensitive words only
    level: int | None = None  # sensitive words only (see LEVEL_LABELS)


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: FindingKind
    suggestion: str | None = None
    category: str | None = None
    level: int | None = None


class WordChecker:
    """A checker built once from plain iterables (data files or database rows)."""

    def __init__(
        self,
        sensitive: Iterable[tuple[str, str, int] | tuple[str, str]] = (),
        mistyped: Iterable[tuple[str, str]] = (),
        allowed: Iterable[str] = (),
    ) -> None:
        entries: dict[str, dict[FindingKind, _Entry]] = {}
        for row in sensitive:
            word, category, level = _sensitive_row(row)
            entries.setdefault(word, {})[FindingKind.sensitive] = _Entry(
                FindingKind.sensitive, category=category, level=level
            )
        for wrong, right in mistyped:
            wrong, right = _word(wrong), _word(right)
            if wrong == right:
                raise ValueError(f"易错词“{wrong}”的正确写法不能与错误写法相同")
            entries.setdefault(wrong, {})[FindingKind.mistyped] = _Entry(
                FindingKind.mistyped, suggestion=right
            )
        for word in allowed:
            entries[_word(word)] = {}  # an explicit allow-list entry overrides the others
        self.word_count = len(entries)
        self._automaton: Any = None
        if entries:
            automaton = ahocorasick.Automaton()
            for word, by_kind in entries.items():
                automaton.add_word(word, (len(word), tuple(by_kind.values())))
            automaton.make_automaton()
            self._automaton = automaton

    def check(self, text: str) -> list[Finding]:
        """Findings in text order; one automaton pass over `text`."""
        if not text or self._automaton is None:
            return []
        matches = [
            (end + 1 - length, end + 1, found)
            for end, (length, found) in self._automaton.iter(text)
        ]
        matches.sort(key=lambda m: (m[0], m[0] - m[1]))  # by start, then longest first
        findings: list[Finding] = []
        covered_to = 0
        for start, end, found in matches:
            if start < covered_to:
                continue
            covered_to = end
            context = _context(text, start, end)
            findings.extend(
                Finding(
                    kind=e.kind,
                    word=text[start:end],
                    suggestion=e.suggestion,
                    start=start,
                    end=end,
                    context=context,
                    category=e.category,
                    level=e.level,
                )
                for e in found
            )
        return findings


def _word(value: str) -> str:
    word = value.strip()
    if not word:
        raise ValueError("词条不能为空")
    return word


def _sensitive_row(row: tuple[str, str, int] | tuple[str, str]) -> tuple[str, str, int]:
    word, category, *rest = row
    try:
        level = int(rest[0]) if rest else 1
    except (TypeError, ValueError):
        raise ValueError(f"敏感词“{word}”的级别必须是 1–3 的整数") from None
    if level not in LEVEL_LABELS:
        raise ValueError(f"敏感词“{word}”的级别必须是 1–3 的整数")
    return _word(word), category.strip() or "未分类", level


def _context(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    snippet = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + snippet + ("…" if hi < len(text) else "")


class CheckerCache:
    """Checkers by list version, so the automaton is built once per change of the lists.

    The version is whatever identifies the lists' state (a counter bumped on every edit,
    or the latest updated_at); only the few most recent versions are kept.
    """

    def __init__(self, maxsize: int = 8) -> None:
        self._maxsize = maxsize
        self._checkers: OrderedDict[Hashable, WordChecker] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, version: Hashable, build: Callable[[], WordChecker]) -> WordChecker:
        with self._lock:
            checker = self._checkers.get(version)
            if checker is None:
                checker = build()
                self.builds += 1
                self._checkers[version] = checker
                while len(self._checkers) > self._maxsize:
                    self._checkers.popitem(last=False)
            else:
                self._checkers.move_to_end(version)
            return checker

    def peek(self, version: Hashable) -> WordChecker | None:
        """The checker already built for `version`, without building one (so a caller can
        skip loading the lists when they have not changed)."""
        with self._lock:
            return self._checkers.get(version)

    def clear(self) -> None:
        with self._lock:
            self._checkers.clear()


# The service-wide cache; key it by the lists' version.
checkers = CheckerCache()


def _rows(path: Path, columns: int) -> Iterable[list[str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise ValueError(f"{path.name} 第 {number} 行应有 {columns} 列（以制表符分隔）")
        yield [f.strip() for f in fields]


def load_sensitive_words(path: Path | None = None) -> list[SensitiveWord]:
    """The default sensitive-word list (word, category, level), or one in the same format."""
    rows = _rows(path or DATA_DIR / "sensitive_words.tsv", 3)
    return [SensitiveWord(*_sensitive_row((w, c, int(lv)))) for w, c, lv in rows]


def load_mistyped_words(path: Path | None = None) -> list[MistypedWord]:
    """The default mistyped-word list (wrong, right), or one in the same format."""
    return [MistypedWord(w, r) for w, r in _rows(path or DATA_DIR / "mistyped_words.tsv", 2)]


def load_allowed_words(path: Path | None = None) -> list[str]:
    """Correct phrases that contain a listed word and must not be flagged."""
    return [w for (w,) in _rows(path or DATA_DIR / "allowed_words.txt", 1)]


@lru_cache(maxsize=1)
def default_checker() -> WordChecker:
    """A checker over the shipped lists (before any list has been edited in the database)."""
    return WordChecker(load_sensitive_words(), load_mistyped_words(), load_allowed_words())
