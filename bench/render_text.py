"""Turn a saved page into the two text forms people paste: the whole page, and the article's region.

Used by bench/train_lines.py to give the line model more texts than the 61 of
extraction/region and extraction/text. The text is what a browser shows: no
script, style, template or hidden elements, no alt text; a line after each
block element, `<br>` a line break, list items and table cells one line each,
and a blank line between blocks. The region is the smallest element whose text
holds at least 90% of the gold text's word 4-grams (or of the page's must-keep
snippets), taken one step further up when its parent holds less than 1.4 times
its words: roughly what a person selecting the article would copy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import lxml.html
from lxml import etree

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "svg"})
_BLOCKS = frozenset(
    "p div section article header footer nav aside main ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table "
    "thead tbody tfoot tr figure figcaption form fieldset address hr details summary body center".split()
)
_LINES = frozenset({"li", "td", "th", "option"})  # one line each, in the same block as their siblings
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def parse(page: bytes) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return None


def _visible(element: etree._Element) -> bool:
    if not isinstance(element.tag, str) or element.tag.lower() in _SKIPPED:
        return False
    return element.get("hidden") is None and not _HIDDEN_STYLE.search(element.get("style") or "")


def render(element: etree._Element) -> str:
    """The element's visible text: lines, with blank lines between blocks."""
    blocks: list[list[str]] = [[]]
    line: list[str] = []

    def end_line() -> None:
        text = " ".join("".join(line).split())
        line.clear()
        if text:
            blocks[-1].append(text)

    def end_block() -> None:
        end_line()
        if blocks[-1]:
            blocks.append([])

    def walk(node: etree._Element) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag == "br":
            end_line()
        elif tag in _BLOCKS:
            end_block()
        elif tag in _LINES:
            end_line()
        if node.text:
            line.append(node.text)
        for child in node:
            if _visible(child):
                walk(child)
            if child.tail:
                line.append(child.tail)
        if tag in _BLOCKS:
            end_block()
        elif tag in _LINES:
            end_line()

    walk(element)
    end_block()
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _elements(root: etree._Element) -> Iterator[etree._Element]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in node if _visible(child))


def _shingles(text: str) -> Counter:
    words = _WORD.findall(text.lower())
    return Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))


def region(root: etree._Element, gold: str = "", snippets: tuple[str, ...] = ()) -> etree._Element | None:
    """The article's region: the smallest element covering the gold text (or the must-keep snippets)."""
    body = root.find("body")
    body = body if body is not None else root
    lengths: dict[etree._Element, int] = {}
    for node in reversed(list(_elements(body))):
        own = len(node.text or "") + sum(len(child.tail or "") for child in node)
        lengths[node] = own + sum(lengths.get(child, 0) for child in node)
    if gold:
        wanted = _shingles(gold)
        needed = sum(wanted.values())
        if not needed:
            return None

        def coverage(text: str) -> float:
            return sum((_shingles(text) & wanted).values()) / needed

        size = len(gold)
    else:
        flat = [" ".join(snippet.split()) for snippet in snippets]
        if not flat:
            return None

        def coverage(text: str) -> float:
            text = " ".join(text.split())
            return sum(snippet in text for snippet in flat) / len(flat)

        size = sum(map(len, flat))
    best = None
    for node, length in sorted(lengths.items(), key=lambda item: item[1]):
        if length < 0.8 * size:
            continue
        if coverage(render(node)) >= 0.9:
            best = node
            break
    if best is None:
        return None
    parent = best.getparent()
    words = len(_WORD.findall(render(best)))
    while parent is not None and parent in lengths:
        above = len(_WORD.findall(render(parent)))
        if above > words:
            return parent if above < 1.4 * words else best
        parent = parent.getparent()
    return best
