"""A bounded memo for pure per-text work that stages repeat (the pipeline's later rounds).

Callers put the document's path in the key: the memo is there for the rounds
over one article, and must not make a batch of identical files look faster.
"""
from __future__ import annotations

from typing import Callable, Hashable, TypeVar

T = TypeVar("T")


class Memo:
    """Remembers up to `limit` results, then starts afresh; results must be pure functions of the key."""

    __slots__ = ("_values", "_limit")

    def __init__(self, limit: int = 50_000) -> None:
        self._values: dict[Hashable, object] = {}
        self._limit = limit

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        try:
            return self._values[key]  # type: ignore[return-value]
        except KeyError:
            if len(self._values) >= self._limit:
                self._values.clear()
            value = self._values[key] = compute()
            return value
