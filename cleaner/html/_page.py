"""One walk over a parsed page: a light tree of block elements and the page's text as blocks.

Each block remembers the element it sits in, the elements above it that a drop
rule matched, and how much of its text is link text, which is all the content
finder needs. The walk is iterative (an explicit stack), so a page nested
20,000 levels deep is read, not a crash; it never changes the tree.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from lxml import etree

from ..core import Block, BlockKind, Mark, MarkKind

Element = Any  # an lxml element (lxml ships no type stubs)

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "figure",
        "figcaption",
        "address",
        "hr",
        "center",
        "details",
        "summary",
        "fieldset",
        "form",
        "body",
        "html",
        "caption",
        "hgroup",
        "menu",
        "dialog",
    }
)
CELL_TAGS = frozenset({"td", "th"})  # one table row is one block: a row of a data table, else its cells joined
_CELL_BREAK = "\n"  # a table_row block has one line per cell
MARKS: dict[str, MarkKind] = {
    "a": "link",
    "em": "emphasis",
    "i": "emphasis",
    "strong": "strong",
    "b": "strong",
    "code": "code",
}
_GAP_TAGS = frozenset({"img", "button", "label", "input"})  # skipped, but they separate the words around them
# Text inside these is code, style or not shown (ruby annotations, templates), never page text, even when
# the tag itself is walked; Beautiful Soup reads HTML the same way.
_HIDDEN_TEXT_TAGS = frozenset({"script", "style", "template", "rt", "rp"})
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")


def parse(html: str) -> Element | None:
    """The page's root element (None for a page with no markup at all); libxml2 is fast and forgiving.

    The page is fed to libxml2's push parser in one piece, as Beautiful Soup does with lxml. libxml2
    stops building a tree 256 elements deep and drops the rest of the page; such a page is parsed again
    with its elements below `_SHALLOW_DEPTH` laid side by side instead, so their text is kept."""
    text = html[1:] if html.startswith("\ufeff") else html
    root = _feed(etree.HTMLParser(recover=True), text)
    if root is not None and _TOO_DEEP(root):
        root = _feed(etree.HTMLParser(recover=True, target=_ShallowTree()), text)
    if root is not None:
        _open_templates(root)
    return root


_TEMPLATE_TYPES = frozenset({"text/template", "text/x-template", "text/html"})


def _open_templates(root: Element) -> None:
    """Put the paragraphs of `<script type="text/template">` blocks into the tree: some blogs ship the whole
    post body in one, for their scripts to show."""
    for script in list(root.iter("script")):
        source = script.text or ""
        if script.get("type", "").strip().lower() not in _TEMPLATE_TYPES or "<p" not in source:
            continue
        if not source.lstrip().startswith("<"):  # JSON for a script to render, not markup
            continue
        parsed = _feed(etree.HTMLParser(recover=True), source)
        body = parsed.find("body") if parsed is not None else None
        parent = script.getparent()
        if body is None or parent is None:
            continue
        wrapper = etree.Element("div")
        wrapper.text = body.text
        wrapper.extend(list(body))
        wrapper.tail = script.tail
        parent.replace(script, wrapper)


def _feed(parser: Any, text: str) -> Element | None:
    try:
        parser.feed(text)
        return parser.close()
    except etree.XMLSyntaxError:  # nothing at all to build a tree from
        return None


_SHALLOW_DEPTH = 200
_TOO_DEEP = etree.XPath("boolean(/*" + "/*" * 254 + ")")  # libxml2 keeps 255 levels and drops what is deeper


class _ShallowTree:
    """A parser target that builds the tree, with elements deeper than `_SHALLOW_DEPTH` made siblings."""

    def __init__(self) -> None:
        self.builder = etree.TreeBuilder()
        self.depth = 0
        self.open_deep: str | None = None  # the tag of the deep element now open, if any

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > _SHALLOW_DEPTH and self.open_deep is not None:
            self.builder.end(self.open_deep)  # the deep element before it ends where this one starts
        if self.depth > _SHALLOW_DEPTH:
            self.open_deep = tag
        self.builder.start(tag, attributes)

    def end(self, tag: str) -> None:
        if self.depth <= _SHALLOW_DEPTH:
            self.builder.end(tag)
        elif self.open_deep is not None:
            self.builder.end(self.open_deep)
            self.open_deep = None
        self.depth -= 1

    def data(self, text: str) -> None:
        self.builder.data(text)

    def comment(self, text: str) -> None:
        self.builder.comment(text)

    def pi(self, target: str, data: str | None = None) -> None:
        self.builder.pi(target, data)

    def close(self) -> Element:
        return self.builder.close()


def body_and_head(root: Element | None) -> tuple[Element | None, Element | None]:
    if root is None:
        return None, None
    return next(root.iter("body"), None), next(root.iter("head"), None)


class ElementRule(Protocol):
    """A keep or drop rule as this layer needs it; the rules themselves belong to the stages."""

    @property
    def id(self) -> str: ...


@dataclass(eq=False, slots=True)
class Node:
    """A block element (or one a rule matched) with the sums the content finder needs."""

    tag: str
    parent: Node | None
    names: str  # class and id, where hint words are looked for
    keep: ElementRule | None = None  # the keep rule that matched this element
    drop: ElementRule | None = None  # the drop rule that matched this element
    good: float = 0.0
    raw: float = 0.0
    other: float = 0.0
    other_links: float = 0.0
    hint: int = 0

    def within(self, ancestor: Node) -> bool:
        node: Node | None = self
        while node is not None:
            if node is ancestor:
                return True
            node = node.parent
        return False


@dataclass(eq=False, slots=True)
class PageBlock:
    node: Node
    block: Block
    links: int  # characters of the text inside links
    drops: tuple[Node, ...]  # elements above it that a drop rule matched

    @property
    def text(self) -> str:
        return self.block.text

    @property
    def kind(self) -> BlockKind:
        return self.block.kind


@dataclass
class Page:
    nodes: list[Node]
    blocks: list[PageBlock]
    json_ld: list[str] = field(default_factory=list)  # structured data found in the body


@dataclass(slots=True)
class _Context:
    node: Node
    kind: BlockKind = "paragraph"
    level: int = 0
    ordered: bool = False
    keep: bool = False
    drops: tuple[Node, ...] = ()
    lists: tuple[bool, ...] = ()


@dataclass(slots=True)
class _Frame:
    children: Iterator[str | Element]  # the element's text, then each child element followed by its tail
    context: _Context
    owns_block: bool = False  # the element started a block: its text is flushed when it ends
    mark: bool = False
    cell: bool = False
    hidden: bool = False  # its own strings are not page text (see _HIDDEN_TEXT_TAGS)


def read_page(
    root: Element | None,
    classify: Callable[[Element], tuple[ElementRule | None, ElementRule | None]],
    skip_tags: frozenset[str],
    line_of: Callable[[str], int],
) -> Page:
    """Blocks and nodes of the page's body; `classify(element)` gives its (keep rule, drop rule)."""
    body, _ = body_and_head(root)
    top_node = Node("body", None, "")
    page = Page([top_node], [])
    text = _TextBuilder(page, line_of)
    # A page without <body> (a frameset, a fragment libxml2 kept in <head>) is read from <html> down.
    top = _contents(body) if body is not None else iter([root] if root is not None else [])
    frames = [_Frame(top, _Context(top_node))]
    while frames:
        frame = frames[-1]
        child = next(frame.children, None)
        if child is None:
            frames.pop()
            _leave(frame, frames, text)
            continue
        context = frame.context
        if isinstance(child, str):
            if not frame.hidden:
                text.add(child, context.kind == "code")
            continue
        name = child.tag
        if type(name) is not str:  # comments and processing instructions
            continue
        if name in skip_tags:
            if name in _GAP_TAGS:
                text.add(" ", False)
            elif name == "script" and "ld+json" in child.get("type", "").lower():
                page.json_ld.append("".join(child.itertext()))
            continue
        if name == "br":
            if context.kind == "table_row":
                text.add(" ", False)  # a line of a table row is a cell
            else:
                text.line_break(context)
            continue
        keep, drop = classify(child)
        if name in BLOCK_TAGS or drop is not None or (keep is not None and not context.keep):
            text.flush(context)
            node = Node(name, context.node, _names(child), keep, drop)
            page.nodes.append(node)
            inner = _Context(
                node,
                *(("table_row", 0, False) if name == "tr" and _plain_row(child) else _kind(name, context)),
                keep=context.keep or keep is not None,
                drops=context.drops + ((node,) if drop is not None else ()),
                lists=context.lists + ((name == "ol",) if name in ("ul", "ol") else ()),
            )
            frames.append(_Frame(_contents(child), inner, owns_block=True, hidden=_hides(name, frame)))
        else:
            mark = name in MARKS
            if mark:
                text.open_mark(MARKS[name], child.get("href", "") if name == "a" else "")
            cell = name in CELL_TAGS
            if cell:
                between = context.kind == "table_row" and child.getprevious() is not None
                text.add(_CELL_BREAK if between else " ", between)
            frames.append(_Frame(_contents(child), context, mark=mark, cell=cell, hidden=_hides(name, frame)))
    text.flush(_Context(top_node))
    return page


def _plain_row(row: Element) -> bool:
    """A row of a data table: cells of text and inline marks only (a layout table holds paragraphs)."""
    cells = [cell for cell in row if isinstance(cell.tag, str)]
    return bool(cells) and all(cell.tag in CELL_TAGS and not _holds_blocks(cell) for cell in cells)


def _holds_blocks(cell: Element) -> bool:
    return any(isinstance(inner.tag, str) and inner.tag in BLOCK_TAGS for inner in cell.iterdescendants())


def _contents(element: Element) -> Iterator[str | Element]:
    """An element's children in order, text included: lxml keeps text before a child in `text` and after it in
    the child's `tail`."""
    if element.text:
        yield element.text
    for child in element:
        yield child
        if child.tail:
            yield child.tail


def _hides(name: str, parent: _Frame) -> bool:
    return parent.hidden or name in _HIDDEN_TEXT_TAGS


def _leave(frame: _Frame, frames: list[_Frame], text: _TextBuilder) -> None:
    if frame.mark:
        text.close_mark()
    if frame.cell:
        text.add(" ", False)
    if frame.owns_block:
        text.flush(frame.context)


def _kind(name: str, outer: _Context) -> tuple[BlockKind, int, bool]:
    """(kind, level, ordered) of the text directly inside a new block element."""
    if name[0] == "h" and len(name) == 2 and name[1].isdigit():
        return "heading", int(name[1]), False
    if name in ("li", "dd", "dt") and outer.kind != "quote":
        return "list_item", max(len(outer.lists), 1), bool(outer.lists and outer.lists[-1])
    if name == "blockquote":
        return "quote", 0, False
    if name == "pre":
        return "code", 0, False
    if outer.kind in ("quote", "list_item", "code"):
        return outer.kind, outer.level, outer.ordered
    return "paragraph", 0, False


def _names(element: Element) -> str:
    """Class and id words of an element, where hints such as "related" or "story" are looked for."""
    classes = element.get("class", "").split()
    identifier = element.get("id")
    if not classes and not identifier:
        return ""
    return " ".join([*classes, identifier] if identifier else classes)


class _TextBuilder:
    """Text of the block being read, with its marks; `flush` turns it into a PageBlock."""

    def __init__(self, page: Page, line_of: Callable[[str], int]) -> None:
        self.page = page
        self.line_of = line_of
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[tuple[int, int, MarkKind, str]] = []
        self.open: list[list[Any]] = []  # [kind, start, href] of marks not yet closed

    def add(self, piece: str, verbatim: bool) -> None:
        if "\u00ad" in piece:  # a soft hyphen only says where a browser may break the word
            piece = piece.replace("\u00ad", "")
        if not verbatim:
            piece = _SPACES.sub(" ", piece)
            if not self.parts or self.parts[-1].endswith((" ", "\n")):
                piece = piece.lstrip(" ")  # HTML shows one space between words, never two
        if piece:
            self.parts.append(piece)
            self.length += len(piece)

    def line_break(self, context: _Context) -> None:
        """A <br> ends the line; a second one with nothing but spaces between them ends the paragraph."""
        if context.kind != "code" and self.parts and self.parts[-1] == "\n":
            self.parts.pop()
            self.length -= 1
            self.flush(context)
            return
        self.parts.append("\n")
        self.length += 1

    def open_mark(self, kind: MarkKind, href: str) -> None:
        self.open.append([kind, self.length, href])

    def close_mark(self) -> None:
        kind, start, href = self.open.pop()
        # <b><b>...</b></b> is still just bold: a mark inside its own kind adds nothing
        if self.length > start and not any(outer[0] == kind for outer in self.open):
            self.marks.append((start, self.length, kind, href))

    def flush(self, context: _Context) -> None:
        if not self.parts:
            return
        raw = "".join(self.parts)
        # A mark still open (a link around a whole <div>) goes on in the next block.
        raw_marks = self.marks + [(start, self.length, kind, href) for kind, start, href in self.open]
        self.parts, self.length, self.marks = [], 0, []
        for mark in self.open:
            mark[1] = 0
        text, marks = _tidy(raw, raw_marks, context.kind == "code")
        if not text:
            return
        line = self.line_of(text)
        block = Block.from_lines(
            context.kind,
            [(piece, line + i, 1) for i, piece in enumerate(text.split("\n"))],
            level=context.level,
            ordered=context.ordered,
            marks=marks,
        )
        links = sum(mark.end - mark.start for mark in marks if mark.kind == "link")
        self.page.blocks.append(PageBlock(context.node, block, min(links, len(text)), context.drops))


def _tidy(raw: str, marks: list[tuple[int, int, MarkKind, str]], verbatim: bool) -> tuple[str, tuple[Mark, ...]]:
    """Lines stripped and empty lines dropped (code keeps its inner spacing); marks follow their text."""
    pieces: list[str] = []
    lines: list[tuple[int, int, int, int]] = []  # (old start, lead, kept length, new start) of each input line
    length = 0
    start = 0
    for line in raw.split("\n"):
        kept = line.rstrip() if verbatim else line.strip()
        lead = 0 if verbatim or not kept else len(line) - len(line.lstrip())
        if kept and pieces:
            length += 1  # the newline before this line
        lines.append((start, lead, len(kept), length))
        if kept:
            pieces.append(kept)
            length += len(kept)
        start += len(line) + 1
    text = "\n".join(pieces)
    if not marks:
        return text, ()
    starts = [line[0] for line in lines]

    def moved(offset: int) -> int:
        line_start, lead, kept, new_start = lines[bisect.bisect_right(starts, offset) - 1]
        return new_start + min(max(offset - line_start - lead, 0), kept)

    result = [Mark(moved(a), moved(b), kind, href) for a, b, kind, href in marks]
    return text, tuple(sorted((m for m in result if m.end > m.start), key=lambda mark: (mark.start, -mark.end)))


class LineFinder:
    """The input line where a block's text appears, searching forward from the last block."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.position = 0
        self.line = 1

    def line_of(self, text: str) -> int:
        found = self.html.find(text[:24], self.position)
        if found >= 0:
            self.line += self.html.count("\n", self.position, found)
            self.position = found
        return self.line
