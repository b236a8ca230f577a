"""Regular expressions from rule files, compiled once and run with a time budget.

Rule authors write ordinary Python-style regexes. They are compiled with the
`regex` package because it can stop a match that backtracks catastrophically
(`^(a+)+$` against forty a's and a `!`) instead of hanging the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, cast

import regex

from ..core import RuleTimeout

MATCH_SECONDS = 1.0


class Pattern:
    """A compiled rule regex; every call is bounded by MATCH_SECONDS."""

    __slots__ = ("source", "ignore_case", "owner", "_compiled")

    def __init__(self, source: str, ignore_case: bool = False, owner: str = "") -> None:
        self.source = source
        self.ignore_case = ignore_case
        self.owner = owner  # rule id, named in a timeout message
        flags = regex.VERSION0 | regex.MULTILINE | (regex.IGNORECASE if ignore_case else 0)
        self._compiled = regex.compile(source, flags)

    def __reduce__(self) -> tuple[type[Pattern], tuple[str, bool, str]]:
        return (Pattern, (self.source, self.ignore_case, self.owner))

    def __repr__(self) -> str:
        return f"Pattern({self.source!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pattern) and (self.source, self.ignore_case) == (other.source, other.ignore_case)

    def __hash__(self) -> int:
        return hash((self.source, self.ignore_case))

    @property
    def group_names(self) -> set[str]:
        return set(self._compiled.groupindex)

    def owned_by(self, rule_id: str) -> Pattern:
        return Pattern(self.source, self.ignore_case, rule_id)

    def fullmatch(self, text: str) -> regex.Match[str] | None:
        return self._call(self._compiled.fullmatch, text)

    def search(self, text: str, pos: int = 0) -> regex.Match[str] | None:
        return self._call(self._compiled.search, text, pos)

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        try:
            return iter(list(self._compiled.finditer(text, timeout=MATCH_SECONDS)))
        except TimeoutError:
            raise RuleTimeout(self.owner or self.source, MATCH_SECONDS) from None

    def sub(self, template: str, text: str) -> str:
        return cast(str, self._call(self._compiled.sub, template, text))

    def _call(self, method: Callable[..., Any], *args: Any) -> Any:
        try:
            return method(*args, timeout=MATCH_SECONDS)
        except TimeoutError:
            raise RuleTimeout(self.owner or self.source, MATCH_SECONDS) from None


def compile_pattern(source: str, ignore_case: bool = False) -> Pattern:
    """Compile `source`, raising ValueError with the regex engine's reason when it is invalid."""
    try:
        return Pattern(source, ignore_case)
    except regex.error as error:
        raise ValueError(f"invalid regex {source!r}: {error}") from None
