"""The embedded spelling engine: no Java, no server, no download.

A word is suspect when no English word list knows it. Its candidates are the
words within two edits (found with rapidfuzz over words of about the same
length), ranked as people actually mistype:

    score(candidate) = context(candidate | previous, next word)
                       + bonus if the article itself uses the candidate
                       - edit_weight * cost(typed -> candidate)

where `cost` is an edit distance in which the slips people make are cheap
(neighbouring keys, swapped or doubled letters, a vowel for a vowel, a
sound-alike spelling), and `context` is a bigram language model. The engine
only ranks; `fix_spelling` decides whether the best candidate is sure enough.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..core import Memo
from ._lexicon import Dialect, Lexicon, lexicon

VOWELS = frozenset("aeiouy")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY = {key: (row, column + 0.5 * row) for row, keys in enumerate(_ROWS) for column, key in enumerate(keys)}
_INTERPOLATION = 0.5  # weight of the bigram against the unigram in the context model
# Consonants that sound alike, and that people (learners above all) write for each other.
SOUND_ALIKE = frozenset(frozenset(pair) for pair in ("bp", "dt", "gk", "ck", "cs", "sz", "fv", "mn", "lr", "kq", "gj"))


@dataclass(frozen=True)
class Candidate:
    word: str
    score: float  # log10 units: 1.0 is ten times more likely
    cost: float
    share: float  # the candidate's share of the probability of all candidates


def neighbours_on_keyboard(a: str, b: str) -> bool:
    if a not in _KEY or b not in _KEY:
        return False
    (row_a, column_a), (row_b, column_b) = _KEY[a], _KEY[b]
    return abs(row_a - row_b) <= 1 and abs(column_a - column_b) <= 1.0


@lru_cache(maxsize=65536)
def typing_cost(typed: str, intended: str) -> float:
    """Weighted optimal-string-alignment distance from what was typed to what was meant."""
    n, m = len(typed), len(intended)
    row_before: list[float] = []
    previous = [float(j) for j in range(m + 1)]
    for j in range(1, m + 1):
        previous[j] = previous[j - 1] + _insert_cost(intended, j - 1)
    for i in range(1, n + 1):
        current = [previous[0] + _delete_cost(typed, i - 1)] + [0.0] * m
        for j in range(1, m + 1):
            best = min(
                previous[j] + _delete_cost(typed, i - 1),
                current[j - 1] + _insert_cost(intended, j - 1),
                previous[j - 1] + _substitute_cost(typed[i - 1], intended[j - 1]),
            )
            if i > 1 and j > 1 and typed[i - 1] == intended[j - 2] and typed[i - 2] == intended[j - 1] != typed[i - 1]:
                best = min(best, row_before[j - 2] + 0.75)
            current[j] = best
        row_before, previous = previous, current
    return previous[m]


def unrelated_swap(typed: str, intended: str) -> bool:
    """Same length, one letter different, and the two are neither neighbouring keys nor both vowels
    ("vaper" / "paper"): not a slip people make, more likely another word."""
    if len(typed) != len(intended):
        return False
    different = [(a, b) for a, b in zip(typed, intended) if a != b]
    return len(different) == 1 and _substitute_cost(*different[0]) >= 1.0


def _delete_cost(typed: str, i: int) -> float:
    """The typist hit an extra key: cheap when it doubled a neighbour letter."""
    doubled = (i > 0 and typed[i] == typed[i - 1]) or (i + 1 < len(typed) and typed[i] == typed[i + 1])
    return 0.5 if doubled else 1.0


def _insert_cost(intended: str, j: int) -> float:
    """The typist dropped a letter: cheap when it was one of a double pair."""
    doubled = (j > 0 and intended[j] == intended[j - 1]) or (j + 1 < len(intended) and intended[j] == intended[j + 1])
    return 0.5 if doubled else 1.0


def _substitute_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if (a in VOWELS and b in VOWELS) or neighbours_on_keyboard(a, b) or frozenset((a, b)) in SOUND_ALIKE:
        return 0.75
    return 1.0


class EmbeddedEngine:
    """Ranks corrections for unknown lowercase words; loaded once per process and dialect."""

    def __init__(self, dialect: Dialect = "any") -> None:
        self.lexicon: Lexicon = lexicon()
        self.dialect = dialect
        self._by_length: dict[int, list[str]] | None = None  # built on the first unknown word
        self._pools: dict[int, list[str]] = {}
        self._candidates: Memo[tuple[str, int], list[str]] = Memo(limit=100_000)
        self._ranked: Memo[tuple[object, ...], list[Candidate]] = Memo(limit=100_000)

    def known(self, word: str, dialect: Dialect | None = None) -> bool:
        return self.lexicon.known(word, dialect or self.dialect)

    def candidates(self, word: str, max_edits: int = 2) -> list[str]:
        """Vocabulary words within `max_edits` edits (rapidfuzz scans words of about the same length)."""
        key = (word, max_edits)
        return self._candidates.get(key, lambda: self._find_candidates(word, max_edits))

    def _find_candidates(self, word: str, max_edits: int) -> list[str]:
        pool = self._pool(len(word), max_edits)
        found = process.extract(word, pool, scorer=OSA.distance, score_cutoff=max_edits, limit=None)
        return [candidate for candidate, _, _ in found]

    def _pool(self, length: int, max_edits: int) -> list[str]:
        if self._by_length is None:
            self._by_length = {}
            for word in sorted(self.lexicon.vocabulary(self.dialect)):
                self._by_length.setdefault(len(word), []).append(word)
        key = length * 10 + max_edits
        if key not in self._pools:
            self._pools[key] = [
                w for n in range(length - max_edits, length + max_edits + 1) for w in self._by_length.get(n, ())
            ]
        return self._pools[key]

    def rank(
        self,
        word: str,
        previous: str = "",
        following: str = "",
        in_article: Callable[[str], bool] = lambda candidate: False,
        edit_weight: float = 2.5,
        article_bonus: float = 1.0,
        max_cost: float = 2.0,
        max_edits: int = 2,
    ) -> list[Candidate]:
        """Candidates for `word`, best first, with each one's share of the probability."""
        preferred = tuple(c for c in self.candidates(word, max_edits) if in_article(c))
        settings = (edit_weight, article_bonus, max_cost, max_edits)
        key = (word, previous.lower(), following.lower(), preferred, settings)
        return self._ranked.get(key, lambda: self._rank(word, previous, following, set(preferred), *settings))

    def _rank(
        self, word, previous, following, preferred, edit_weight, article_bonus, max_cost, max_edits
    ) -> list[Candidate]:
        scored = []
        for candidate in self.candidates(word, max_edits):
            cost = typing_cost(word, candidate)
            if cost > max_cost:
                continue
            score = self.context(candidate, previous, following) - edit_weight * cost
            if candidate in preferred:
                score += article_bonus
            scored.append((score, candidate, cost))
        if not scored:
            return []
        scored.sort(key=lambda item: (-item[0], item[1]))
        best = scored[0][0]
        total = sum(10 ** (score - best) for score, _, _ in scored)
        return [Candidate(c, score, cost, 10 ** (score - best) / total) for score, c, cost in scored]

    def context(self, candidate: str, previous: str, following: str) -> float:
        """log10 P(candidate | previous) + log10 P(following | candidate) / P(following)."""
        lexicon = self.lexicon
        total = lexicon.unigram_total
        p_candidate = lexicon.unigram(candidate) / total or 10 ** (lexicon.zipf(candidate) - 9) or 1e-12
        score = math.log10(p_candidate)
        previous, following = previous.lower(), following.lower()
        if previous and lexicon.unigram(previous):
            bigram = lexicon.bigram(previous, candidate) / lexicon.unigram(previous)
            score = math.log10(_INTERPOLATION * bigram + (1 - _INTERPOLATION) * p_candidate)
        if following and lexicon.unigram(following) and lexicon.unigram(candidate):
            p_following = lexicon.unigram(following) / total
            bigram = lexicon.bigram(candidate, following) / lexicon.unigram(candidate)
            score += math.log10(_INTERPOLATION * bigram + (1 - _INTERPOLATION) * p_following) - math.log10(p_following)
        return score


@lru_cache(maxsize=4)
def embedded_engine(dialect: Dialect = "any") -> EmbeddedEngine:
    return EmbeddedEngine(dialect)
