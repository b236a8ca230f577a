"""Which of many CSS selectors each element of a page matches, fast enough for every element.

soupsieve (Beautiful Soup's own selector engine) decides every match. Asking it
about ~150 selectors for each of a page's thousands of elements would take
longer than parsing the page, so selectors are indexed by what their last
compound needs (an id, a class, a tag, an attribute and a piece of its value),
and only the few that could match are asked. Answers for selectors that look at
the element alone are remembered by tag and attributes: pages of one site repeat
the same class strings thousands of times.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

import soupsieve
from bs4 import Tag

from ..core import Memo

Label = TypeVar("Label")

_PART = re.compile(
    r"""(?P<tag>^[A-Za-z][\w-]*|^\*)|\#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)
    |\[\s*(?P<attr>[\w:-]+)\s*(?:[~|^$*]?=\s*(?P<value>"[^"]*"|'[^']*'|[^\]\s]+)\s*(?:[iIsS]\s*)?)?\]
    |(?P<pseudo>:)""",
    re.VERBOSE,
)
_MEMO_LIMIT = 200_000


@dataclass(frozen=True)
class _Entry(Generic[Label]):
    compiled: soupsieve.SoupSieve
    label: Label
    screen: str | None  # a lower-case piece the attribute's value must contain


class SelectorIndex(Generic[Label]):
    """Selectors with a label each; `labels(element)` gives the labels of those that match it."""

    def __init__(self, selectors: list[tuple[str, Label]]) -> None:
        self._simple = _Buckets()
        self._contextual = _Buckets()
        self._attributes = {"class", "id"}
        self._memo: Memo[tuple[object, ...], tuple[Label, ...]] = Memo(limit=_MEMO_LIMIT)
        for source, label in selectors:
            for one in split_selector_list(source):
                compiled = soupsieve.compile(one)  # raises SelectorSyntaxError with the position
                last, contextual = _last_compound(one)
                key, screen, attributes = _index_key(last)
                entry = _Entry(compiled, label, screen)
                (self._contextual if contextual else self._simple).add(key, entry)
                if not contextual:
                    self._attributes |= attributes

    def labels(self, element: Tag) -> tuple[Label, ...]:
        attrs = element.attrs
        key = (element.name, *[(name, _value(attrs[name])) for name in self._attributes if name in attrs])
        simple = self._memo.get(key, lambda: self._simple.matching(element))
        if self._contextual.empty:
            return simple
        return simple + self._contextual.matching(element)


class _Buckets:
    def __init__(self) -> None:
        self.by_tag: dict[str, list[_Entry]] = defaultdict(list)
        self.by_id: dict[str, list[_Entry]] = defaultdict(list)
        self.by_class: dict[str, list[_Entry]] = defaultdict(list)
        self.by_attribute: dict[str, list[_Entry]] = defaultdict(list)
        self.screens: dict[str, re.Pattern[str] | None] = {}
        self.anything: list[_Entry] = []
        self.empty = True

    def add(self, key: tuple[str, str] | None, entry: _Entry) -> None:
        self.empty = False
        if key is None:
            self.anything.append(entry)
            return
        kind, name = key
        getattr(self, f"by_{kind}")[name].append(entry)
        if kind == "attribute":
            pieces = [e.screen for e in self.by_attribute[name]]
            # One search over the lower-cased value screens all of an attribute's selectors.
            self.screens[name] = (
                None if None in pieces else re.compile("|".join(map(re.escape, cast(list[str], pieces))))
            )

    def matching(self, element: Tag) -> tuple:
        attrs = element.attrs
        candidates = list(self.by_tag.get(element.name, ()))
        if attrs:
            if "id" in attrs:
                candidates += self.by_id.get(_value(attrs["id"]).lower(), ())
            for token in attrs.get("class") or ():
                candidates += self.by_class.get(token.lower(), ())
            for name, entries in self.by_attribute.items():
                if name in attrs:
                    value = _value(attrs[name]).lower()
                    screen = self.screens[name]
                    if screen is None or screen.search(value):
                        candidates += [e for e in entries if e.screen is None or e.screen in value]
        candidates += self.anything
        return tuple(entry.label for entry in candidates if entry.compiled.match(element))


def split_selector_list(source: str) -> list[str]:
    """`a, b:is(c, d)` -> ["a", "b:is(c, d)"]: commas inside brackets, parentheses or quotes do not split."""
    parts, start = [], 0
    for index, char in _top_level(source):
        if char == ",":
            parts.append(source[start:index])
            start = index + 1
    parts.append(source[start:])
    return [part.strip() for part in parts if part.strip()]


def _last_compound(selector: str) -> tuple[str, bool]:
    """The rightmost compound selector, and whether the selector looks beyond the element itself."""
    start = 0
    combinator = False
    for index, char in _top_level(selector):
        if char.isspace() or char in ">+~":
            combinator = True
            start = index + 1
    last = selector[start:].strip()
    return last, combinator or ":" in _outside_brackets(selector)


def _top_level(selector: str) -> Iterator[tuple[int, str]]:
    """(index, character) of the characters outside brackets, parentheses and quotes."""
    depth, quote = 0, ""
    for index, char in enumerate(selector):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            yield index, char


def _outside_brackets(selector: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", selector)


def _index_key(compound: str) -> tuple[tuple[str, str] | None, str | None, set[str]]:
    """The most selective thing a compound needs, the value screen, and the attributes it reads."""
    tag = element_id = cls = None
    attribute: tuple[str, str | None] | None = None
    attributes: set[str] = set()
    for match in _PART.finditer(compound):
        if match.group("tag") and match.group("tag") != "*":
            tag = match.group("tag").lower()
        elif match.group("id"):
            element_id = match.group("id").lower()
        elif match.group("cls"):
            cls = cls or match.group("cls").lower()
        elif match.group("attr"):
            name = match.group("attr").lower()
            attributes.add(name)
            value = match.group("value")
            piece = value.strip("\"'").lower() if value else None
            if attribute is None or (attribute[1] is None and piece):
                attribute = (name, piece or None)
    if element_id:
        return ("id", element_id), None, attributes
    if cls:
        return ("class", cls), None, attributes
    if attribute and attribute[1]:
        return ("attribute", attribute[0]), attribute[1], attributes
    if tag:
        return ("tag", tag), None, attributes
    if attribute:
        return ("attribute", attribute[0]), None, attributes
    return None, None, attributes


def _value(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)
