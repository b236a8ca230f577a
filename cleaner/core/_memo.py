"""Memos: pure work that is asked for again (the pipeline's later rounds, repeated
words, repeated class names) is done once.

Per-article work goes in an `ArticleMemo`: it is there for the rounds over one
article, keeps only that article's results, and must not make a batch of identical
files look faster. Word-level memos (is this a word, its candidates) hold across files.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Remembers up to `limit` results, then starts afresh; results must be pure functions of the key."""

    __slots__ = ("_values", "_limit")

    def __init__(self, limit: int = 50_000) -> None:
        self._values: dict[K, V] = {}
        self._limit = limit

    def get(self, key: K, compute: Callable[[], V]) -> V:
        try:
            return self._values[key]
        except KeyError:
            if len(self._values) >= self._limit:  # a long run meets endless new keys: stay bounded
                self._values.clear()
            value = self._values[key] = compute()
            return value


class ArticleMemo:
    """Results for one article at a time: the pipeline's rounds over it ask again, and the next article
    starts afresh, so a worker's memory stays flat however many files a batch has."""

    __slots__ = ("_article", "_values")

    def __init__(self) -> None:
        self._article: str | None = None
        self._values: dict[Hashable, Any] = {}

    def get(self, article: str, key: Hashable, compute: Callable[[], V]) -> V:
        if article != self._article:
            self._article, self._values = article, {}
        try:
            value: V = self._values[key]
        except KeyError:
            value = self._values[key] = compute()
        return value


AnyMemo = Memo[Hashable, Any]  # for a stage's memo of many kinds of result
