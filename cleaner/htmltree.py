"""Reading a parsed HTML page: its metadata, its main content, and that content as blocks.

Used by the parse_html stage. Every walk over the tree is iterative (an
explicit stack), so a page nested 20,000 levels deep is read, not a crash.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterator

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from dateutil import parser as date_parser

from .document import Block, Mark

BLOCK_KINDS = {
    "p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "blockquote": "quote", "li": "list_item", "pre": "code", "dd": "paragraph", "dt": "paragraph",
    "figcaption": "paragraph", "td": "paragraph", "th": "paragraph", "caption": "paragraph",
}
# Elements whose text starts a new block even though they hold no block kind of their own.
BREAKING = {"div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "dl", "table", "tr",
            "tbody", "thead", "figure", "form", "address", "details", "summary", "center", "body", "html", "hr"}
MARKS = {"a": "link", "em": "emphasis", "i": "emphasis", "strong": "strong", "b": "strong", "code": "code"}
INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "iframe", "object",
             "embed", "canvas", "select", "option", "input", "textarea", "button"}
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "webpage"}


def parse(html: str) -> BeautifulSoup:
    """The page as a tree (lxml is fast and forgiving; bytes let it skip a decoding pass)."""
    return BeautifulSoup(html.encode("utf-8", "surrogatepass"), "lxml", from_encoding="utf-8")


def walk(root: Tag) -> Iterator[tuple[str, object]]:
    """("start", tag), ("text", string) and ("end", tag) events in document order, without recursion."""
    stack: list[tuple[Tag, Iterator]] = [(root, iter(root.contents))]
    yield "start", root
    while stack:
        tag, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield "end", tag
        elif isinstance(child, Tag):
            yield "start", child
            stack.append((child, iter(child.contents)))
        elif isinstance(child, NavigableString) and not isinstance(child, Comment):
            yield "text", str(child)


# ----------------------------------------------------------------- metadata


def page_metadata(soup: BeautifulSoup) -> dict[str, str]:
    """Title, author, date, section, URL and description from JSON-LD, <meta> and <title>, best first."""
    found: dict[str, str] = {}
    for key, value in _json_ld(soup).items():
        found.setdefault(key, value)
    metas = {}
    for meta in soup.find_all("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name and content:
            metas.setdefault(name, content)
    for key, names in (
        ("title", ("og:title", "twitter:title", "headline")),
        ("author", ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")),
        ("date", ("article:published_time", "datepublished", "date", "pubdate", "dc.date", "parsely-pub-date",
                  "sailthru.date", "og:updated_time", "article:modified_time")),
        ("section", ("article:section", "section", "parsely-section")),
        ("url", ("og:url",)),
        ("description", ("og:description", "description", "twitter:description")),
    ):
        for name in names:
            value = metas.get(name)
            if value and (key == "url" or not value.startswith("http")):  # an author "profile URL" is no name
                found.setdefault(key, value)
                break
    canonical = soup.find("link", rel="canonical")
    if canonical is not None and canonical.get("href"):
        found.setdefault("url", canonical["href"])
    if soup.title is not None and soup.title.string:
        found.setdefault("title", soup.title.string)
    if "author" in found:
        found["author"] = re.sub(r"^\s*by\s+", "", found["author"], flags=re.IGNORECASE)
    if "date" in found:
        iso = iso_date(found["date"])
        if iso:
            found["date"] = iso
        else:
            del found["date"]
    return {key: _SPACES.sub(" ", value).strip() for key, value in found.items() if value and value.strip()}


def iso_date(value: str) -> str | None:
    try:
        moment = date_parser.parse(value)
    except (ValueError, OverflowError):
        return None
    if moment.hour == moment.minute == moment.second == 0 and moment.tzinfo is None and len(value.strip()) <= 10:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def _json_ld(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.IGNORECASE)):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        for item in _items(data):
            kind = item.get("@type")
            kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
            if not kinds & _ARTICLE_TYPES:
                continue
            for key, field in (("title", "headline"), ("date", "datePublished"), ("section", "articleSection"),
                               ("url", "url"), ("description", "description")):
                value = item.get(field)
                if isinstance(value, list):
                    value = value[0] if value else None
                if isinstance(value, str) and value.strip():
                    found.setdefault(key, value)
            author = _person_name(item.get("author"))
            if author:
                found.setdefault("author", author)
    return found


def _items(data) -> Iterator[dict]:
    stack = [data]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif isinstance(current, dict):
            yield current
            if "@graph" in current:
                stack.append(current["@graph"])


def _person_name(author) -> str | None:
    if isinstance(author, str):
        return author
    if isinstance(author, dict):
        return author.get("name") if isinstance(author.get("name"), str) else None
    if isinstance(author, list):
        names = [name for name in (_person_name(a) for a in author) if name]
        return " and ".join(names) if names else None
    return None


# ----------------------------------------------------------------- blocks


@dataclass
class _Pending:
    kind: str
    level: int
    ordered: bool
    parts: list
    marks: list
    length: int = 0


def blocks_from(root: Tag, line_of) -> list[Block]:
    """The content under `root` as blocks: headings, paragraphs, quotes, list items, code.

    `line_of(text)` gives the input line where a block's text starts (best effort).
    """
    blocks: list[Block] = []
    pending = _Pending("paragraph", 0, False, [], [])
    open_marks: list[tuple[str, int, str] | None] = []
    context: list[tuple[str, int, bool]] = []  # (kind, level, ordered) of enclosing block elements
    lists: list[bool] = []
    quote_depth = 0

    def flush() -> None:
        nonlocal pending
        text = "".join(pending.parts)
        stripped = text.strip()
        if stripped:
            lead = len(text) - len(text.lstrip())
            marks = tuple(
                Mark(max(0, start - lead), min(len(stripped), end - lead), kind, href)
                for start, end, kind, href in pending.marks
                if min(len(stripped), end - lead) > max(0, start - lead)
            )
            line = line_of(stripped)
            kind = "quote" if quote_depth and pending.kind == "paragraph" else pending.kind
            blocks.append(Block.from_lines(kind, [(piece, line + i, 1) for i, piece in enumerate(stripped.split("\n"))],
                                           level=pending.level, ordered=pending.ordered, marks=marks))
        kind, level, ordered = context[-1] if context else ("paragraph", 0, False)
        pending = _Pending(kind, level, ordered, [], [])

    def add(text: str) -> None:
        piece = text if pending.kind == "code" else _SPACES.sub(" ", text)
        at_line_start = not pending.parts or pending.parts[-1].endswith((" ", "\n"))
        if at_line_start and pending.kind != "code":
            piece = piece.lstrip(" ")  # HTML collapses the space between words, never doubles it
        if piece:
            pending.parts.append(piece)
            pending.length += len(piece)

    hidden = 0  # depth inside <script>, <title> and the like, whose text is not shown
    for event, node in walk(root):
        if event == "text":
            if not hidden:
                add(node)
            continue
        name = node.name
        if name in INVISIBLE:
            hidden += 1 if event == "start" else -1
            continue
        if event == "start":
            if name == "br":
                pending.parts.append("\n")
                pending.length += 1
            elif name in BLOCK_KINDS or name in BREAKING:
                flush()
                if name in ("ul", "ol"):
                    lists.append(name == "ol")
                if name == "blockquote":
                    quote_depth += 1
                kind = BLOCK_KINDS.get(name)
                if kind:
                    level = int(name[1]) if kind == "heading" else len(lists) if kind == "list_item" else 0
                    context.append((kind, level, bool(lists and lists[-1])))
                    pending = _Pending(kind, level, bool(lists and lists[-1]), [], [])
            elif name in MARKS:
                kind = MARKS[name]
                # <b><b>...</b></b> is still just bold: a mark inside its own kind adds nothing
                nested = any(mark and mark[0] == kind for mark in open_marks)
                open_marks.append(None if nested else (kind, pending.length, str(node.get("href", "")) if name == "a" else ""))
        else:  # end
            if name in MARKS and open_marks:
                mark = open_marks.pop()
                if mark is not None and pending.length > mark[1]:
                    pending.marks.append((mark[1], pending.length, mark[0], mark[2]))
            elif name in BLOCK_KINDS or name in BREAKING:
                flush()
                if name in BLOCK_KINDS and context:
                    context.pop()
                    kind, level, ordered = context[-1] if context else ("paragraph", 0, False)
                    pending = _Pending(kind, level, ordered, [], [])
                if name in ("ul", "ol") and lists:
                    lists.pop()
                if name == "blockquote":
                    quote_depth -= 1
    flush()
    return blocks


def text_of(tag: Tag) -> str:
    """Visible text of an element, iteratively, whitespace collapsed."""
    parts = []
    skip = 0
    for event, node in walk(tag):
        if event == "start" and node.name in INVISIBLE:
            skip += 1
        elif event == "end" and node.name in INVISIBLE:
            skip -= 1
        elif event == "text" and not skip:
            parts.append(node)
    return _SPACES.sub(" ", " ".join(parts)).strip()
