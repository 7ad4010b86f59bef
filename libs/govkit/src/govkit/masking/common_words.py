"""Common words of jieba's dictionary that begin like a name (钱财, 王府, 文化, 那位): a
candidate "surname + given" that reads as one of them is an ordinary word. The tagger's own
tags are no help here (it tags 钱财 and 王府 `nr`, and made-up names `n`, `m` or `r`)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

# Real names in the dictionary stay below this (王建国 12, 刘德华 37, 李四 106); ordinary
# words that look like names are above it (房东 129 is one of the few just below).
COMMON = 150
# A common word the dictionary itself tags as a name (朱红 618, 唐诗 205, 马超 170) is also
# a given name often enough to be masked where the context says "person"; above this it is
# a word first (王府 1251).
NAME_WORD = 1000
# After a surname that is mostly a function word (支, 任, 申: 支取, 任课, 申领) a rarer word
# is already a word.
FUNCTION_WORD = 20
# A three-character candidate that starts with a very common function word (那位张: a pronoun,
# adverb, conjunction…) is that word and a surname; a noun (韩国萱) may still start a name.
PREFIX_WORD = 1000
FUNCTION_TAGS = ("r", "d", "c", "p", "u", "m", "q", "f", "t", "v")


@cache
def _common_words() -> dict[str, tuple[int, str]]:
    words: dict[str, tuple[int, str]] = {}
    with files("jieba").joinpath("dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, tag = [*line.rstrip("\n").split(" "), "", ""][:3]
            if not 2 <= len(word) <= 3 or int(freq) < FUNCTION_WORD:
                continue
            if tag.startswith("nr") and int(freq) < NAME_WORD:
                continue
            words[word] = (int(freq), tag)
    return words


def is_common_word(word: str, at_least: int = COMMON) -> bool:
    """An ordinary word, not a name (居民, 信息, 王府, 那位)."""
    return _common_words().get(word, (0, ""))[0] >= at_least


def is_function_word(word: str) -> bool:
    """A very common pronoun, adverb, conjunction, verb… (那位, 已经, 如果)."""
    freq, tag = _common_words().get(word, (0, ""))
    return freq >= PREFIX_WORD and tag.startswith(FUNCTION_TAGS)
