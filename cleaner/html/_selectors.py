"""Which of many CSS selectors each element of a page matches, fast enough for every element.

Selectors run as XPath in lxml (translated once by the rule book). Asking ~150
selectors about each of a page's thousands of elements would still take longer
than parsing the page, so selectors that test one element alone are indexed by
what they need (an id, a class, a tag, an attribute and a piece of its value),
only the few that could match are asked, and their answers are remembered by tag
and attributes: pages of one site repeat the same class strings thousands of
times. Selectors that look at other elements (`div.story p`) run once over the
whole page; those with pseudo-classes run in soupsieve over a Beautiful Soup tree
of the same page, built only when such a rule exists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from lxml import etree

from ..core import Memo
from ..rulebook import WORD_LIST_ATTRIBUTES, has_combinator, needs_soupsieve, to_xpath

Label = TypeVar("Label")
Element = Any  # an lxml element (lxml's stubs are not installed)

_PART = re.compile(
    r"""(?P<tag>^[A-Za-z][\w-]*|^\*)|\#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)
    |\[\s*(?P<attr>[\w:-]+)\s*(?:[~|^$*]?=\s*(?P<value>"[^"]*"|'[^']*'|[^\]\s]+)\s*(?:[iIsS]\s*)?)?\]
    |(?P<pseudo>:)""",
    re.VERBOSE,
)
_MEMO_LIMIT = 200_000


@dataclass(frozen=True)
class _Entry(Generic[Label]):
    test: Callable[[Element], list]  # an XPath `self::...`: a non-empty list when the element matches
    label: Label
    screen: str | None  # a lower-case piece the attribute's value must contain


class SelectorIndex(Generic[Label]):
    """Selectors with a label each; `for_page(root, html).labels(element)` gives the labels of those that match."""

    def __init__(self, selectors: list[tuple[str, Label]]) -> None:
        self._simple = _Buckets()
        self._attributes = {"class", "id"}
        self._memo: Memo[tuple[object, ...], tuple[Label, ...]] = Memo(limit=_MEMO_LIMIT)
        self._whole_page: list[tuple[Callable[[Element], list], Label]] = []
        self._soupsieve: list[tuple[Any, Label]] = []
        for source, label in selectors:
            for one in split_selector_list(source):
                if needs_soupsieve(one):
                    import soupsieve  # only for the rare selector with pseudo-classes

                    self._soupsieve.append((soupsieve.compile(one), label))
                elif has_combinator(one):
                    self._whole_page.append((etree.XPath(to_xpath(one, False)), label))
                else:
                    key, screen, attributes = _index_key(one)
                    self._simple.add(key, _Entry(etree.XPath(to_xpath(one, True)), label, screen))
                    self._attributes |= attributes

    def for_page(self, root: Element | None, html: str) -> PageSelectors[Label]:
        """What this page's elements match: selectors that look beyond one element run here, once."""
        matches: dict[Element, list[Label]] = {}
        if root is not None:
            for test, label in self._whole_page:
                for element in test(root):
                    matches.setdefault(element, []).append(label)
            if self._soupsieve:
                for element, label in _soupsieve_matches(root, html, self._soupsieve):
                    matches.setdefault(element, []).append(label)
        return PageSelectors(self, {element: tuple(labels) for element, labels in matches.items()})

    def simple_labels(self, element: Element) -> tuple[Label, ...]:
        attrs = element.attrib
        key = (element.tag, *[(name, attrs[name]) for name in self._attributes if name in attrs])
        return self._memo.get(key, lambda: self._simple.matching(element))


class PageSelectors(Generic[Label]):
    def __init__(self, index: SelectorIndex[Label], matches: dict[Element, tuple[Label, ...]]) -> None:
        self._index = index
        self._matches = matches

    def labels(self, element: Element) -> tuple[Label, ...]:
        simple = self._index.simple_labels(element)
        if not self._matches:
            return simple
        return simple + self._matches.get(element, ())


def _soupsieve_matches(root: Element, html: str, compiled: list[tuple[Any, Label]]) -> Iterator[tuple[Element, Label]]:
    """soupsieve's matches on a Beautiful Soup tree of the same page, paired with lxml's elements.

    Both trees come from the same libxml2 parse, so their elements pair up in document order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html[1:] if html.startswith("\ufeff") else html, "lxml")
    tags = soup.find_all(True)
    elements = list(root.iter(etree.Element))
    if len(tags) != len(elements):  # never seen; matching nothing is safer than matching the wrong element
        return
    position = {id(tag): number for number, tag in enumerate(tags)}
    for selector, label in compiled:
        for tag in selector.select(soup):
            yield elements[position[id(tag)]], label


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

    def matching(self, element: Element) -> tuple:
        attrs = element.attrib
        candidates = list(self.by_tag.get(element.tag, ()))
        if attrs:
            if "id" in attrs:
                candidates += self.by_id.get(attrs["id"].lower(), ())
            for token in attrs.get("class", "").split():
                candidates += self.by_class.get(token.lower(), ())
            for name, entries in self.by_attribute.items():
                if name in attrs:
                    value = attrs[name].lower()
                    if name in WORD_LIST_ATTRIBUTES:  # selectors see the words joined by single spaces
                        value = " ".join(value.split())
                    screen = self.screens[name]
                    if screen is None or screen.search(value):
                        candidates += [e for e in entries if e.screen is None or e.screen in value]
        candidates += self.anything
        return tuple(entry.label for entry in candidates if entry.test(element))


def split_selector_list(source: str) -> list[str]:
    """`a, b:is(c, d)` -> ["a", "b:is(c, d)"]: commas inside brackets, parentheses or quotes do not split."""
    parts, start = [], 0
    for index, char in _top_level(source):
        if char == ",":
            parts.append(source[start:index])
            start = index + 1
    parts.append(source[start:])
    return [part.strip() for part in parts if part.strip()]


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
