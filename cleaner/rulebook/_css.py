"""CSS selectors of the rules, as lxml runs them: translated to XPath once by cssselect.

Most selectors a rule names (a tag, an id, a class, attribute tests and the
combinators between them) translate to XPath exactly, and lxml then runs them in
C. Two things need help on the way: the case flag of attribute tests
(`[class*=promo i]`, which cssselect's parser does not know) is carried to the
translator as a namespace prefix, and attributes whose values HTML compares
without case (`type`, `lang`, ...) are compared that way, as browsers do.
Selectors with pseudo-classes (`:has`, `:is`, `:not`, `:nth-child`, ...) go to
soupsieve, Beautiful Soup's engine, whose reading of them is the reference:
cssselect parses some of them differently (`div:has(> p.x)` tests the class on
the div).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # cssselect is imported when a selector is first translated
    from cssselect import HTMLTranslator
    from cssselect.parser import Attrib
    from cssselect.xpath import XPathExpr

# What HTML compares without regard to case; the attribute list is the HTML 4 one browsers keep.
HTML_CASELESS_ATTRIBUTES = frozenset(
    "accept accept-charset align alink axis bgcolor charset checked clear codetype color compact declare defer "
    "dir direction disabled enctype face frame hreflang http-equiv lang language link media method multiple "
    "nohref noresize noshade nowrap readonly rel rev rules scope scrolling selected shape target text type "
    "valign valuetype vlink".split()
)
# Attributes Beautiful Soup reads as word lists: selectors see their words joined by single spaces.
WORD_LIST_ATTRIBUTES = frozenset({"class", "rel", "rev", "accept-charset", "headers", "accesskey", "dropzone"})
_CASELESS = "cleaner-caseless"  # namespace prefixes that carry an attribute test's case flag
_CASED = "cleaner-cased"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FLAGGED_TEST = re.compile(
    r"""\[\s*(?P<name>[A-Za-z_][\w-]*)\s*(?P<op>[~|^$*!]?=)\s*
    (?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s\]"']+)\s+(?P<flag>[iIsS])\s*\]""",
    re.VERBOSE,
)
_BRACKETS_AND_QUOTES = re.compile(r"""\[(?:[^\]"']|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')*\]""")
_PLAIN = re.compile(r"[\w\s.#>+~*,-]*")  # outside brackets: names, classes, ids, combinators


class SelectorError(ValueError):
    """A selector that cannot be read; the message says where."""


def needs_soupsieve(selector: str) -> bool:
    """Pseudo-classes, namespaces or escapes outside attribute tests: soupsieve reads these."""
    return not _PLAIN.fullmatch(_BRACKETS_AND_QUOTES.sub("", selector))


def has_combinator(selector: str) -> bool:
    """Whether the selector looks at other elements than the one it names (`div p`, `ul > li`)."""
    outside = _BRACKETS_AND_QUOTES.sub("[]", selector.strip())
    return bool(re.search(r"[\s>+~]", outside))


@lru_cache(maxsize=4096)
def to_xpath(selector: str, element_only: bool) -> str:
    """XPath for a selector without pseudo-classes: `self::` when it tests one element, else every match."""
    from cssselect import ExpressionError, SelectorSyntaxError

    try:
        return _translator().css_to_xpath(
            _FLAGGED_TEST.sub(_carry_flag, selector), prefix="self::" if element_only else "descendant-or-self::"
        )
    except (SelectorSyntaxError, ExpressionError) as error:
        raise SelectorError(str(error).replace(_CASELESS + "|", "").replace(_CASED + "|", "")) from None


def selector_problem(selector: str) -> str | None:
    """Why a selector cannot be used, or None."""
    if needs_soupsieve(selector):
        import soupsieve  # a third of a second to import: only for selectors that need it

        try:
            soupsieve.compile(selector)
        except soupsieve.SelectorSyntaxError as error:
            return str(error).splitlines()[0]
        return None
    try:
        to_xpath(selector, False)
    except SelectorError as error:
        return str(error)
    return None


def _carry_flag(match: re.Match[str]) -> str:
    prefix = _CASELESS if match["flag"] in "iI" else _CASED
    return f"[{prefix}|{match['name']}{match['op']}{match['value']}]"


@lru_cache(maxsize=1)
def _translator() -> HTMLTranslator:
    from cssselect import HTMLTranslator
    from cssselect.xpath import is_safe_name

    class Translator(HTMLTranslator):
        def xpath_attrib(self, selector: Attrib) -> XPathExpr:
            name = selector.attrib.lower()
            operator = self.attribute_operator_mapping[selector.operator]
            if selector.namespace not in (None, _CASELESS, _CASED):
                return super().xpath_attrib(selector)  # an XML namespace: matches nothing in HTML
            caseless = selector.namespace == _CASELESS or (
                selector.namespace is None and name in HTML_CASELESS_ATTRIBUTES
            )
            attribute = f"@{name}" if is_safe_name(name) else f"attribute::*[name() = {self.xpath_literal(name)}]"
            if operator != "exists":
                if name in WORD_LIST_ATTRIBUTES:
                    attribute = f"normalize-space({attribute})"
                if caseless:
                    attribute = f"translate({attribute}, '{_UPPER}', '{_UPPER.lower()}')"
            value = selector.value.value if selector.value is not None else None
            if caseless and value is not None:
                value = value.translate(str.maketrans(_UPPER, _UPPER.lower()))
            method: Callable[[XPathExpr, str, str | None], XPathExpr] = getattr(self, f"xpath_attrib_{operator}")
            return method(self.xpath(selector.selector), attribute, value)

    return Translator()
