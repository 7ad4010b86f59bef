"""Query → clauses: jieba words without stop words, each with its synonyms and, for latin
input, the Chinese words its pinyin or initials spell."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from search.cache import Snapshot
from search.engine.base import Clause, fuzzy_candidate
from search.synonyms.models import SynonymGroup
from search.synonyms.service import expansion_map
from search.text.analysis import domain_words, normalize, query_words, segmenter
from search.text.pinyin import PinyinLexicon, looks_like_pinyin

MAX_CLAUSES = 12


@dataclass(frozen=True)
class Correction:
    clauses: list[Clause]
    text: str | None  # the corrected query to show (公基金 → 公积金); None: only the engine's
    # own typo tolerance is asked (a latin word a letter off, no lexicon word to name)


async def load_synonym_groups(session: AsyncSession) -> list[list[str]]:
    return [list(g) for g in (await session.scalars(select(SynonymGroup.terms))).all()]


class QueryAnalyzer:
    """Caches the editors' synonyms for a few seconds (and drops the cache when they change
    here), so a query costs no extra round trip; with the database away it keeps expanding
    with the last synonyms it read (a `Snapshot`)."""

    def __init__(self, ttl_seconds: float = 5.0) -> None:
        self._groups: Snapshot[list[list[str]]] = Snapshot(
            load_synonym_groups, [], ttl_seconds, name="synonyms"
        )
        self._applied: list[list[str]] | None = None
        self._synonyms: dict[str, list[str]] = {}
        self._lexicon = PinyinLexicon(domain_words())
        self._known_words: set[str] = set()

    def invalidate(self) -> None:
        self._groups.invalidate()

    async def refresh(self, session: AsyncSession) -> None:
        groups = await self._groups.get(session)
        if groups is self._applied:  # the snapshot is unchanged (or could not be reloaded)
            return
        self._applied = groups
        self._synonyms = expansion_map(groups)
        tokenizer = segmenter()
        for term in {t for g in groups for t in g} - self._known_words:
            tokenizer.add_word(term, freq=20000)  # so 看病报销 stays one word in queries
            self._known_words.add(term)
        lexicon = PinyinLexicon(domain_words())
        lexicon.add(t for g in groups for t in g)
        self._lexicon = lexicon

    def lexicon_words(self, token: str) -> list[str]:
        return self._lexicon.lookup(token)

    def corrected(self, query: str) -> Correction | None:
        """The query with its likely typos undone (homophones of lexicon words, pinyin one
        letter off), to be searched with the engine's own typo tolerance; None when there is
        nothing to correct. Only for queries that found nothing: a correction is a guess,
        never applied to a query that has results."""
        original = self.clauses(query)
        fixed_text = self._lexicon.fix_homophones(normalize(query))
        shown = fixed_text
        out: list[Clause] = []
        for clause in self.clauses(fixed_text):
            word = clause.alternatives[0]
            if len(clause.alternatives) == 1 and looks_like_pinyin(word):
                guesses = self._lexicon.fuzzy_lookup(word)
                if guesses:  # what people read: the likeliest word for the typed pinyin
                    shown = shown.replace(word, guesses[0], 1)
                alternatives = [word, *guesses]
                for alt in guesses:
                    alternatives += [
                        s for s in self._synonyms.get(alt, []) if s not in alternatives
                    ]
                clause = Clause(tuple(alternatives))
            out.append(clause)
        if out != original or any(fuzzy_candidate(a) for c in out for a in c.alternatives):
            return Correction(out, shown if shown != normalize(query) else None)
        return None

    def clauses(self, query: str) -> list[Clause]:
        words = query_words(query)
        if not words:  # only question words: search them rather than nothing
            words = [t for t in segmenter().cut(normalize(query)) if t.strip() and t.isalnum()]
        clauses: list[Clause] = []
        for word in words[:MAX_CLAUSES]:
            alternatives = [word]
            if looks_like_pinyin(word):
                alternatives += self._lexicon.lookup(word)
            for alt in list(alternatives):
                alternatives += [s for s in self._synonyms.get(alt, []) if s not in alternatives]
            clauses.append(Clause(tuple(alternatives)))
        return clauses
